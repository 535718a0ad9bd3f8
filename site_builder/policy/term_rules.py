"""Indemnity, liability, insurance, termination and law: checked on every contract, and where the
requirement depends on what is bought, on every solution's effective terms under each contract."""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..problems import Problem
from .config import Policy
from .gaps import carve_out_gaps, coverage_gaps, indemnity_gaps, limit_gaps
from .locate import at_contract_term, at_offering, override_hint
from .registry import rule


@rule(
    "indemnification-required",
    "Required indemnities are included (and uncapped where required).",
    example="terms:\n  indemnification:\n    ip_infringement: {included: false}",
    fix="Include each indemnity the policy names, e.g. `ip_infringement: {included: true, "
    "uncapped: true}`. Solutions holding data above the policy's level also need "
    "`data_breach_costs`.",
)
def check_indemnities(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("indemnification")
    for contract in catalog.contracts.values():
        for gap in indemnity_gaps(
            contract.terms, section.get("require", []), section.get("require_uncapped", [])
        ):
            yield at_contract_term(
                contract, gap.term, "indemnification-required", gap.message, f"set `terms.{gap.term}: true`"
            )
    for solution in catalog.solutions.values():
        required = policy.by_level("indemnification", "require_when_data_at_least", solution.classification)
        why = f", which the policy requires for solutions holding {solution.classification} data"
        for offering in solution.offerings:
            for gap in indemnity_gaps(
                offering.effective_terms, required, section.get("require_uncapped", []), why
            ):
                yield at_offering(
                    solution,
                    offering,
                    gap.term,
                    "indemnification-required",
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )


@rule(
    "purchaser-indemnity-forbidden",
    "The purchaser never indemnifies the vendor.",
    example="terms:\n  indemnification:\n    purchaser_indemnifies_vendor: true",
    fix="Set `purchaser_indemnifies_vendor: false`; governments may not indemnify vendors.",
)
def check_purchaser_indemnity(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if policy.section("indemnification").get("forbid_purchaser_indemnifying_vendor"):
        yield from _forbidden_flag(
            catalog,
            "indemnification.purchaser_indemnifies_vendor",
            "purchaser-indemnity-forbidden",
            "indemnification has the purchaser indemnify the vendor, which the policy forbids",
            "set it to false and remove the clause from the contract",
        )


def _forbidden_flag(catalog: Catalog, path: str, rule_id: str, message: str, hint: str) -> Iterator[Problem]:
    """A contract term the policy forbids outright, recorded as `true`."""
    for contract in catalog.contracts.values():
        if terms.get(contract.terms, path):
            yield at_contract_term(contract, path, rule_id, message, hint)


@rule(
    "liability-cap",
    "A limitation of liability is recorded, with an allowed basis and amount.",
    example="terms:\n  limitation_of_liability: {basis: multiple_of, multiple: 0.5, "
    "multiple_of: order_value}",
    fix="Record the cap: `basis` one of the allowed bases, a `multiple` at or above the "
    "policy's minimum, a `fixed_amount` at or above its minimum.",
)
def check_liability_cap(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("limitation_of_liability")
    if not section:
        return
    allowed = section.get("allowed_bases", list(terms.CAP_BASIS_ORDER))
    min_multiple = section.get("min_multiple", 0)
    min_fixed = section.get("min_fixed_amount", 0)
    for contract in catalog.contracts.values():
        cap = contract.terms.get("limitation_of_liability")
        if cap is None:
            yield at_contract_term(
                contract,
                "limitation_of_liability",
                "liability-cap",
                "terms have no limitation of liability",
                "add `limitation_of_liability:` with its basis and amount",
            )
            continue
        basis = cap.get("basis")
        if basis is None:
            yield at_contract_term(
                contract,
                "limitation_of_liability.basis",
                "liability-cap",
                "limitation of liability does not say how the cap is set",
                "add `basis:` (one of: " + ", ".join(allowed) + ")",
            )
            continue
        if basis not in allowed:
            yield at_contract_term(
                contract,
                "limitation_of_liability.basis",
                "liability-cap",
                f'liability cap basis "{basis}" is not accepted by the policy',
                "use one of: " + ", ".join(allowed),
            )
            continue
        if basis in {"multiple_of", "greater_of"}:
            multiple = cap.get("multiple")
            if multiple is None or cap.get("multiple_of") is None:
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.multiple",
                    "liability-cap",
                    f"liability cap ({basis.replace('_', ' ')}) does not say "
                    "the multiple and what it is a multiple of",
                    "add `multiple:` and `multiple_of:`",
                )
            elif multiple < min_multiple:
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.multiple",
                    "liability-cap",
                    f"liability cap is {multiple:g}× {cap['multiple_of'].replace('_', ' ')}"
                    f"; the policy requires at least {min_multiple:g}×",
                    f"raise `multiple` to {min_multiple:g} or more",
                )
        if basis in {"fixed_amount", "greater_of"}:
            amount = cap.get("fixed_amount")
            if amount is None or amount < min_fixed:
                shown = "not stated" if amount is None else terms.format_money(amount, policy.currency)
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.fixed_amount",
                    "liability-cap",
                    f"fixed liability cap is {shown}; the policy requires at least "
                    f"{terms.format_money(min_fixed, policy.currency)}",
                    f"set `fixed_amount: {min_fixed}` or more",
                )


@rule(
    "liability-carve-outs",
    "The liability cap carves out what the policy requires.",
    example="terms:\n  limitation_of_liability:\n    basis: fixed_amount\n    fixed_amount: 2000000\n"
    "    carve_outs: [ip_infringement_indemnity]",
    fix="List every required carve-out under `carve_outs`; solutions holding confidential data "
    "also need `data_breach`.",
)
def check_carve_outs(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = policy.section("limitation_of_liability").get("required_carve_outs", [])
    for contract in catalog.contracts.values():
        for gap in carve_out_gaps(contract.terms, required):
            yield at_contract_term(
                contract,
                gap.term,
                "liability-carve-outs",
                gap.message,
                f"set `carve_outs: [{', '.join(gap.fix)}]`",
            )
    for solution in catalog.solutions.values():
        extra = policy.by_level(
            "limitation_of_liability", "required_carve_outs_when_data_at_least", solution.classification
        )
        if not extra:
            continue
        why = f", which the policy requires for solutions holding {solution.classification} data"
        for offering in solution.offerings:
            for gap in carve_out_gaps(offering.effective_terms, extra, why):
                yield at_offering(
                    solution,
                    offering,
                    gap.term,
                    "liability-carve-outs",
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )


@rule(
    "insurance-required",
    "Every coverage the policy requires is carried.",
    example="terms:\n  insurance:\n    coverages:\n      commercial_general_liability: "
    "{per_occurrence: 1000000, aggregate: 2000000}",
    fix="Add each required coverage under `insurance.coverages` with its limits; which ones "
    "depends on the solution's category.",
)
def check_insurance_required(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("insurance")
    required = list((section.get("required") or {}).keys())
    for contract in catalog.contracts.values():
        for gap in coverage_gaps(contract.terms, required):
            yield at_contract_term(
                contract,
                gap.term,
                "insurance-required",
                gap.message,
                f"add `{gap.term.rsplit('.', 1)[-1]}:` with its limits under `terms.insurance.coverages`",
            )
    by_category = section.get("required_by_category") or {}
    tiers = section.get("minimums_by_risk_tier") or {}
    for solution in catalog.solutions.values():
        needed = by_category.get(solution.category, [])
        why = f", which the policy requires for {solution.category.replace('_', ' ')} solutions"
        for offering in solution.offerings:
            for gap in coverage_gaps(offering.effective_terms, needed, why):
                name = gap.term.rsplit(".", 1)[-1]
                minimum = (tiers.get(name) or {}).get(solution.risk_tier)
                fix = f"{gap.term}.per_claim" if minimum else gap.term
                yield at_offering(
                    solution,
                    offering,
                    gap.term,
                    "insurance-required",
                    gap.message,
                    override_hint(fix, minimum or {}, policy.currency)
                    if minimum
                    else "have the contract amended to add it",
                )


@rule(
    "insurance-minimum",
    "Insurance limits meet the policy's minimums.",
    example="terms:\n  insurance:\n    coverages:\n      cyber_privacy_liability: {per_claim: 1000000}",
    fix="Raise the limit to the minimum for the category and risk tier, or (for one solution) "
    "add a tightening override.",
)
def check_insurance_minimum(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("insurance")
    minimums = section.get("required") or {}
    for contract in catalog.contracts.values():
        for gap in limit_gaps(contract.terms, minimums, policy.currency):
            yield at_contract_term(
                contract,
                gap.term,
                "insurance-minimum",
                gap.message,
                f"set `terms.{gap.term}: {str(gap.fix).lower()}`",
            )
    tiers = section.get("minimums_by_risk_tier") or {}
    by_category = section.get("required_by_category") or {}
    for solution in catalog.solutions.values():
        needed = {
            name: {"per_claim": tiers[name][solution.risk_tier]}
            for name in by_category.get(solution.category, [])
            if name in tiers
        }
        why = f" for a {solution.risk_tier}-risk solution"
        for offering in solution.offerings:
            for gap in limit_gaps(offering.effective_terms, needed, policy.currency, why):
                yield at_offering(
                    solution,
                    offering,
                    gap.term,
                    "insurance-minimum",
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )


@rule(
    "insurance-carrier-rating",
    "Insurers are rated at least the policy's A.M. Best minimum.",
    example="terms:\n  insurance:\n    carrier_min_am_best: B+ VI",
    fix="Require carriers rated at least the policy's minimum, e.g. `carrier_min_am_best: A- VII`.",
)
def check_carrier_rating(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    minimum = policy.section("insurance").get("carrier_min_am_best")
    if not minimum:
        return
    for contract in catalog.contracts.values():
        rating = terms.get(contract.terms, "insurance.carrier_min_am_best")
        if rating is None or terms.am_best_rank(rating) < terms.am_best_rank(minimum):
            shown = f'"{rating}"' if rating else "not stated"
            yield at_contract_term(
                contract,
                "insurance.carrier_min_am_best",
                "insurance-carrier-rating",
                f"minimum insurer rating is {shown}; the policy requires {minimum}",
                f"set `carrier_min_am_best: {minimum}` or better",
            )


@rule(
    "termination-terms",
    "Purchasers can terminate for convenience and on non-appropriation.",
    example="terms:\n  termination: {for_convenience: true, convenience_notice_days: 120}",
    fix="Allow termination for convenience with notice no longer than the policy's maximum, and "
    "include a non-appropriation clause.",
)
def check_termination(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("termination")
    if not section:
        return
    for contract in catalog.contracts.values():
        termination = contract.terms.get("termination") or {}
        if section.get("require_for_convenience") and not termination.get("for_convenience"):
            yield at_contract_term(
                contract,
                "termination.for_convenience",
                "termination-terms",
                "termination terms do not allow termination for convenience",
                "set `for_convenience: true`",
            )
        notice = termination.get("convenience_notice_days")
        limit = section.get("max_notice_days")
        if termination.get("for_convenience") and limit is not None and (notice is None or notice > limit):
            shown = "not stated" if notice is None else f"{notice} days"
            yield at_contract_term(
                contract,
                "termination.convenience_notice_days",
                "termination-terms",
                f"notice for termination for convenience is {shown}; the policy allows at most {limit} days",
                f"set `convenience_notice_days: {limit}` or less",
            )
        if section.get("require_non_appropriation") and not termination.get("non_appropriation"):
            yield at_contract_term(
                contract,
                "termination.non_appropriation",
                "termination-terms",
                "termination terms have no non-appropriation clause",
                "set `non_appropriation: true`",
            )


@rule(
    "governing-law",
    "The contract is governed by the jurisdiction's law.",
    example="terms:\n  governing_law: {law: US-DE}",
    fix="Set `governing_law.law` to the law the policy requires, e.g. `US-NY`.",
)
def check_governing_law(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("governing_law")
    if "require_law" not in section:
        return
    required = section["require_law"]
    for contract in catalog.contracts.values():
        law = terms.get(contract.terms, "governing_law.law")
        if law is None or (required and law != required):
            shown = law or "not stated"
            wanted = required or "a US law"
            yield at_contract_term(
                contract,
                "governing_law.law",
                "governing-law",
                f"governing law is {shown}; the policy requires {wanted}",
                f"set `law: {required or 'US-XX'}`",
            )


@rule(
    "binding-arbitration",
    "Disputes do not go to binding arbitration.",
    example="terms:\n  governing_law: {law: US-NY, binding_arbitration: true}",
    fix="Set `binding_arbitration: false`; binding arbitration cannot be imposed on the state.",
)
def check_arbitration(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if policy.section("governing_law").get("forbid_binding_arbitration"):
        yield from _forbidden_flag(
            catalog,
            "governing_law.binding_arbitration",
            "binding-arbitration",
            "disputes go to binding arbitration, which the policy forbids",
            "set `binding_arbitration: false`",
        )
