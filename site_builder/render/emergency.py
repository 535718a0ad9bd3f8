"""What a buyer needs in an emergency, who may buy, and whom to call: view models computed from the data.

A solution page opens with the emergency panel and each scenario lists its ready solutions with the
same facts. Every page and the compare data take them from the two functions here
(`emergency_panel`, `who_may_buy`). Who may order under a contract comes from the eligibility
model (buyer types, participating addenda); which emergency authority a buyer may rely on, with
its limits, is per buyer type (render/buyers.py): the panel gives the contract to cite and what the
contract itself says about emergency orders, and points to that answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .. import terms
from ..emergency import provisions
from ..model import STATUS_ORDER, Contract, Solution, Status, Validity
from .buyers import contract_answers, provisions_words
from .sitedata import SiteData

# "24/7", "24 x 7", "24 hours", "around the clock": a line that answers at any hour.
_ROUND_THE_CLOCK = re.compile(
    r"24\s*[/x×]\s*7|24\s*hours|round[- ]the[- ]clock|around the clock", re.IGNORECASE
)


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    email: str = ""
    phone: str = ""
    hours: str = ""

    @property
    def round_the_clock(self) -> bool:
        return bool(_ROUND_THE_CLOCK.search(self.hours))

    @cached_property  # read by `unique` and by the page's tel: link
    def dial(self) -> str:
        """The number as a tel: link wants it: digits and a leading plus only."""
        return re.sub(r"[^\d+]", "", self.phone)


@dataclass(frozen=True)
class Route:
    """One contract a solution may be ordered under, with what the contract itself says about
    emergency orders. That is never a legal basis: emergency authority belongs to the purchase and
    depends on the buyer type (see `buyers.answer`)."""

    contract: Contract
    status: Validity
    addenda: tuple[str, ...]  # numbers of the participating addenda in force that open it here
    provisions: tuple[str, ...]  # the contract's other emergency provisions, in words
    order_limit: str  # the contract's emergency order ceiling, formatted; "" when it sets none
    max_days: int | None  # the contract's longest emergency order
    buyers: tuple[str, ...]  # who may order under it today, in words

    @property
    def usable(self) -> bool:
        return self.status.status in {Status.ACTIVE, Status.EXPIRING} and bool(self.buyers)


@dataclass(frozen=True)
class Panel:
    solution: Solution
    lead_time_hours: int | None
    response_time_hours: int | None
    surge: str
    routes: tuple[Route, ...]  # usable contracts first
    hotline: Contact | None  # the security-incident line, 24/7 ones first
    desk: tuple[Contact, ...]  # the contract desk of the first route
    gaps: tuple[str, ...]  # what a buyer would look for and the data does not say

    @property
    def usable(self) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.usable)


def contacts_of(items: Iterable[Mapping[str, Any]]) -> list[Contact]:
    return [
        Contact(
            str(c["role"]),
            str(c["name"]),
            str(c.get("email") or ""),
            str(c.get("phone") or ""),
            str(c.get("hours") or ""),
        )
        for c in items
    ]


def unique(contacts: Iterable[Contact], seen: set[tuple[str, str]] | None = None) -> list[Contact]:
    """Each contact once, in first-seen order: a solution often repeats its vendor's hotline, and a
    contract its vendor's desk under a longer name. The same role at the same address or number is
    the same contact. `seen` carries what earlier groups already showed."""
    seen = set() if seen is None else seen
    found = []
    for contact in contacts:
        keys = {(contact.role, key) for key in (contact.email.lower(), contact.dial, contact.name) if key}
        if keys & seen:
            continue
        seen.update(keys)
        found.append(contact)
    return found


def who_may_buy(data: SiteData, contract: Contract) -> tuple[str, ...]:
    """The buyer types that may order under `contract` today, in words; an entity that signed a
    participating addendum for itself is named where its buyer type as a whole may not."""
    found = []
    for item in contract_answers(data, contract):
        if item.may_order:
            found.append(item.buyer.label)
        elif item.eligibility.entities:
            found.append(f"{item.buyer.label}: only {', '.join(item.eligibility.entities)}")
    return tuple(found)


def _route(data: SiteData, contract: Contract) -> Route:
    own = provisions(contract)
    return Route(
        contract,
        contract.validity,
        tuple(
            dict.fromkeys(
                a.addendum.number
                for a in contract_answers(data, contract)
                if a.may_order and a.addendum and a.addendum.number
            )
        ),
        tuple(provisions_words(data, contract, limits=False)),
        terms.format_money(own.max_order_value, data.currency) if own.max_order_value is not None else "",
        own.max_term_days,
        who_may_buy(data, contract),
    )


def route(data: SiteData, contract: Contract) -> Route:
    """The route of `contract` (the same for every solution under it: computed once per build)."""
    return data.memo(("route", contract.id), lambda: _route(data, contract))


def hotline(data: SiteData, solution: Solution) -> Contact | None:
    """The solution's security-incident line, else its vendor's; a 24/7 one first."""
    vendor = data.catalog.vendors.get(solution.vendor_id)
    return incident_line(
        [*solution.data.get("contacts", []), *(vendor.data.get("contacts", []) if vendor else [])]
    )


def incident_line(contacts: Iterable[Mapping[str, Any]]) -> Contact | None:
    """The first security-incident contact with a number or address, each once, a 24/7 one first."""
    # `unique` tells contacts apart within a role, so the other roles' contacts change nothing.
    incident = [c for c in contacts if str(c["role"]) == "security_incident"]
    found = [c for c in unique(contacts_of(incident)) if c.phone or c.email]
    found.sort(key=lambda c: not c.round_the_clock)  # stable: the entry's own order otherwise
    return found[0] if found else None


def _desk(data: SiteData, contract: Contract) -> tuple[Contact, ...]:
    """A contract's desk, each contact once (the same on every panel: computed once per build)."""
    return data.memo(("desk", contract.id), lambda: tuple(unique(contacts_of(contract.contacts))))


def emergency_panel(data: SiteData, solution: Solution) -> Panel:
    """Everything the emergency panel and a scenario's list show for one solution: the contracts
    a buyer may order it under today first, those whose terms speak of emergency orders before the
    others."""
    catalog = data.catalog
    contracts = [catalog.contracts[c] for c in dict.fromkeys(o.contract_id for o in solution.offerings)]
    routes = sorted(
        (route(data, c) for c in contracts),
        key=lambda r: (
            not r.usable,
            not r.provisions,
            STATUS_ORDER.index(r.status.status),
            r.contract.number,
        ),
    )
    line = hotline(data, solution)
    readiness: Mapping[str, Any] = solution.data.get("emergency") or {}
    gaps = []
    lapses = data.standing.get(solution.key, ())
    if lapses:
        gaps.append(f"it is not currently orderable since {lapses[0].since.isoformat()} ({lapses[0].reason})")
    if not any(r.usable for r in routes):
        gaps.append("no buyer type of this jurisdiction may order it under any of its contracts today")
    if line is None:
        gaps.append("no security-incident contact is recorded; call the vendor's other contacts below")
    elif not line.round_the_clock:
        gaps.append("the incident line is not staffed around the clock")
    desk_from = routes[0].contract if routes else None
    return Panel(
        solution,
        readiness.get("lead_time_hours"),
        readiness.get("response_time_hours"),
        str(readiness.get("surge_capacity") or ""),
        tuple(routes),
        line,
        _desk(data, desk_from) if desk_from else (),
        tuple(gaps),
    )
