"""Every ready solution and contract meets the scenario's requirements.

A scenario states what a solution must hold to be relied on in that emergency (`requirements`):
a confirmed-breach notice within 24 hours, $5M of cyber cover, service within 12 hours. Each
ready solution is checked under each of its contracts that a covered buyer type may order under
(its effective terms there, overrides included), and each ready contract against its own terms,
with the terms engine's meaning of an unstated term. The draft determination then states only
what is verified here. A credential that time has lapsed since is a lapse (see `lapses.py`): a
warning in the nightly build, an error for a change to the scenario's file.

FAIL:
    requirements:
      data_protection.breach_notification.confirmed_breach_hours: {max: 24}
    ready_solutions: [acme-crm]    # 72 h under its contract

PASS:
    requirements:
      data_protection.breach_notification.confirmed_breach_hours: {max: 24}
    ready_solutions: [acme-crm]    # 24 h: the contract's 72 h, tightened by an override

Fix: Pre-position solutions that meet the requirement (or record the override or amendment that
makes them meet it); or, if the risk assessment asks too much, change the requirement.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..eligibility import eligibility
from ..model import Catalog, Scenario, Status
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem
from ..requirements import CREDENTIAL_PREFIX, Check, Spec, check_contract, check_offering, specs

ID = "scenario-requirements"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _fails(check: Check) -> str:
    if check.spec.path.startswith(CREDENTIAL_PREFIX):
        state = "has lapsed" if check.lapsed else "is not held"
        return f"a {check.spec.label} {state}; the scenario requires one ({check.spec.path})"
    return (
        f"{check.spec.label} is {check.shown}; the scenario requires {check.spec.words} ({check.spec.path})"
    )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        found = specs(scenario.data.get("requirements") or {}, policy)
        if found:
            yield from _check_scenario(scenario, found, catalog, policy)


def _check_scenario(
    scenario: Scenario, found: list[Spec], catalog: Catalog, policy: Policy
) -> Iterator[Problem]:
    covered = [b for b in scenario.buyer_types if b in policy.buyer_types]
    for position, ref in enumerate(scenario.data["ready_solutions"]):
        solution = catalog.solutions.get(ref)
        if solution is None:
            continue
        for offering in solution.offerings:
            contract = catalog.contracts[offering.contract_id]
            if contract.validity.status is Status.EXPIRED:
                continue  # nothing is ordered under it any more
            if covered and not any(eligibility(contract, b, policy, catalog.today).eligible for b in covered):
                continue  # no buyer this scenario covers would order it this way
            for result in check_offering(found, offering.effective_terms, solution, policy, catalog.today):
                if not result.met:
                    yield at_entry(
                        scenario,
                        f"/ready_solutions/{position}",
                        ID,
                        f'solution "{ref}" under contract "{contract.id}": {_fails(result)}',
                        _hint(result.spec.path, result.spec.is_term, result.lapsed),
                        result.spec.path,
                        level=LEVEL,
                        lapsed=result.lapsed_on,
                    )
    for position, ref in enumerate(scenario.data.get("ready_contracts", [])):
        ready = catalog.contracts.get(ref)
        if ready is None:
            continue
        for result in check_contract(found, ready.terms):
            if not result.met:
                yield at_entry(
                    scenario,
                    f"/ready_contracts/{position}",
                    ID,
                    f'contract "{ref}": {_fails(result)}',
                    "pre-position a contract that meets it, or have the contract amended",
                    result.spec.path,
                )


def _hint(path: str, is_term: bool, lapsed: bool) -> str:
    if lapsed:
        return "record the renewed credential, or take the solution off this scenario until it is"
    if is_term:
        return f"tighten it with `terms_overrides.{path}` in the solution (if agreed), amend the contract, or pre-position another solution"
    return "pre-position another solution, or correct the solution's data if it is out of date"
