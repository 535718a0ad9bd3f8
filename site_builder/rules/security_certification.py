"""The solution holds a current certification its risk tier accepts.

The policy lists, per risk tier, the certifications (or combinations) it accepts as evidence of
security, and how old that evidence may be (`max_evidence_age_months`).  A certificate past its
expiry or older than that does not count.

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

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..policy.scope import months_between
from ..problems import Level, Problem

ID = "security-certification"
LEVEL = Level.ERROR
FAMILY = "terms"


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
        current = set()
        for cert in solution.data.get("certifications", []):
            issued, expires = date.fromisoformat(cert["issued"]), date.fromisoformat(cert["expires"])
            fresh = max_age is None or months_between(issued, catalog.today) <= max_age
            if expires >= catalog.today and fresh:
                current.add(cert["type"])
        if any(set(option) <= current for option in options):
            continue
        accepted = "; ".join(" + ".join(option) for option in options)
        age = f", issued within {max_age} months and" if max_age else ""
        yield at_entry(
            solution,
            "/certifications" if "certifications" in solution.data else "/risk_tier",
            ID,
            f"no current certification accepted for a {solution.risk_tier}-risk solution{age} not expired",
            f"add one of: {accepted}",
            "certifications",
        )
