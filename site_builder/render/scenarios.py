"""What a scenario page shows besides its determinations: who it covers under which authority,
and its requirements with each ready solution's verified values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Scenario, Status
from ..policy.law import FEDERAL_PROCUREMENT_WORDS, KIND_WORDS, Authority, BuyerType
from ..requirements import check_offering, specs
from . import justification
from .sitedata import SiteData


@dataclass(frozen=True)
class Coverage:
    buyer: BuyerType
    authorities: tuple[Authority, ...]
    reason: str  # why it is not covered, when it is not


@dataclass(frozen=True)
class Value:
    solution: str  # name
    solution_id: str
    contract: str  # number
    shown: str
    met: bool


@dataclass(frozen=True)
class Requirement:
    path: str
    label: str
    words: str
    values: tuple[Value, ...]


def coverage(data: SiteData, scenario: Scenario) -> list[Coverage]:
    """Every buyer type of the policy: the authorities the scenario names for it, or why none."""
    named: dict[str, list[Authority]] = {}
    for buyer_type, authority_id in scenario.authority_pairs:
        if authority_id in data.policy.authorities:
            named.setdefault(buyer_type, []).append(data.policy.authorities[authority_id])
    excused = {item["buyer_type"]: str(item["reason"]) for item in scenario.data.get("not_covered") or ()}
    return [
        Coverage(
            buyer,
            tuple(named.get(buyer.id, ())),
            excused.get(buyer.id, "" if buyer.id in named else "not covered"),
        )
        for buyer in data.policy.buyer_types.values()
    ]


def requirements(data: SiteData, scenario: Scenario) -> list[Requirement]:
    """Each requirement with every ready solution's value under each usable contract."""
    found = specs(scenario.data.get("requirements") or {}, data.policy)
    values: dict[str, list[Value]] = {spec.path: [] for spec in found}
    for ref in scenario.data["ready_solutions"]:
        solution = data.catalog.solutions.get(ref)
        if solution is None:
            continue
        for offering in solution.offerings:
            contract = data.catalog.contracts[offering.contract_id]
            if contract.validity.status is Status.EXPIRED:
                continue
            for check in check_offering(found, offering.effective_terms, solution, data.policy, data.as_of):
                shown = Value(solution.name, solution.id, contract.number, check.shown, check.met)
                values[check.spec.path].append(shown)
    return [Requirement(spec.path, spec.label, spec.words, tuple(values[spec.path])) for spec in found]


def page(data: SiteData, scenario: Scenario) -> dict[str, Any]:
    """What the scenario page lays out (its cards come from the page context)."""
    follow_on = scenario.data["follow_on"]
    return {
        "entry": scenario,
        "contracts": [
            data.catalog.contracts[c]
            for c in scenario.data.get("ready_contracts", [])
            if c in data.catalog.contracts
        ],
        "coverage": coverage(data, scenario),
        "requirements": requirements(data, scenario),
        "follow_on": follow_on,
        "follow_on_plan": justification.PLAN_WORDS[follow_on["plan"]],
        "follow_on_contract": data.catalog.contracts.get(follow_on.get("contract") or ""),
        "determinations": justification.determinations(data, scenario),
        "review": justification.review_status(data, scenario),
    }


def law_page(data: SiteData) -> dict[str, Any]:
    """The emergency purchasing page: the policy's buyer types and authorities."""
    return {
        "buyer_types": list(data.policy.buyer_types.values()),
        "authorities": list(data.policy.authorities.values()),
        "kinds": KIND_WORDS,
        "federal_words": FEDERAL_PROCUREMENT_WORDS,
    }
