"""Insurance limits meet the policy's minimums.

A coverage with a token limit protects no one.  The limits of every coverage a contract carries
meet the policy's `required` minimums, and a solution's per-claim limits meet the minimum for its
risk tier (`minimums_by_risk_tier`).

FAIL:
    terms:
      insurance:
        coverages:
          cyber_privacy_liability: {per_claim: 1000000}

PASS:
    terms:
      insurance:
        coverages:
          cyber_privacy_liability: {per_claim: 5000000}

Fix: Raise the limit to the minimum for the category and risk tier, or (for one solution) add a
tightening override.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, at_offering, override_hint, term_hint
from ..policy.gaps import limit_gaps
from ..problems import Level, Problem
from . import insurance_required

ID = "insurance-minimum"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    """The same limits whose presence insurance-required asks for."""
    return insurance_required.terms_read(policy)


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("insurance")
    minimums = section.get("required") or {}
    for contract in catalog.contracts.values():
        for gap in limit_gaps(contract.terms, minimums, policy.currency):
            yield at_contract_term(
                contract, gap.term, ID, gap.message, term_hint(gap.term, gap.fix, "or more")
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
                    ID,
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )
