"""Contract dates are in order: award, start, end, renewal decisions, maximum extent.

Statuses, the expiring page and the calendar of deadlines are computed from these dates; dates
out of order would show a contract as buyable when it is not, or hide a renewal decision.

FAIL:
    period: {start: "2027-01-01", end: "2026-12-31"}

PASS:
    period: {start: "2026-01-01", end: "2026-12-31"}

Fix: Correct the dates so each comes after the one before.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "contract-dates"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        period = contract.data["period"]
        awarded = period.get("awarded")
        if awarded and date.fromisoformat(awarded) > contract.start:
            yield at_entry(
                contract,
                "/period/awarded",
                ID,
                f"the award date {awarded} is after the start date {period['start']}",
                "correct the award or start date",
            )
        if contract.end < contract.start:
            yield at_entry(
                contract,
                "/period/end",
                ID,
                f"the end date {period['end']} is before the start date {period['start']}",
                "correct the start or end date",
            )
        extent = period.get("max_extent")
        if extent and date.fromisoformat(extent) < contract.end:
            yield at_entry(
                contract,
                "/period/max_extent",
                ID,
                f"the maximum extent {extent} is before the end date {period['end']}",
                "the maximum extent is the end date with every renewal taken",
            )
        for position, option in enumerate(period.get("renewal_options", [])):
            decision = option.get("decision_by")
            if decision and extent and date.fromisoformat(decision) > date.fromisoformat(extent):
                yield at_entry(
                    contract,
                    f"/period/renewal_options/{position}/decision_by",
                    ID,
                    f"the renewal decision date {decision} is after the maximum extent {extent}",
                    "correct the decision date",
                )
