"""What a scenario pre-positions can really be bought in an emergency.

A scenario is the justification an agency cites for an emergency purchase; every solution and
contract it names must be ready for that: the solution marked ready, offered under a contract
eligible for emergency use, and the scenario's duration within the contracts' limits.

FAIL:
    ready_solutions: [acme-crm]   # but acme-crm has emergency: {ready: false}

PASS:
    ready_solutions: [acme-crm]   # acme-crm has emergency: {ready: true}, on an eligible contract

Fix: Pre-position only solutions marked `emergency: {ready: true}` that are offered under a
contract eligible for emergency use, and keep `max_duration_days` within those contracts'
`max_term_days`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "scenario-readiness"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        duration = scenario.data.get("max_duration_days")
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
                    f"set `emergency: {{ready: true, …}}` in catalog/solutions/{ref}.yaml "
                    "or remove it from this scenario",
                )
            eligible = [
                catalog.contracts[o.contract_id]
                for o in solution.offerings
                if (catalog.contracts[o.contract_id].data.get("emergency_use") or {}).get("eligible")
            ]
            if not eligible:
                yield at_entry(
                    scenario,
                    pointer,
                    ID,
                    f'solution "{ref}" is not offered under any contract eligible for emergency use',
                    "pre-position a solution on an eligible contract, or record the contract's emergency use",
                )
        for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
            contract = catalog.contracts.get(ref)
            if contract is None:
                continue
            use = contract.data.get("emergency_use") or {}
            pointer = f"/ready_contracts/{position}"
            if not use.get("eligible"):
                yield at_entry(
                    scenario,
                    pointer,
                    ID,
                    f'contract "{ref}" is not eligible for emergency use',
                    "remove it from this scenario, or record its emergency use",
                )
            elif duration and use.get("max_term_days") and duration > use["max_term_days"]:
                yield at_entry(
                    scenario,
                    "/max_duration_days",
                    ID,
                    f'the scenario allows {duration} days, but contract "{ref}" limits '
                    f"emergency orders to {use['max_term_days']} days",
                    f"set `max_duration_days: {use['max_term_days']}` or less",
                )
