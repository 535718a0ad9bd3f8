"""A contract past its end date: nothing can be ordered under it until it is renewed.

Time, not a commit, ends a contract, so this is a lapse: in a run over the catalog as it stands
(the nightly build) it is a warning, the site is still published, and the contract and the
solutions offered only under it are shown and exported as not currently orderable, with the date.
A change to the contract's file, or `catalog validate --strict`, fails on it until the renewal is
recorded or the finding is waived.

FAIL:
    period: {start: "2021-01-01", end: "2026-09-30"}   # checked on 2026-11-25

PASS:
    period: {start: "2021-01-01", end: "2027-09-30"}

Fix: Record the renewal (a new `end`), or remove the contract and move its solutions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "contract-expired"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        if contract.end < catalog.today:
            yield at_entry(
                contract,
                "/period/end",
                ID,
                f"the contract ended on {contract.end.isoformat()}; nothing can be ordered under it",
                "record the renewal (a new `end`) or retire the contract",
                level=LEVEL,
                lapsed=contract.end + timedelta(days=1),
            )
