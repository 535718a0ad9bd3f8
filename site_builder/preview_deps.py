"""Which entry pages a change to some entries can alter: what depends on what in the model.

An entry's page shows the entries it names and those that name it (a solution's vendor,
contracts, vehicle and the scenarios that name it; a contract's solutions; a vendor's solutions
and contracts), and it prints the names and standing of the entries those name in turn (a
scenario lists its solutions with their vendors; a vendor page lists its solutions with their
contracts). So a changed entry affects its neighbours in both directions, and the vendors,
contracts, vehicles and scenarios next to those; solutions two steps away are not (a solution's
page does not show its contract's other solutions). Both the model before and after the change
are asked, so an entry that left a contract or vendor updates the old one's page too.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Catalog


def neighbours(catalog: Catalog, key: str) -> set[str]:
    """The keys of the entries `key` names or is named by, in `catalog`."""
    kind, _, entry_id = key.partition("/")
    index = catalog.index()
    found: set[str] = set()
    if kind == "solutions" and entry_id in catalog.solutions:
        solution = catalog.solutions[entry_id]
        found.add(f"vendors/{solution.vendor_id}")
        for offering in solution.offerings:
            found.add(f"contracts/{offering.contract_id}")
            if offering.vehicle_id is not None:
                found.add(f"vehicles/{offering.vehicle_id}")
        found.update(f"scenarios/{s}" for s in index.scenarios_by_solution.get(entry_id, ()))
    elif kind == "contracts" and entry_id in catalog.contracts:
        contract = catalog.contracts[entry_id]
        found.add(f"vendors/{contract.vendor_id}")
        if contract.vehicle is not None:
            found.add(f"vehicles/{contract.vehicle.id}")
        found.update(f"solutions/{s}" for s in index.solutions_by_contract.get(entry_id, ()))
        found.update(f"scenarios/{s}" for s in index.scenarios_by_contract.get(entry_id, ()))
    elif kind == "vendors":
        found.update(f"solutions/{s}" for s in index.solutions_by_vendor.get(entry_id, ()))
        found.update(f"contracts/{c}" for c in index.contracts_by_vendor.get(entry_id, ()))
    elif kind == "vehicles":
        for contract_id in index.contracts_by_vehicle.get(entry_id, ()):
            found.add(f"contracts/{contract_id}")
            found.update(f"solutions/{s}" for s in index.solutions_by_contract.get(contract_id, ()))
    elif kind == "scenarios" and entry_id in catalog.scenarios:
        data = catalog.scenarios[entry_id].data
        found.update(f"solutions/{s}" for s in data.get("ready_solutions", ()))
        found.update(f"contracts/{c}" for c in data.get("ready_contracts", ()))
    return found


def affected_entries(catalogs: Iterable[Catalog], changed: Iterable[str]) -> set[str]:
    """The keys of every entry page that the change of the entries `changed` can alter."""
    catalogs = list(catalogs)
    first = set(changed)
    for key in list(first):
        for catalog in catalogs:
            first |= neighbours(catalog, key)
    second = set(first)
    for key in first:
        for catalog in catalogs:
            second.update(k for k in neighbours(catalog, key) if not k.startswith("solutions/"))
    return second
