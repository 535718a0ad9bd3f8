"""Required indemnities are included (and uncapped where required).

Indemnities shift the cost of claims (an infringed patent, an injury, a breach) to the vendor who
caused them.  Every contract includes the indemnities the policy's `require` lists, uncapped where
`require_uncapped` says so; a solution holding data at or above a level also needs those listed
under `require_when_data_at_least`, in its effective terms under each contract.

FAIL:
    terms:
      indemnification:
        ip_infringement: {included: false}

PASS:
    terms:
      indemnification:
        ip_infringement: {included: true, uncapped: true}

Fix: Include each indemnity the policy names, e.g. `ip_infringement: {included: true,
uncapped: true}`. Solutions holding data above the policy's level also need `data_breach_costs`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, at_offering, override_hint, term_hint
from ..policy.gaps import indemnity_gaps
from ..problems import Level, Problem

ID = "indemnification-required"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    section = policy.section("indemnification")
    by_level = section.get("require_when_data_at_least") or {}
    uncapped = section.get("require_uncapped") or []
    paths: list[str] = []
    for name in dict.fromkeys([*section.get("require", []), *(n for ns in by_level.values() for n in ns)]):
        paths.append(f"indemnification.{name}.included")
        if name in uncapped:
            paths.append(f"indemnification.{name}.uncapped")
    return tuple(paths)


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("indemnification")
    for contract in catalog.contracts.values():
        for gap in indemnity_gaps(
            contract.terms, section.get("require", []), section.get("require_uncapped", [])
        ):
            yield at_contract_term(contract, gap.term, ID, gap.message, term_hint(gap.term, True))
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
                    ID,
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )
