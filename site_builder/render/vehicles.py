"""A vehicle's page: its awardees, the lots each won, and the terms where the awards differ from
the common terms and from one another."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import terms
from ..model import Contract, Vehicle
from .sitedata import SiteData


@dataclass(frozen=True)
class Difference:
    """One term an award states: the vehicle's value and each awardee's (in awardee order)."""

    path: str
    label: str
    common: str
    by_award: tuple[tuple[str, bool], ...]  # (value shown, whether this award states its own)


def awards_of(data: SiteData, vehicle: Vehicle) -> list[Contract]:
    catalog = data.catalog
    return [catalog.contracts[c] for c in data.indexes.contracts_by_vehicle.get(vehicle.id, [])]


def differences(vehicle: Vehicle, awards: list[Contract], currency: str) -> list[Difference]:
    """Every term some award states, in the vocabulary's order: what the vehicle says and what
    orders under each award get. Terms no award touches are the common terms, shown once."""
    order = {family: index for index, family in enumerate(terms.FAMILIES)}
    stated: dict[str, set[str]] = {}
    for award in awards:
        for path, _ in terms.iter_leaves(award.own_terms):
            stated.setdefault(path, set()).add(award.id)
    found = []
    for path in sorted(stated, key=lambda p: (order.get(p.split(".", 1)[0], len(order)), p)):
        common = terms.format_value(path, terms.get(vehicle.terms, path), currency)
        cells = tuple(
            (terms.format_value(path, terms.get(award.terms, path), currency), award.id in stated[path])
            for award in awards
        )
        found.append(Difference(path, terms.label_for(path), common, cells))
    return found


def lot_holders(vehicle: Vehicle, awards: list[Contract]) -> list[tuple[Mapping[str, Any], list[Contract]]]:
    """Each lot of the vehicle with the awards that won it."""
    return [
        (lot, [award for award in awards if any(own["id"] == lot["id"] for own in award.lots)])
        for lot in vehicle.lots
    ]


def vehicle_context(data: SiteData, spec: Any) -> dict[str, Any]:
    """Everything the vehicle page shows but its terms table (`context.vehicle` renders that)."""
    catalog = data.catalog
    entry = catalog.vehicles[spec.entry.split("/", 1)[1]]
    awards = awards_of(data, entry)
    return {
        "entry": entry,
        "awards": awards,
        "numbered": any(award.data.get("award_number") for award in awards),
        "vendors": {award.vendor_id: catalog.vendors.get(award.vendor_id) for award in awards},
        "solutions": {
            award.id: len(data.indexes.solutions_by_contract.get(award.id, [])) for award in awards
        },
        "differences": differences(entry, awards, data.currency),
        "lots": lot_holders(entry, awards),
        "lapsed": data.standing.get(entry.key, ()),
        "waived": data.indexes.waived.get(entry.key, []),
    }
