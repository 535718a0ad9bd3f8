"""What a scenario pre-positions can really be bought, by the buyers it covers.

A scenario is what a buyer cites for an emergency purchase, so every solution it names must be
marked ready for emergencies and be open to at least one buyer type the scenario covers, under a
contract that buyer type may order under (for a cooperative contract: through a participating
addendum). Every buyer type it covers must be able to order at least one of its solutions or
contracts, and a federal program it names for a buyer type needs a ready solution on a contract
whose vendor opted into that program.

FAIL:
    authorities:
      - {buyer_type: school_district, authority: school_district_emergency}
    ready_solutions: [acme-crm]   # its only contract is open to state agencies alone

PASS:
    authorities:
      - {buyer_type: state_agency, authority: state_agency_emergency}
    ready_solutions: [acme-crm]   # emergency: {ready: true}; its contract is open to state agencies

Fix: Pre-position only solutions marked `emergency: {ready: true}` on contracts the covered buyer
types may order under, or cover the buyer types those contracts are open to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..eligibility import eligibility
from ..emergency import provisions
from ..model import Catalog, Contract, Scenario
from ..policy import Policy
from ..policy.findings import at_entry
from ..policy.law import PROGRAM_WORDS
from ..problems import Level, Problem

ID = "scenario-readiness"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _open(contract: Contract, buyer_type: str, policy: Policy, catalog: Catalog) -> bool:
    return eligibility(contract, buyer_type, policy, catalog.today).eligible


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        yield from _check_scenario(scenario, catalog, policy)


def _check_scenario(scenario: Scenario, catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    covered = [b for b in scenario.buyer_types if b in policy.buyer_types]
    reachable: dict[str, bool] = dict.fromkeys(covered, False)
    for position, ref in enumerate(scenario.data["ready_solutions"]):
        solution = catalog.solutions.get(ref)
        if solution is None:
            continue
        pointer = f"/ready_solutions/{position}"
        if not solution.emergency_ready:
            yield at_entry(
                scenario,
                pointer,
                ID,
                f'solution "{ref}" is not marked ready for emergency purchases',
                f"set `emergency: {{ready: true, …}}` in catalog/solutions/{ref}.yaml or remove it from this scenario",
            )
        if any(f"contracts/{item['contract']}" in catalog.broken for item in solution.data["offered_under"]):
            reachable = dict.fromkeys(covered, True)  # a contract with errors of its own: not judged again
            continue
        contracts = [catalog.contracts[o.contract_id] for o in solution.offerings]
        buyers = [b for b in covered if any(_open(c, b, policy, catalog) for c in contracts)]
        for buyer in buyers:
            reachable[buyer] = True
        if covered and not buyers:
            yield at_entry(
                scenario,
                pointer,
                ID,
                f'solution "{ref}" is not open to any buyer type this scenario covers ('
                + ", ".join(covered)
                + ") under any of its contracts",
                "pre-position a solution those buyers may order, or cover the buyer types its contracts are open to",
            )
    for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
        contract = catalog.contracts.get(ref)
        if contract is None:
            continue
        buyers = [b for b in covered if _open(contract, b, policy, catalog)]
        for buyer in buyers:
            reachable[buyer] = True
        if covered and not buyers:
            yield at_entry(
                scenario,
                f"/ready_contracts/{position}",
                ID,
                f'contract "{ref}" is not open to any buyer type this scenario covers',
                "remove it, or cover a buyer type it is open to",
            )
    for index, (buyer_type, name) in enumerate(scenario.authority_pairs):
        if buyer_type in reachable and not reachable[buyer_type]:
            reachable[buyer_type] = True  # reported once per buyer type
            yield at_entry(
                scenario,
                f"/authorities/{index}/buyer_type",
                ID,
                f"{policy.buyer_label(buyer_type).lower()} may order none of the ready solutions or contracts",
                "pre-position a solution on a contract open to them, or list them under `not_covered`",
            )
        authority = policy.authorities.get(name)
        if authority is None or not authority.program or not authority.applies_to(buyer_type):
            continue
        if not _program_served(scenario, catalog, policy, authority.program, buyer_type):
            program = PROGRAM_WORDS.get(authority.program, authority.program)
            yield at_entry(
                scenario,
                f"/authorities/{index}/authority",
                ID,
                f"no ready solution is on a contract whose vendor opted into {program} and that "
                f"{policy.buyer_label(buyer_type).lower()} may order under",
                "pre-position a solution on such a contract, or remove this authority",
            )


def _program_served(
    scenario: Scenario, catalog: Catalog, policy: Policy, program: str, buyer_type: str
) -> bool:
    for ref in scenario.data["ready_solutions"]:
        solution = catalog.solutions.get(ref)
        for offering in solution.offerings if solution else ():
            contract = catalog.contracts[offering.contract_id]
            if program in provisions(contract).federal_programs and _open(
                contract, buyer_type, policy, catalog
            ):
                return True
    return False
