"""Who may order under a contract, per buyer type: the one answer rules, pages and exports share.

A contract this jurisdiction awarded opens itself to the buyer types it lists. A contract another
state awarded (a cooperative contract) is open to this jurisdiction's buyers only through a
participating addendum signed for this jurisdiction: statewide, or by one entity for itself. A
federal schedule is open to state and local buyers only through a federal program the vendor
opted into, under the conditions the contract states. Ordering thresholds may differ per buyer
type, so each answer carries the bands that apply to it.

`eligible` is the standing the data gives (it does not change with the date); `in_force` adds the
date: the contract running and the addendum signed and not ended. A buyer may order today when
both hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import terms
from .model import Contract, Status
from .policy import Policy

IN_STATE, OTHER_STATE, FEDERAL = "in_state", "other_state", "federal"
ORIGIN_WORDS = {
    IN_STATE: "awarded by this jurisdiction",
    OTHER_STATE: "awarded by another state",
    FEDERAL: "a federal contract",
}
METHOD_WORDS = {
    "direct_order": "direct order",
    "rfq": "request for quote (RFQ)",
    "mini_bid": "mini-bid",
    "quote": "quote",
}


@dataclass(frozen=True)
class Band:
    """Orders up to `up_to` (None: above every threshold, or any amount) and how they are placed."""

    up_to: int | None
    method: str
    requirement: str


@dataclass(frozen=True)
class LocalTerm:
    text: str
    section: str


@dataclass(frozen=True)
class Addendum:
    index: int  # position in `participating_addenda`, for locating problems
    party: str
    jurisdiction: str
    entity: str
    signed_by: str
    signed: date
    expires: date | None
    number: str
    buyer_types: tuple[str, ...]
    document_url: str
    local_terms: tuple[LocalTerm, ...]

    def in_force(self, today: date) -> bool:
        return self.signed <= today and (self.expires is None or self.expires >= today)


@dataclass(frozen=True)
class Eligibility:
    """Whether one buyer type may order under one contract, and how."""

    contract: Contract
    buyer_type: str
    eligible: bool
    in_force: bool
    reason: str  # in words: why, or why not
    addendum: Addendum | None  # the addendum that opens it, if any
    entities: tuple[str, ...]  # entities that may order for themselves when the buyer type may not
    bands: tuple[Band, ...]
    conditions: tuple[str, ...]

    @property
    def may_order_today(self) -> bool:
        return self.eligible and self.in_force


def origin(contract: Contract, policy: Policy) -> str:
    code = (contract.issuing_authority or {}).get("jurisdiction")
    if not code or code == policy.jurisdiction_code:
        return IN_STATE
    return FEDERAL if code == "US" else OTHER_STATE


def awarding_law(contract: Contract, policy: Policy) -> str:
    """The law code of the government that awarded the contract."""
    return str((contract.issuing_authority or {}).get("jurisdiction") or policy.jurisdiction_code)


def addenda(contract: Contract) -> list[Addendum]:
    found = []
    for index, item in enumerate(contract.data["eligibility"].get("participating_addenda") or ()):
        found.append(
            Addendum(
                index,
                str(item["party"]),
                str(item["jurisdiction"]),
                str(item.get("entity") or ""),
                str(item["signed_by"]),
                date.fromisoformat(item["signed"]),
                date.fromisoformat(item["expires"]) if item.get("expires") else None,
                str(item.get("number") or ""),
                tuple(item["buyer_types"]),
                str(item.get("document_url") or ""),
                tuple(
                    LocalTerm(str(t["text"]), str(t.get("section") or ""))
                    for t in item.get("local_terms") or ()
                ),
            )
        )
    return found


def bands(contract: Contract, buyer_type: str) -> tuple[Band, ...]:
    """The ordering bands for `buyer_type`, lowest first, ending with the open-ended one."""
    ordering: Mapping[str, Any] = contract.data["ordering"]
    method = str(ordering["method"])
    applying = sorted(
        (t for t in ordering.get("thresholds") or () if buyer_type in t.get("buyer_types", (buyer_type,))),
        key=lambda t: int(t["up_to"]),
    )
    found = [Band(int(t["up_to"]), str(t.get("method") or method), str(t["requirement"])) for t in applying]
    found.append(Band(None, method, "" if applying else "any amount, as the ordering instructions say"))
    return tuple(found)


def eligibility(contract: Contract, buyer_type: str, policy: Policy, today: date) -> Eligibility:
    """Whether `buyer_type` may order under `contract`, and how."""
    section: Mapping[str, Any] = contract.data["eligibility"]
    label = policy.buyer_label(buyer_type)
    running = contract.validity.status in {Status.ACTIVE, Status.EXPIRING}
    conditions = tuple(section.get("conditions") or ())

    def answer(
        eligible: bool,
        in_force: bool,
        reason: str,
        addendum: Addendum | None = None,
        entities: tuple[str, ...] = (),
    ) -> Eligibility:
        found = bands(contract, buyer_type) if eligible else ()
        return Eligibility(
            contract, buyer_type, eligible, in_force, reason, addendum, entities, found, conditions
        )

    if buyer_type not in section["buyer_types"]:
        return answer(False, running, f"the contract is not open to {_lower(label)}")
    kind = origin(contract, policy)
    if kind != OTHER_STATE:
        how = (
            "the contract is open to them"
            if kind == IN_STATE
            else "open through the federal program it names"
        )
        return answer(True, running, how if running else f"the contract is {contract.validity.label}")
    own = [
        a
        for a in addenda(contract)
        if a.jurisdiction == policy.jurisdiction_code and buyer_type in a.buyer_types
    ]
    statewide = [a for a in own if not a.entity]
    if statewide:
        addendum = max(statewide, key=lambda a: (a.in_force(today), a.signed))
        reason = f"through the participating addendum signed by {addendum.party}"
        if not addendum.in_force(today):
            reason += f" (not in force on {today.isoformat()})"
        elif not running:
            reason = f"the contract is {contract.validity.label}"
        return answer(True, running and addendum.in_force(today), reason, addendum)
    entities = tuple(sorted({a.entity for a in own if a.in_force(today)}))
    where = policy.data.get("jurisdiction") or "this jurisdiction"
    reason = f"no participating addendum opens it to {_lower(label)} of {where}"
    if entities:
        reason += "; only " + ", ".join(entities) + " signed one for itself"
    return answer(False, running, reason, entities=entities)


def all_buyers(contract: Contract, policy: Policy, today: date) -> list[Eligibility]:
    """The answer for every buyer type of the policy, in the policy's order."""
    return [eligibility(contract, buyer_type, policy, today) for buyer_type in policy.buyer_types]


def band_words(band: Band, currency: str) -> str:
    """ "up to $50,000: direct order (a single quote is enough)"."""
    amount = f"up to {terms.format_money(band.up_to, currency)}" if band.up_to is not None else "above that"
    method = METHOD_WORDS.get(band.method, band.method.replace("_", " "))
    detail = f" ({band.requirement})" if band.requirement else ""
    return f"{amount}: {method}{detail}"


def bands_words(found: tuple[Band, ...], currency: str) -> list[str]:
    if len(found) == 1 and found[0].up_to is None:
        return [f"any amount: {METHOD_WORDS.get(found[0].method, found[0].method)}"]
    return [band_words(band, currency) for band in found]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
