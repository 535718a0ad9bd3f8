"""Contract dates are in order: award, start, end, renewal decisions, maximum extent.

Statuses, the expiring page and the calendar of deadlines are computed from these dates; dates
out of order would show a contract as buyable when it is not, or hide a renewal decision. The
same holds for a vehicle's period, and an award under a vehicle cannot outlast it: its end is no
later than the vehicle's latest possible end.

FAIL:
    period: {start: "2027-01-01", end: "2026-12-31"}

PASS:
    period: {start: "2026-01-01", end: "2026-12-31"}

Fix: Correct the dates so each comes after the one before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from ..model import Catalog, Entry
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "contract-dates"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _in_order(entry: Entry, period: Mapping[str, Any]) -> Iterator[Problem]:
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    awarded = period.get("awarded")
    if awarded and date.fromisoformat(awarded) > start:
        yield at_entry(
            entry,
            "/period/awarded",
            ID,
            f"the award date {awarded} is after the start date {period['start']}",
            "correct the award or start date",
        )
    if end < start:
        yield at_entry(
            entry,
            "/period/end",
            ID,
            f"the end date {period['end']} is before the start date {period['start']}",
            "correct the start or end date",
        )
    extent = period.get("max_extent")
    if extent and date.fromisoformat(extent) < end:
        yield at_entry(
            entry,
            "/period/max_extent",
            ID,
            f"the maximum extent {extent} is before the end date {period['end']}",
            "the maximum extent is the end date with every renewal taken",
        )
    for position, option in enumerate(period.get("renewal_options", [])):
        decision = option.get("decision_by")
        if decision and extent and date.fromisoformat(decision) > date.fromisoformat(extent):
            yield at_entry(
                entry,
                f"/period/renewal_options/{position}/decision_by",
                ID,
                f"the renewal decision date {decision} is after the maximum extent {extent}",
                "correct the decision date",
            )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for each in catalog.vehicles.values():
        yield from _in_order(each, each.data["period"])
    for contract in catalog.contracts.values():
        own = contract.data.get("period")
        if own is None:
            continue  # an award in force for its vehicle's period: checked there
        yield from _in_order(contract, own)
        vehicle = contract.vehicle
        if vehicle is None:
            continue
        latest = vehicle.data["period"].get("max_extent") or vehicle.data["period"]["end"]
        for key in ("end", "max_extent"):
            if own.get(key) and own[key] > latest:
                yield at_entry(
                    contract,
                    f"/period/{key}",
                    ID,
                    f"the award's {'end' if key == 'end' else 'maximum extent'} {own[key]} is after the "
                    f'latest end of vehicle "{vehicle.id}" ({latest})',
                    "an award cannot outlast its vehicle: correct the date, or the vehicle's period",
                )
