"""The solution holds a security credential its risk tier accepts.

The policy lists, per risk tier, the credentials it accepts as evidence of security (`credentials.
by_risk_tier`), for the categories it names: cloud authorizations by program, level and status
(FedRAMP, GovRAMP, TX-RAMP) and audit reports or certificates (SOC 2 Type 2, ISO/IEC 27001). Any
one option satisfies the tier; an option may ask for several credentials together. Only what is
current counts. When what the solution held met the tier and has lapsed since (evidence or
continuous monitoring grown too old, a certificate past its expiry, an authorization its program
suspended or revoked on its status date), the finding is a lapse (see `lapses.py`): a warning in
the nightly build, with the solution shown as not currently orderable, and an error for a change
to the solution's file until renewed or waived.

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

from collections.abc import Iterator, Mapping

from ..credentials import lapse_day, option_met, standings
from ..model import Catalog
from ..policy import Policy
from ..policy.credential_classes import AuthorizationClass, credential_words
from ..policy.findings import Advice, at_entry
from ..problems import Change, Level, Problem

ID = "security-credential"
LEVEL = Level.ERROR
FAMILY = "terms"
# Its findings ask for a field (`asks`) and never carry a fix (see rulebook.Rule.fixes).
FIXES = False


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
        if any(option_met(held, option, classes, current=True) for option in options):
            continue
        accepted = "; ".join(
            " together with ".join(credential_words(n, classes) for n in option) for option in options
        )
        pointer = "/authorizations" if "authorizations" in solution.data else "/attestations"
        had = any(option_met(held, option, classes, current=False) for option in options)
        what = "no current" if had else "no"
        yield at_entry(
            solution,
            pointer if pointer[1:] in solution.data else "/risk_tier",
            ID,
            f"{what} security credential the policy accepts for a {solution.risk_tier}-risk "
            f"{solution.category} solution" + ("; what it held has lapsed" if had else ""),
            Advice(
                f"{'renew it, or ' if had else ''}add one of: {accepted}",
                asks=_asks(options, classes),
            ),
            "credentials",
            lapsed=lapse_day(held, options, classes),
        )


def _asks(options: list[list[str]], classes: Mapping[str, AuthorizationClass]) -> tuple[Change, ...]:
    """Each credential an option names, as the item to add (its program or its type)."""
    names = dict.fromkeys(name for option in options for name in option)
    return tuple(
        Change("add", "/authorizations", {"program": classes[name].program})
        if name in classes
        else Change("add", "/attestations", {"type": name})
        for name in names
    )
