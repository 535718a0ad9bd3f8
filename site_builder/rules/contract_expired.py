"""A contract past its end date is shown as expired (a warning, so nightly builds keep working).

Nothing can be ordered under an expired contract; the site says so on every page that shows it.
It is a warning rather than an error because time, not a commit, expired it: the nightly build
must still publish the new status.

FAIL:
    period: {start: "2021-01-01", end: "2026-09-30"}   # checked on 2026-11-25

PASS:
    period: {start: "2021-01-01", end: "2027-09-30"}

Fix: Record the renewal (a new `end`), or remove the contract and move its solutions.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "contract-expired"
LEVEL = Level.WARNING
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        if contract.end < catalog.today:
            yield at_entry(
                contract,
                "/period/end",
                ID,
                f"the contract ended on {contract.end.isoformat()}; it is listed as expired",
                "record the renewal or retire the contract",
                level=LEVEL,
            )
