"""The solution holds a security credential its risk tier accepts.

The policy lists, per risk tier, the credentials it accepts as evidence of security (`credentials.
by_risk_tier`), for the categories it names: cloud authorizations by program, level and status
(FedRAMP, GovRAMP, TX-RAMP) and audit reports or certificates (SOC 2 Type 2, ISO/IEC 27001). Any
one option satisfies the tier; an option may ask for several credentials together. A credential
that has lapsed since (revoked, suspended, monitoring or evidence too old, expired) is reported by
`credential-lapsed` as a warning: time, not a commit, lapsed it.

FAIL:
    category: saas
    risk_tier: moderate
    attestations:
      - {type: soc2_type2, period_start: "2025-04-01", period_end: "2026-03-31", auditor: ..., evidence: ...}

PASS:
    category: saas
    risk_tier: moderate
    authorizations:
      - {program: fedramp, level: moderate, status: authorized, last_continuous_monitoring: "2026-10-31", evidence: ...}

Fix: Add a credential the policy accepts for the tier (e.g. a FedRAMP Moderate authorization, or a
SOC 2 Type 2 report together with an ISO/IEC 27001 certificate), with its evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..credentials import option_met, standings
from ..model import Catalog
from ..policy import Policy
from ..policy.credential_classes import credential_words
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "security-credential"
LEVEL = Level.ERROR
FAMILY = "terms"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("credentials")
    tiers = section.get("by_risk_tier") or {}
    if not tiers:
        return
    categories = section.get("applies_to_categories")
    classes = policy.authorization_classes
    for solution in catalog.solutions.values():
        if categories is not None and solution.category not in categories:
            continue
        options: list[list[str]] = tiers.get(solution.risk_tier) or []
        if not options:
            continue
        held = standings(solution, policy, catalog.today)
        if any(option_met(held, option, classes, current=False) for option in options):
            continue
        accepted = "; ".join(
            " together with ".join(credential_words(n, classes) for n in option) for option in options
        )
        pointer = "/authorizations" if "authorizations" in solution.data else "/attestations"
        yield at_entry(
            solution,
            pointer if pointer[1:] in solution.data else "/risk_tier",
            ID,
            f"no security credential the policy accepts for a {solution.risk_tier}-risk {solution.category} solution",
            f"add one of: {accepted}",
            "credentials",
        )
