"""The solution holds a current certification its risk tier accepts.

The policy lists, per risk tier, the certifications (or combinations) it accepts as evidence of
security, and how old that evidence may be (`max_evidence_age_months`).  A certificate past its
expiry or older than that does not count.  When what the solution holds once satisfied the tier
and has since expired or grown too old, time brought the finding: it is a lapse (see `lapses.py`),
a warning in the nightly build with the solution shown as not currently orderable, and an error
for a change to the solution's file until renewed or waived.

FAIL:
    risk_tier: moderate
    certifications:
      - {type: soc2_type2, issued: "2026-03-31", expires: "2027-03-31"}

PASS:
    risk_tier: moderate
    certifications:
      - {type: fedramp_moderate, issued: "2026-03-31", expires: "2029-03-31"}

Fix: Add a certification the policy accepts for the tier (e.g. fedramp_moderate, or soc2_type2
together with iso27001), issued within the policy's evidence age.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..policy.scope import months_after
from ..problems import Level, Problem

ID = "security-certification"
LEVEL = Level.ERROR
FAMILY = "terms"


def _ends(cert: Mapping[str, Any], max_age: int | None) -> date:
    """The first day a certificate no longer counts: after its expiry, or once too old."""
    ends = date.fromisoformat(cert["expires"]) + timedelta(days=1)
    if max_age is not None:
        ends = min(ends, months_after(date.fromisoformat(cert["issued"]), max_age + 1))
    return ends


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("security_certifications")
    if not section:
        return
    categories = section.get("applies_to_categories")
    max_age = section.get("max_evidence_age_months")
    for solution in catalog.solutions.values():
        if categories is not None and solution.category not in categories:
            continue
        options: list[list[str]] = (section.get("by_risk_tier") or {}).get(solution.risk_tier) or []
        if not options:
            continue
        counts_until: dict[str, date] = {}  # certification type → the first day it no longer counts
        for cert in solution.data.get("certifications", []):
            ends = _ends(cert, max_age)
            counts_until[cert["type"]] = max(ends, counts_until.get(cert["type"], ends))
        held = [
            min(counts_until[t] for t in option) for option in options if set(option) <= set(counts_until)
        ]
        if any(ends > catalog.today for ends in held):
            continue
        accepted = "; ".join(" + ".join(option) for option in options)
        age = f", issued within {max_age} months and" if max_age else ""
        message = (
            f"no current certification accepted for a {solution.risk_tier}-risk solution{age} not expired"
        )
        # Held once but lapsed: time, not a change, brought the finding (lapses.py).
        lapsed = max(held) if held else None
        if lapsed is not None:
            message += f"; what it held stopped counting on {lapsed.isoformat()}"
        yield at_entry(
            solution,
            "/certifications" if "certifications" in solution.data else "/risk_tier",
            ID,
            message,
            f"add one of: {accepted}",
            "certifications",
            lapsed=lapsed,
        )
