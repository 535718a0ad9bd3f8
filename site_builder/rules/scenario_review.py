"""A risk scenario past its review date is reported (a warning).

A risk assessment goes stale: threats, contracts and solutions change.  A scenario names the date
by which it is reviewed again; past it, the scenario is still shown, with a warning.

FAIL:
    review_by: "2025-01-01"   # checked on 2026-11-25

PASS:
    review_by: "2027-01-01"

Fix: Review the scenario and set the next `review_by` date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..model import Catalog, validity
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "scenario-review"
LEVEL = Level.WARNING
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        review = scenario.data.get("review_by")
        if review and validity(date.fromisoformat(review), catalog.today, 0).days_left < 0:
            yield at_entry(
                scenario,
                "/review_by",
                ID,
                f"the scenario was due for review on {review}",
                "review it and set the next date",
                level=LEVEL,
                lapsed=date.fromisoformat(review) + timedelta(days=1),
            )
