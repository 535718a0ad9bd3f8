"""Per buyer type, under one contract: may I buy, up to what amount, by which method, today and in
a declared emergency. One view model, computed once per contract and buyer type per build, that
solution pages, contract pages, scenario pages and the compare data all lay out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import terms
from ..eligibility import Addendum, Eligibility, bands_words, eligibility
from ..emergency import Route, federal_rule, provisions, routes
from ..model import Contract, Solution
from ..policy.law import KIND_WORDS, Authority, BuyerType
from .sitedata import SiteData


@dataclass(frozen=True)
class Option:
    """One emergency authority, in the words a buyer acts on."""

    authority: Authority
    kind: str  # in words
    usable: bool
    why_not: str
    order_limit: str  # "$2M (the contract's emergency ceiling)", or "" when nothing caps it
    max_days: str  # "90 days (the law)", or ""


@dataclass(frozen=True)
class Answer:
    contract: Contract
    buyer: BuyerType
    eligibility: Eligibility
    headline: str  # "Yes", "No", "Not now"
    bands: tuple[str, ...]
    cite: str  # what to cite on the purchase order
    options: tuple[Option, ...]
    federal_rule: str
    federal: tuple[Authority, ...]

    @property
    def may_order(self) -> bool:
        return self.eligibility.may_order_today

    @property
    def addendum(self) -> Addendum | None:
        return self.eligibility.addendum


def option(data: SiteData, route: Route) -> Option:
    limit = ""
    if route.order_limit is not None:
        source = (
            "the contract's emergency ceiling" if route.limit_from == "the contract" else route.limit_from
        )
        limit = f"{terms.format_money(route.order_limit, data.currency)} ({source})"
    days = f"{route.max_days} days ({route.days_from})" if route.max_days is not None else ""
    return Option(
        route.authority,
        KIND_WORDS.get(route.authority.kind, route.authority.kind),
        route.usable,
        route.why_not,
        limit,
        days,
    )


def answer(data: SiteData, contract: Contract, buyer_type: str) -> Answer:
    """The answer for `buyer_type` under `contract` (computed once per build)."""
    return data.memo(("answer", contract.id, buyer_type), lambda: _answer(data, contract, buyer_type))


def _answer(data: SiteData, contract: Contract, buyer_type: str) -> Answer:
    buyer = data.policy.buyer_types[buyer_type]
    found = eligibility(contract, buyer_type, data.policy, data.as_of)
    headline = "Yes" if found.may_order_today else "Not now" if found.eligible else "No"
    cite = f"contract {contract.number}"
    if contract.data.get("award_number"):
        cite += f" ({contract.data['award_number']})"
    if found.addendum and found.addendum.number:
        cite += f" and participating addendum {found.addendum.number}"
    rule, federal = federal_rule(data.policy, buyer)
    return Answer(
        contract,
        buyer,
        found,
        headline,
        tuple(bands_words(found.bands, data.currency)) if found.eligible else (),
        cite,
        tuple(option(data, r) for r in routes(data.policy, contract, buyer_type) if r.usable)
        if found.eligible
        else (),
        rule,
        federal,
    )


def contract_answers(data: SiteData, contract: Contract) -> list[Answer]:
    """Every buyer type of the policy under one contract, in the policy's order."""
    return [answer(data, contract, buyer_type) for buyer_type in data.policy.buyer_types]


def solution_answers(data: SiteData, solution: Solution) -> list[tuple[BuyerType, list[Answer]]]:
    """Per buyer type, the answer under each contract the solution is offered under."""
    contracts = [data.catalog.contracts[c] for c in dict.fromkeys(o.contract_id for o in solution.offerings)]
    return [
        (buyer, [answer(data, contract, buyer.id) for contract in contracts])
        for buyer in data.policy.buyer_types.values()
    ]


def provisions_words(data: SiteData, contract: Contract, limits: bool = True) -> list[str]:
    """What the contract itself says about emergency orders (never a legal basis), in words;
    without its order ceiling and longest term when `limits` is false (shown apart)."""
    own = provisions(contract)
    found = []
    if own.expedited_ordering:
        found.append(own.expedited_ordering)
    if own.ordering_hours:
        found.append(f"emergency orders taken {own.ordering_hours}")
    if own.work_before_purchase_order:
        found.append("the vendor starts work before the purchase order arrives")
    if limits and own.max_order_value is not None:
        found.append(f"emergency orders up to {terms.format_money(own.max_order_value, data.currency)}")
    if limits and own.max_term_days is not None:
        found.append(f"emergency orders run at most {own.max_term_days} days")
    return found
