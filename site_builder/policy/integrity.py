"""Consistency of the catalog itself: references, dates, expiry and overrides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import terms
from ..model import Catalog, Entry, validity
from ..problems import Level, Problem
from .config import Policy
from .locate import at_entry
from .registry import rule


def _missing(entry: Entry, pointer: str, kind: str, ref: str, catalog: Catalog) -> Iterator[Problem]:
    if f"{kind}s/{ref}" not in catalog.broken:
        yield at_entry(
            entry,
            pointer,
            "reference",
            f'there is no {kind} "{ref}" in the catalog',
            f"create catalog/{kind}s/{ref}.yaml or correct the id",
        )


@rule(
    "reference",
    "Every id an entry refers to names an existing entry of the right kind.",
    example="vendor: acme-crop   # no catalog/vendors/acme-crop.yaml",
    fix="Correct the id, or add the missing entry.",
    family="catalog",
)
def check_references(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for entry in catalog.contracts.values():
        if entry.vendor_id not in catalog.vendors:
            yield from _missing(entry, "/vendor", "vendor", entry.vendor_id, catalog)
    for solution in catalog.solutions.values():
        if solution.vendor_id not in catalog.vendors:
            yield from _missing(solution, "/vendor", "vendor", solution.vendor_id, catalog)
        for index, item in enumerate(solution.data["offered_under"]):
            contract = catalog.contracts.get(item["contract"])
            pointer = f"/offered_under/{index}"
            if contract is None:
                yield from _missing(solution, pointer + "/contract", "contract", item["contract"], catalog)
                continue
            lots = {lot["id"] for lot in contract.data.get("lots", [])}
            for position, lot in enumerate(item.get("lots", [])):
                if lot not in lots:
                    yield at_entry(
                        solution,
                        f"{pointer}/lots/{position}",
                        "reference",
                        f'contract "{contract.id}" has no lot "{lot}"',
                        "use one of: " + (", ".join(sorted(lots)) or "(the contract has no lots)"),
                    )
    for scenario in catalog.scenarios.values():
        for position, ref in enumerate(scenario.data["ready_solutions"]):
            if ref not in catalog.solutions:
                yield from _missing(scenario, f"/ready_solutions/{position}", "solution", ref, catalog)
        for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
            if ref not in catalog.contracts:
                yield from _missing(scenario, f"/ready_contracts/{position}", "contract", ref, catalog)


@rule(
    "contract-dates",
    "Contract dates are in order: award, start, end, renewal decisions, maximum extent.",
    example='period: {start: "2027-01-01", end: "2026-12-31"}',
    fix="Correct the dates so each comes after the one before.",
    family="catalog",
)
def check_contract_dates(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        period = contract.data["period"]
        awarded = period.get("awarded")
        if awarded and date.fromisoformat(awarded) > contract.start:
            yield at_entry(
                contract,
                "/period/awarded",
                "contract-dates",
                f"the award date {awarded} is after the start date {period['start']}",
                "correct the award or start date",
            )
        if contract.end < contract.start:
            yield at_entry(
                contract,
                "/period/end",
                "contract-dates",
                f"the end date {period['end']} is before the start date {period['start']}",
                "correct the start or end date",
            )
        extent = period.get("max_extent")
        if extent and date.fromisoformat(extent) < contract.end:
            yield at_entry(
                contract,
                "/period/max_extent",
                "contract-dates",
                f"the maximum extent {extent} is before the end date {period['end']}",
                "the maximum extent is the end date with every renewal taken",
            )
        for position, option in enumerate(period.get("renewal_options", [])):
            decision = option.get("decision_by")
            if decision and extent and date.fromisoformat(decision) > date.fromisoformat(extent):
                yield at_entry(
                    contract,
                    f"/period/renewal_options/{position}/decision_by",
                    "contract-dates",
                    f"the renewal decision date {decision} is after the maximum extent {extent}",
                    "correct the decision date",
                )


@rule(
    "contract-expired",
    "A contract past its end date is shown as expired (a warning, so nightly builds keep working).",
    example='period: {start: "2021-01-01", end: "2026-09-30"}',
    fix="Record the renewal (a new `end`), or remove the contract and move its solutions.",
    level=Level.WARNING,
    family="catalog",
)
def check_contract_expiry(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        if contract.end < catalog.today:
            yield at_entry(
                contract,
                "/period/end",
                "contract-expired",
                f"the contract ended on {contract.end.isoformat()}; it is listed as expired",
                "record the renewal or retire the contract",
                level=Level.WARNING,
            )


@rule(
    "credential-expired",
    "Certifications and socio-economic certifications past their expiry are "
    "reported (a warning; they no longer count).",
    example='certifications:\n  - {type: iso27001, issued: "2022-01-01", expires: "2025-01-01"}',
    fix="Add the renewed certificate's dates, or remove it.",
    level=Level.WARNING,
    family="catalog",
)
def check_credentials(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        for position, cert in enumerate(solution.data.get("certifications", [])):
            if date.fromisoformat(cert["expires"]) < catalog.today:
                yield at_entry(
                    solution,
                    f"/certifications/{position}/expires",
                    "credential-expired",
                    f"the {cert['type']} certification expired on {cert['expires']}",
                    "add the renewed dates or remove it",
                    level=Level.WARNING,
                )
    for vendor in catalog.vendors.values():
        for position, cert in enumerate(vendor.data.get("socio_economic", [])):
            if date.fromisoformat(cert["expires"]) < catalog.today:
                yield at_entry(
                    vendor,
                    f"/socio_economic/{position}/expires",
                    "credential-expired",
                    f"the {cert['type']} certification expired on {cert['expires']}",
                    "add the renewed dates or remove it",
                    level=Level.WARNING,
                )


@rule(
    "override-loosens",
    "A solution's term overrides only tighten its contracts' terms.",
    example="# contract: confirmed_breach_hours: 24\nterms_overrides:\n  data_protection:\n"
    "    breach_notification: {confirmed_breach_hours: 72}",
    fix="Remove the override; loosening a term needs a contract amendment, not a catalog entry.",
)
def check_overrides(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        overrides = solution.overrides
        if not overrides:
            continue
        for offering in solution.offerings:
            contract = catalog.contracts.get(offering.contract_id)
            if contract is None:
                continue
            for path, _ in terms.iter_leaves(overrides):
                old = terms.get(contract.terms, path)
                new = terms.get(offering.effective_terms, path)  # carve-outs add to the contract's
                if terms.compare(path, old, new) < 0:
                    yield at_entry(
                        solution,
                        "/terms_overrides/" + path.replace(".", "/"),
                        "override-loosens",
                        f"{terms.label_for(path)} is {terms.format_value(path, old, policy.currency)} "
                        f'under contract "{contract.id}"; the override '
                        f"({terms.format_value(path, new, policy.currency)}) would loosen it",
                        "remove the override; only the contract can be amended to loosen a term",
                        path,
                    )


@rule(
    "scenario-review",
    "A risk scenario past its review date is reported (a warning).",
    example='review_by: "2025-01-01"',
    fix="Review the scenario and set the next `review_by` date.",
    level=Level.WARNING,
    family="catalog",
)
def check_scenario_review(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        review = scenario.data.get("review_by")
        if review and validity(date.fromisoformat(review), catalog.today, 0).days_left < 0:
            yield at_entry(
                scenario,
                "/review_by",
                "scenario-review",
                f"the scenario was due for review on {review}",
                "review it and set the next date",
                level=Level.WARNING,
            )


@rule(
    "scenario-readiness",
    "What a scenario pre-positions can really be bought in an emergency.",
    example="ready_solutions: [acme-crm]   # but acme-crm has emergency: {ready: false}",
    fix="Pre-position only solutions marked `emergency: {ready: true}` that are offered under a contract "
    "eligible for emergency use, and keep `max_duration_days` within those contracts' `max_term_days`.",
    family="catalog",
)
def check_scenario_readiness(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        duration = scenario.data.get("max_duration_days")
        for position, ref in enumerate(scenario.data["ready_solutions"]):
            solution = catalog.solutions.get(ref)
            if solution is None:
                continue
            pointer = f"/ready_solutions/{position}"
            if not solution.emergency_ready:
                yield at_entry(
                    scenario,
                    pointer,
                    "scenario-readiness",
                    f'solution "{ref}" is not marked ready for emergency purchases',
                    f"set `emergency: {{ready: true, …}}` in catalog/solutions/{ref}.yaml "
                    "or remove it from this scenario",
                )
            eligible = [
                catalog.contracts[o.contract_id]
                for o in solution.offerings
                if (catalog.contracts[o.contract_id].data.get("emergency_use") or {}).get("eligible")
            ]
            if not eligible:
                yield at_entry(
                    scenario,
                    pointer,
                    "scenario-readiness",
                    f'solution "{ref}" is not offered under any contract eligible for emergency use',
                    "pre-position a solution on an eligible contract, or record the contract's emergency use",
                )
        for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
            contract = catalog.contracts.get(ref)
            if contract is None:
                continue
            use = contract.data.get("emergency_use") or {}
            pointer = f"/ready_contracts/{position}"
            if not use.get("eligible"):
                yield at_entry(
                    scenario,
                    pointer,
                    "scenario-readiness",
                    f'contract "{ref}" is not eligible for emergency use',
                    "remove it from this scenario, or record its emergency use",
                )
            elif duration and use.get("max_term_days") and duration > use["max_term_days"]:
                yield at_entry(
                    scenario,
                    "/max_duration_days",
                    "scenario-readiness",
                    f'the scenario allows {duration} days, but contract "{ref}" limits '
                    f"emergency orders to {use['max_term_days']} days",
                    f"set `max_duration_days: {use['max_term_days']}` or less",
                )
