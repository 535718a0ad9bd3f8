"""Emergency use has a lawful basis and bounded term.

A contract marked eligible for emergency purchases must say on which legal basis the policy
accepts (`allowed_bases`) and how long an emergency order may run, no longer than the policy's
`max_term_days`: an emergency must not become a way around competition.

FAIL:
    emergency_use: {eligible: true, basis: declared_emergency_suspension, max_term_days: 365}

PASS:
    emergency_use: {eligible: true, basis: pre_competed_contract, max_term_days: 90}

Fix: Use a basis the policy accepts and a `max_term_days` no longer than its maximum.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "emergency-use"
LEVEL = Level.ERROR
FAMILY = "terms"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("emergency_use")
    if not section:
        return
    allowed = section.get("allowed_bases")
    limit = section.get("max_term_days")
    for contract in catalog.contracts.values():
        use = contract.data.get("emergency_use") or {}
        if not use.get("eligible"):
            continue
        basis = use.get("basis")
        if allowed and basis not in allowed:
            yield at_entry(
                contract,
                "/emergency_use/basis",
                ID,
                f"emergency use basis is {basis or 'not stated'}; the policy accepts " + ", ".join(allowed),
                "set `basis:` to an accepted basis",
            )
        days = use.get("max_term_days")
        if limit and (days is None or days > limit):
            yield at_entry(
                contract,
                "/emergency_use/max_term_days",
                ID,
                f"emergency orders may run {days or 'without limit'} days; the policy allows at most {limit}",
                f"set `max_term_days: {limit}` or less",
            )
