"""Every id an entry refers to names an existing entry of the right kind.

A solution's vendor, contracts and lots, a contract's vendor, an award's vehicle and the lots it
won, a scenario's pre-positioned solutions and contracts and the contract its follow-on plan rolls
into are ids of other files; a wrong one would publish a dead link or leave a buyer without the
terms that apply (an award whose vehicle is missing has no terms at all).  A reference to an
entry that exists but has errors of its own is not reported again.

FAIL:
    vendor: acme-crop   # no catalog/vendors/acme-crop.yaml

PASS:
    vendor: acme-corp   # catalog/vendors/acme-corp.yaml exists

Fix: Correct the id, or add the missing entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import did_you_mean
from ..model import Catalog, Entry
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "reference"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _missing(entry: Entry, pointer: str, kind: str, ref: str, catalog: Catalog) -> Iterator[Problem]:
    if f"{kind}s/{ref}" in catalog.broken:
        return
    message = f'there is no {kind} "{ref}" in the catalog'
    advice = f"correct the id, or create it with `catalog new {kind} {ref}`"
    if entry.key in catalog.context:  # never reported: no "did you mean" to work out
        yield at_entry(entry, pointer, ID, message, advice)
        return
    known = sorted(
        {
            *catalog.of_kind(f"{kind}s"),
            *(key.partition("/")[2] for key in catalog.broken if key.startswith(f"{kind}s/")),
        }
    )
    yield at_entry(entry, pointer, ID, message, did_you_mean(ref, known, pointer, advice))


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for entry in [*catalog.contracts.values(), *catalog.detached.values()]:
        if entry.vendor_id not in catalog.vendors:
            yield from _missing(entry, "/vendor", "vendor", entry.vendor_id, catalog)
        if entry.vehicle_id and entry.vehicle is None:
            yield from _missing(entry, "/vehicle", "vehicle", entry.vehicle_id, catalog)
        if entry.vehicle is not None:
            lots = {lot["id"] for lot in entry.vehicle.lots}
            for position, lot in enumerate(entry.data.get("lots_awarded") or []):
                if lot not in lots:
                    yield at_entry(
                        entry,
                        f"/lots_awarded/{position}",
                        ID,
                        f'vehicle "{entry.vehicle.id}" has no lot "{lot}"',
                        "use one of: " + (", ".join(sorted(lots)) or "(the vehicle has no lots)"),
                    )
    for solution in catalog.solutions.values():
        if solution.vendor_id not in catalog.vendors:
            yield from _missing(solution, "/vendor", "vendor", solution.vendor_id, catalog)
        for index, item in enumerate(solution.data["offered_under"]):
            contract = catalog.contracts.get(item["contract"])
            pointer = f"/offered_under/{index}"
            if contract is None:
                yield from _missing(solution, pointer + "/contract", "contract", item["contract"], catalog)
                continue
            lots = {lot["id"] for lot in contract.lots}
            for position, lot in enumerate(item.get("lots", [])):
                if lot not in lots:
                    said = "was not awarded" if contract.vehicle is not None else "has no"
                    yield at_entry(
                        solution,
                        f"{pointer}/lots/{position}",
                        ID,
                        f'contract "{contract.id}" {said} lot "{lot}"',
                        did_you_mean(
                            lot,
                            sorted(lots - set(item.get("lots", []))),
                            f"{pointer}/lots/{position}",
                            "use one of: " + (", ".join(sorted(lots)) or "(the contract has no lots)"),
                        ),
                    )
    for scenario in catalog.scenarios.values():
        for position, ref in enumerate(scenario.data["ready_solutions"]):
            if ref not in catalog.solutions:
                yield from _missing(scenario, f"/ready_solutions/{position}", "solution", ref, catalog)
        for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
            if ref not in catalog.contracts:
                yield from _missing(scenario, f"/ready_contracts/{position}", "contract", ref, catalog)
        follow_on = scenario.data["follow_on"].get("contract")
        if follow_on and follow_on not in catalog.contracts:
            yield from _missing(scenario, "/follow_on/contract", "contract", follow_on, catalog)
