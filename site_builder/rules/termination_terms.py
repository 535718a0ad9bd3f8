"""Purchasers can terminate for convenience and on non-appropriation.

Budgets and needs change: a public buyer must be able to end a contract on reasonable notice
without proving fault (`require_for_convenience`, `max_notice_days`), and when the legislature
does not fund it (`require_non_appropriation`).

FAIL:
    terms:
      termination: {for_convenience: true, convenience_notice_days: 120}

PASS:
    terms:
      termination: {for_convenience: true, convenience_notice_days: 30, non_appropriation: true}

Fix: Allow termination for convenience with notice no longer than the policy's maximum, and
include a non-appropriation clause.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, term_hint
from ..problems import Level, Problem

ID = "termination-terms"
CONVENIENCE, NOTICE, NON_APPROPRIATION = (
    "termination.for_convenience",
    "termination.convenience_notice_days",
    "termination.non_appropriation",
)
LEVEL = Level.ERROR
FAMILY = "terms"
_FIELDS = (
    ("require_for_convenience", "for_convenience"),
    ("max_notice_days", "convenience_notice_days"),
    ("require_non_appropriation", "non_appropriation"),
)


def terms_read(policy: Policy) -> tuple[str, ...]:
    return tuple(f"termination.{field}" for setting, field in _FIELDS if policy.sets("termination", setting))


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("termination")
    if not section:
        return
    for contract in catalog.contracts.values():
        termination = contract.terms.get("termination") or {}
        if section.get("require_for_convenience") and not terms.meets(
            CONVENIENCE, termination.get("for_convenience"), True
        ):
            yield at_contract_term(
                contract,
                "termination.for_convenience",
                ID,
                "termination terms do not allow termination for convenience",
                term_hint(CONVENIENCE, True),
            )
        notice = termination.get("convenience_notice_days")
        limit = section.get("max_notice_days")
        if (
            termination.get("for_convenience")
            and limit is not None
            and not terms.meets(NOTICE, notice, limit)
        ):
            shown = "not stated" if notice is None else f"{notice} days"
            yield at_contract_term(
                contract,
                "termination.convenience_notice_days",
                ID,
                f"notice for termination for convenience is {shown}; the policy allows at most {limit} days",
                term_hint(NOTICE, limit, "or less"),
            )
        if section.get("require_non_appropriation") and not terms.meets(
            NON_APPROPRIATION, termination.get("non_appropriation"), True
        ):
            yield at_contract_term(
                contract,
                "termination.non_appropriation",
                ID,
                "termination terms have no non-appropriation clause",
                term_hint(NON_APPROPRIATION, True),
            )
