"""What a buyer may do in an emergency under one contract: the authorities of its buyer type that
the contract can serve, with the order limit and longest term that then apply.

The authority is the buyer's law (or a federal program); the contract only adds what it says about
emergency orders: a faster path, a ceiling the vendor agreed to, the federal programs its vendor
opted into. A federal program's authority serves only a contract that takes part in it. The
federal exigency rule is not a route of its own here: it is what a non-state buyer must also meet
when federal award money pays, and `federal_rule` words that per buyer type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Contract
from .policy import Policy
from .policy.law import FEDERAL_PROCUREMENT_WORDS, PROGRAM_WORDS, Authority, BuyerType


@dataclass(frozen=True)
class Provisions:
    """A contract's own emergency provisions (never a legal basis)."""

    expedited_ordering: str
    ordering_hours: str
    work_before_purchase_order: bool | None
    max_order_value: int | None
    max_term_days: int | None
    federal_programs: tuple[str, ...]
    section: str

    @property
    def stated(self) -> bool:
        return bool(
            self.expedited_ordering
            or self.ordering_hours
            or self.work_before_purchase_order is not None
            or self.max_order_value is not None
            or self.max_term_days is not None
            or self.federal_programs
        )


@dataclass(frozen=True)
class Route:
    """One authority a buyer type may use for an emergency order under one contract."""

    authority: Authority
    buyer_type: str
    contract: Contract
    usable: bool
    why_not: str  # when not usable
    order_limit: int | None
    limit_from: str  # "the law" | "the contract" | "" (no limit stated)
    max_days: int | None
    days_from: str


def provisions(contract: Contract) -> Provisions:
    found: Mapping[str, Any] = contract.data.get("emergency_provisions") or {}
    return Provisions(
        str(found.get("expedited_ordering") or ""),
        str(found.get("ordering_hours") or ""),
        found.get("work_before_purchase_order"),
        found.get("max_order_value"),
        found.get("max_term_days"),
        tuple(found.get("federal_programs") or ()),
        str(found.get("section") or ""),
    )


def _least(*pairs: tuple[int | None, str]) -> tuple[int | None, str]:
    stated = [(value, source) for value, source in pairs if value is not None]
    return min(stated, key=lambda pair: pair[0]) if stated else (None, "")


def route(
    authority: Authority, buyer_type: str, contract: Contract, scenario_days: int | None = None
) -> Route:
    own = provisions(contract)
    usable, why_not = True, ""
    if authority.program and authority.program not in own.federal_programs:
        usable = False
        why_not = (
            f"the vendor has not opted into {PROGRAM_WORDS.get(authority.program, authority.program)} "
            "under this contract"
        )
    limit, limit_from = _least((authority.max_order_value, "the law"), (own.max_order_value, "the contract"))
    days, days_from = _least(
        (authority.max_duration_days, "the law"),
        (own.max_term_days, "the contract"),
        (scenario_days, "the scenario"),
    )
    return Route(authority, buyer_type, contract, usable, why_not, limit, limit_from, days, days_from)


def routes(policy: Policy, contract: Contract, buyer_type: str) -> list[Route]:
    """Every authority of `buyer_type` except the federal exigency rule, for `contract`: the
    usable ones first, each group in the policy's order."""
    found = [
        route(authority, buyer_type, contract)
        for authority in policy.authorities.values()
        if authority.applies_to(buyer_type) and authority.kind != "federal_exigency"
    ]
    return sorted(found, key=lambda r: not r.usable)


def federal_rule(policy: Policy, buyer_type: BuyerType) -> tuple[str, tuple[Authority, ...]]:
    """What federal award money changes for a buyer type: the rule in words, and the federal
    exigency authorities it would then rely on for a noncompetitive purchase."""
    rule = FEDERAL_PROCUREMENT_WORDS[buyer_type.federal_procurement]
    exigency = tuple(
        a for a in policy.authorities.values() if a.kind == "federal_exigency" and a.applies_to(buyer_type.id)
    )
    return rule, exigency
