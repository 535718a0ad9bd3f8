"""Every coverage the policy requires is carried.

An indemnity is worth what the vendor can pay; insurance makes sure it can.  Every contract
carries the coverages the policy's `required` lists; a solution also needs those its category
calls for (`required_by_category`, e.g. cyber liability for cloud services).

FAIL:
    terms:
      insurance:
        coverages:
          commercial_general_liability: {per_occurrence: 1000000, aggregate: 2000000}

PASS:
    terms:
      insurance:
        coverages:
          commercial_general_liability: {per_occurrence: 1000000, aggregate: 2000000}
          workers_compensation: {statutory: true}

Fix: Add each required coverage under `insurance.coverages` with its limits; which ones depends
on the solution's category.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, at_offering, override_hint, term_hint
from ..policy.gaps import coverage_gaps
from ..problems import Level, Problem

ID = "insurance-required"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    """A coverage is carried by stating its limits, so the limits are what a contract must show."""
    section = policy.section("insurance")
    paths = [
        f"insurance.coverages.{coverage}.{limit}"
        for coverage, limits in (section.get("required") or {}).items()
        for limit in limits
    ]
    paths += [
        f"insurance.coverages.{coverage}.per_claim"
        for names in (section.get("required_by_category") or {}).values()
        for coverage in names
    ]
    return tuple(dict.fromkeys(paths))


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("insurance")
    limits = section.get("required") or {}
    for contract in catalog.contracts.values():
        for gap in coverage_gaps(contract.terms, list(limits)):
            name = gap.term.rsplit(".", 1)[-1]
            yield at_contract_term(
                contract,
                gap.term,
                ID,
                gap.message,
                term_hint(gap.term, dict(limits[name]), "at the policy's minimum limits or more")
                if limits[name]
                else f"add `{name}:` with its limits under the contract's `insurance:` `coverages:`",
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
                    ID,
                    gap.message,
                    override_hint(fix, minimum or {}, policy.currency)
                    if minimum
                    else "have the contract amended to add it",
                )
