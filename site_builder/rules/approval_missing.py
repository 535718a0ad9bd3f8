"""Every solution records who approved it for the catalog, when, and on which security review.

When the terms policy sets `provenance.solution_approval_required`, a solution without
`catalog_approval` (approver role, date, security-review reference) is an error: a buyer relies on
the listing as an approval, so the approval must be on record. An approval dated after the day of
the check has not happened yet.

FAIL:
    # no catalog_approval

PASS:
    catalog_approval:
      approver_role: Chief Information Security Officer
      date: "2026-03-02"
      security_review: SR-2026-041

Fix: Add `catalog_approval` with the approver's role, the date and the security review's reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "approval-missing"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if not policy.sets("provenance", "solution_approval_required"):
        return
    for solution in catalog.solutions.values():
        approval = solution.data.get("catalog_approval")
        if approval is None:
            yield at_entry(
                solution,
                "",
                ID,
                "the solution records no approval for the catalog; the terms policy requires one",
                "add `catalog_approval:` with `approver_role`, `date` and `security_review` (its reference)",
            )
        elif date.fromisoformat(approval["date"]) > catalog.today:
            yield at_entry(
                solution,
                "/catalog_approval/date",
                ID,
                f"the approval is dated {approval['date']}, after {catalog.today.isoformat()}: "
                "the solution is not approved yet",
                "correct the date if it was approved earlier",
            )
