"""The catalog as plain JSON records: what `/api/v1/catalog.json` and every other export is made of.

A record is the entry's YAML exactly as validated, plus three keys the build adds:
`source` (the YAML file), `page` (the site-relative page) and `computed` (statuses as of the
build's date, effective terms, links between entries, waivers; who may order under a contract and
how; for an award under a vehicle, its vehicle, what it takes from it and its terms as ordered; a
vehicle's awards; the citations of a scenario's authorities; a solution's credentials and their
standing). Nothing under `computed` is written by a contributor.

What the published JSON (`catalog.json`, per-entry files) leaves out of a record, and how a
consumer reads it back, is recordform.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from .. import __version__
from ..buildinfo import BuildInfo
from ..lapses import Lapse
from ..model import (
    INHERITED,
    KINDS,
    Catalog,
    Contract,
    Entry,
    Scenario,
    Solution,
    Validity,
    Vehicle,
    validity,
)
from ..pipeline import Result
from ..policy import Policy
from . import API_VERSION
from .emergency_records import contract_eligibility, law_document, scenario_authorities, solution_credentials
from .recordform import STATUS_LABELS, published
from .settings import ExportSettings


def iso_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_of(entry: Entry) -> str:
    return f"{entry.kind}/{entry.id}/"


def credential_validity(expires: str, catalog: Catalog, warn_days: int) -> Validity:
    return validity(date.fromisoformat(expires), catalog.today, warn_days)


def _status(found: Validity) -> dict[str, Any]:
    return {"status": found.status.value, "days_left": found.days_left, "status_label": found.label}


def build_meta(result: Result, info: BuildInfo, settings: ExportSettings) -> dict[str, Any]:
    """What every export says about itself: source commit, policy, dates, generator."""
    policy = result.project.policy
    return {
        "api_version": API_VERSION,
        "generator": {"name": "site-builder", "version": __version__},
        "source_commit": info.commit,
        "source_commit_time": iso_time(info.commit_time) if info.commit_time else None,
        "as_of": info.as_of.isoformat(),
        "published": iso_time(info.timestamp),
        "site_url": settings.site_url,
        "policy": {
            "id": policy.data.get("policy_id"),
            "version": policy.version,
            "effective": policy.data.get("effective"),
            "currency": policy.currency,
            "jurisdiction": policy.data.get("jurisdiction"),
            "expiry_warning_days": policy.expiry_warning_days,
        },
        "counts": {kind: len(result.catalog.of_kind(kind)) for kind in KINDS},
        # The words of `computed.status` and `standing` codes, given once instead of in every record.
        "status_labels": STATUS_LABELS,
        # Only in catalog.json (entry files repeat `policy`, not this): who buys, under which law.
        "law": law_document(policy),
    }


def _waivers_by_entry(result: Result) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, int]] = set()
    for waiver, _problem in result.waived:
        if (waiver.entry, waiver.index) in seen:
            continue
        seen.add((waiver.entry, waiver.index))
        found.setdefault(waiver.entry, []).append(
            {
                "rule": waiver.rule,
                "term": waiver.term or None,
                "approver": waiver.approver,
                "reason": waiver.reason,
                "granted": waiver.granted.isoformat(),
                "expires": waiver.expires.isoformat(),
            }
        )
    return found


ORDERABLE_KINDS = ("contracts", "solutions")


def _orderable(lapses: Iterable[Lapse]) -> dict[str, Any]:
    """Whether the entry can be ordered today, and if not, since when and why (lapses.py)."""
    found = [{"since": lapse.since.isoformat(), "reason": lapse.reason} for lapse in lapses]
    return {"orderable": not found, "not_orderable": found}


def build_records(result: Result) -> dict[str, list[dict[str, Any]]]:
    """Every entry of every kind as a record, sorted by id."""
    catalog = result.catalog
    policy = result.project.policy
    waivers = _waivers_by_entry(result)
    index = catalog.index()
    records: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for entry in catalog.entries():
        computed: dict[str, Any]
        if isinstance(entry, Contract):
            computed = {
                **_status(entry.validity),
                "solutions": list(index.solutions_by_contract.get(entry.id, [])),
                "eligibility": contract_eligibility(entry, policy, catalog.today),
                **_award(entry),
            }
        elif isinstance(entry, Vehicle):
            awards = list(index.contracts_by_vehicle.get(entry.id, []))
            computed = {
                **_status(entry.validity),
                "awards": awards,
                "suppliers": sorted({catalog.contracts[a].vendor_id for a in awards}),
                "solutions": sorted({s for a in awards for s in index.solutions_by_contract.get(a, [])}),
            }
        elif isinstance(entry, Solution):
            computed = _solution_computed(
                entry,
                catalog,
                list(index.scenarios_by_solution.get(entry.id, [])),
                index.status[entry.id],
                policy,
            )
        elif entry.kind == "vendors":
            computed = {
                "contracts": list(index.contracts_by_vendor.get(entry.id, [])),
                "solutions": list(index.solutions_by_vendor.get(entry.id, [])),
                "socio_economic": [
                    {
                        "type": c["type"],
                        "expires": c["expires"],
                        **_status(credential_validity(c["expires"], catalog, policy.expiry_warning_days)),
                    }
                    for c in entry.data.get("socio_economic", [])
                ],
            }
        elif isinstance(entry, Scenario):
            computed = {"authorities": scenario_authorities(entry, policy)}
        else:
            computed = {}
        if entry.kind in ORDERABLE_KINDS:
            computed.update(_orderable(result.standing.get(entry.key, ())))
        computed["waivers"] = waivers.get(entry.key, [])
        records[entry.kind].append(
            {**entry.data, "source": entry.file, "page": page_of(entry), "computed": computed}
        )
    return records


def _award(contract: Contract) -> dict[str, Any]:
    """What an award under a vehicle takes from it: the fields it does not state, and its terms as
    ordered (the vehicle's common terms with the award's on top). Nothing for a stand-alone contract."""
    if contract.vehicle is None:
        return {}
    inherited = {key: contract.inherited(key) for key in INHERITED if key not in contract.data}
    inherited["lots"] = contract.lots
    return {"vehicle": contract.vehicle.id, "inherited": inherited, "effective_terms": contract.terms}


def contract_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """A contract record as a buyer orders under it: an award's inherited fields filled in from its
    vehicle, and `terms` its effective terms. A stand-alone contract's record is unchanged."""
    computed = record["computed"]
    if "inherited" not in computed:
        return dict(record)
    return {**record, **computed["inherited"], "terms": computed["effective_terms"]}


def _solution_computed(
    solution: Solution, catalog: Catalog, scenarios: list[str], status: Validity, policy: Policy
) -> dict[str, Any]:
    offerings = []
    for offering in solution.offerings:
        contract = catalog.contracts[offering.contract_id]
        offerings.append(
            {
                "contract": contract.id,
                "contract_number": contract.number,
                "lots": list(offering.lots),
                **_status(contract.validity),
                "effective_terms": offering.effective_terms,
            }
        )
    return {
        **_status(status),
        "offerings": offerings,
        "scenarios": scenarios,
        "credentials": solution_credentials(solution, policy, catalog.today),
    }


def contract_terms(records: Mapping[str, list[dict[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    """Each contract's terms by id (an award's effective terms): what published offerings are
    given relative to."""
    return {record["id"]: contract_view(record).get("terms") or {} for record in records["contracts"]}


def catalog_document(records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The whole catalog in one document, every record in full: `meta` plus one list per kind
    (`catalog export --format json`; the site's catalog.json is catalog_json.py's)."""
    terms = contract_terms(records)
    return {
        "meta": dict(meta),
        **{kind: [published(kind, r, terms) for r in records[kind]] for kind in KINDS},
    }
