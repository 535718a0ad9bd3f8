"""The jurisdiction's buyer types and emergency authorities, read from the terms policy.

Emergency authority belongs to a purchase, not to a contract: it comes from the buyer's own
procurement law (a statutory emergency exemption), from an executive order suspending that law in
a declared disaster, from the federal rules for buyers spending federal award money, or from a
federal program. Which of these a buyer may use depends on its buyer type, so the policy lists
both and this module gives them a typed shape. `check_law` finds what the schema cannot see: an
authority naming a buyer type the policy does not define, or the federal exigency rule applied to
a buyer the federal rules treat as a state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KIND_WORDS = {
    "statutory_emergency": "emergency exemption in the buyer's procurement law",
    "declared_emergency_suspension": "suspension of competition statutes in a declared disaster",
    "federal_exigency": "federal rule for buyers spending federal award money",
    "federal_program": "federal purchasing program",
}
PROGRAM_WORDS = {
    "gsa_disaster_purchasing": "GSA Disaster Purchasing",
    "gsa_cooperative_purchasing": "GSA Cooperative Purchasing",
}
# How 2 CFR 200.317 treats a buyer that spends federal award money.
FEDERAL_PROCUREMENT_WORDS = {
    "state": (
        "follows its own state procurement procedures (2 CFR 200.317), adding 2 CFR 200.321-200.323 "
        "and the contract clauses of 2 CFR 200.327 and Appendix II"
    ),
    "non_state": (
        "must meet the federal procurement standards of 2 CFR 200.318-200.327, including the "
        "procurement records of 200.318(i) and the cost or price analysis of 200.324"
    ),
}


@dataclass(frozen=True)
class BuyerType:
    id: str
    label: str
    description: str
    federal_procurement: str  # "state" | "non_state"
    emergency_required: bool


@dataclass(frozen=True)
class Filing:
    what: str
    to: str
    within_days: int | None


@dataclass(frozen=True)
class Authority:
    id: str
    title: str
    kind: str
    citation: str
    short_citation: str  # for compact tables; the citation when the policy gives none
    fictional: bool
    modeled_on: str
    source_url: str
    description: str
    buyer_types: tuple[str, ...]
    conditions: tuple[str, ...]
    declared_by: str
    approved_by: str
    waives: tuple[str, ...]
    still_required: tuple[str, ...]
    documentation: tuple[str, ...]
    filings: tuple[Filing, ...]
    max_duration_days: int | None
    duration_note: str
    max_order_value: int | None
    program: str  # the federal program a contract must take part in, "" for none
    federal_note: str
    also_meet: tuple[str, ...]

    @property
    def cited(self) -> str:
        """The citation as a determination prints it, marked when it is a demo's invention."""
        return f"{self.citation} (fictional)" if self.fictional else self.citation

    def applies_to(self, buyer_type: str) -> bool:
        return buyer_type in self.buyer_types


def buyer_types_of(data: Mapping[str, Any]) -> dict[str, BuyerType]:
    return {
        key: BuyerType(
            key,
            str(item["label"]),
            str(item["description"]),
            str(item["federal_procurement"]),
            bool(item["emergency_required"]),
        )
        for key, item in (data.get("buyer_types") or {}).items()
    }


def authorities_of(data: Mapping[str, Any]) -> dict[str, Authority]:
    found = {}
    for key, item in (data.get("emergency_authorities") or {}).items():
        federal = item.get("federal_funds") or {}
        found[key] = Authority(
            id=key,
            title=str(item["title"]),
            kind=str(item["kind"]),
            citation=str(item["citation"]),
            short_citation=str(item.get("short_citation") or item["citation"]),
            fictional=item["citation_status"] == "fictional",
            modeled_on=str(item.get("modeled_on") or ""),
            source_url=str(item.get("source_url") or ""),
            description=str(item.get("description") or ""),
            buyer_types=tuple(item["buyer_types"]),
            conditions=tuple(item.get("conditions") or ()),
            declared_by=str(item["declared_by"]),
            approved_by=str(item["approved_by"]),
            waives=tuple(item["waives"]),
            still_required=tuple(item.get("still_required") or ()),
            documentation=tuple(item["documentation"]),
            filings=tuple(
                Filing(str(f["what"]), str(f["to"]), f.get("within_days")) for f in item.get("filings") or ()
            ),
            max_duration_days=item.get("max_duration_days"),
            duration_note=str(item.get("duration_note") or ""),
            max_order_value=item.get("max_order_value"),
            program=str(item.get("program") or ""),
            federal_note=str(federal.get("note") or ""),
            also_meet=tuple(federal.get("also_meet") or ()),
        )
    return found


@dataclass(frozen=True)
class LawIssue:
    pointer: str  # JSON pointer into the policy file
    message: str
    hint: str


def check_law(data: Mapping[str, Any]) -> list[LawIssue]:
    """What makes the policy's buyer types and authorities contradict themselves or the law."""
    buyer_types = buyer_types_of(data)
    authorities = authorities_of(data)
    issues = []
    known = ", ".join(buyer_types) or "none"
    for authority in authorities.values():
        base = f"/emergency_authorities/{authority.id}"
        for index, buyer_type in enumerate(authority.buyer_types):
            if buyer_type not in buyer_types:
                issues.append(
                    LawIssue(
                        f"{base}/buyer_types/{index}",
                        f'authority "{authority.id}" names buyer type "{buyer_type}", which '
                        "`buyer_types` does not define",
                        f"use one of: {known}, or add it under `buyer_types`",
                    )
                )
            elif (
                authority.kind == "federal_exigency"
                and buyer_types[buyer_type].federal_procurement == "state"
            ):
                issues.append(
                    LawIssue(
                        f"{base}/buyer_types/{index}",
                        f'authority "{authority.id}" applies the federal exigency rule to "{buyer_type}", '
                        "which the federal rules treat as a state: under 2 CFR 200.317 a state follows "
                        "its own procurement procedures, not 2 CFR 200.320",
                        f'remove "{buyer_type}" from it, or mark the buyer type `federal_procurement: non_state`',
                    )
                )
        for index, other in enumerate(authority.also_meet):
            if other not in authorities:
                issues.append(
                    LawIssue(
                        f"{base}/federal_funds/also_meet/{index}",
                        f'authority "{authority.id}" must also meet "{other}", which '
                        "`emergency_authorities` does not define",
                        "name an authority defined in this file",
                    )
                )
        if authority.kind == "federal_program" and not authority.program:
            issues.append(
                LawIssue(
                    base,
                    f'authority "{authority.id}" is a federal program but names no `program`',
                    "add `program:` (e.g. gsa_disaster_purchasing): only contracts whose vendor "
                    "opted into it can be used",
                )
            )
        if authority.program and authority.kind != "federal_program":
            issues.append(
                LawIssue(
                    f"{base}/program",
                    f'authority "{authority.id}" names a program but is not of kind federal_program',
                    "remove `program:` or set `kind: federal_program`",
                )
            )
    return issues
