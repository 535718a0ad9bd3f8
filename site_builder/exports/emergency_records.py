"""The computed parts of the open data that the law gives: who may order under each contract and
how, the emergency authorities each scenario relies on with their citations, each solution's
credentials with their standing, and the policy's buyer types and authorities themselves."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..credentials import standings
from ..eligibility import addenda, awarding_law, eligibility, origin
from ..emergency import routes
from ..model import Contract, Scenario, Solution, Validity
from ..policy import Policy
from ..policy.law import Authority


def _status(found: Validity | None) -> dict[str, Any]:
    if found is None:
        return {"status": None, "days_left": None, "status_label": None}
    return {"status": found.status.value, "days_left": found.days_left, "status_label": found.label}


def _standing(found: Validity | None) -> dict[str, Any]:
    """Where a dated credential stands (its program status is `status`)."""
    if found is None:
        return {"standing": None, "days_left": None, "standing_label": None}
    return {"standing": found.status.value, "days_left": found.days_left, "standing_label": found.label}


def authority_record(authority: Authority) -> dict[str, Any]:
    return {
        "id": authority.id,
        "title": authority.title,
        "kind": authority.kind,
        "citation": authority.citation,
        "citation_status": "fictional" if authority.fictional else "real",
        "modeled_on": authority.modeled_on or None,
        "source_url": authority.source_url or None,
    }


def law_document(policy: Policy) -> dict[str, Any]:
    """The policy's buyer types and emergency authorities as published."""
    return {
        "jurisdiction_code": policy.jurisdiction_code,
        "buyer_types": {
            b.id: {
                "label": b.label,
                "description": b.description,
                "federal_procurement": b.federal_procurement,
                "emergency_required": b.emergency_required,
            }
            for b in policy.buyer_types.values()
        },
        "emergency_authorities": {
            a.id: {
                **authority_record(a),
                "description": a.description or None,
                "buyer_types": list(a.buyer_types),
                "conditions": list(a.conditions),
                "declared_by": a.declared_by,
                "approved_by": a.approved_by,
                "waives": list(a.waives),
                "still_required": list(a.still_required),
                "documentation": list(a.documentation),
                "filings": [{"what": f.what, "to": f.to, "within_days": f.within_days} for f in a.filings],
                "max_duration_days": a.max_duration_days,
                "duration_note": a.duration_note or None,
                "max_order_value": a.max_order_value,
                "program": a.program or None,
                "federal_funds": {"note": a.federal_note, "also_meet": list(a.also_meet)}
                if a.federal_note
                else None,
            }
            for a in policy.authorities.values()
        },
    }


def contract_eligibility(contract: Contract, policy: Policy, today: date) -> dict[str, Any]:
    """Who may order under the contract, per buyer type, today and in an emergency."""
    per_buyer = []
    for buyer_type in policy.buyer_types:
        found = eligibility(contract, buyer_type, policy, today)
        per_buyer.append(
            {
                "buyer_type": buyer_type,
                "eligible": found.eligible,
                "may_order_today": found.may_order_today,
                "reason": found.reason,
                "participating_addendum": found.addendum.number or found.addendum.party
                if found.addendum
                else None,
                "entities_only": list(found.entities),
                "order_bands": [
                    {"up_to": b.up_to, "method": b.method, "requirement": b.requirement} for b in found.bands
                ],
                "conditions": list(found.conditions),
                "emergency_authorities": [
                    {
                        **authority_record(r.authority),
                        "usable": r.usable,
                        "why_not": r.why_not or None,
                        "order_limit": r.order_limit,
                        "max_days": r.max_days,
                    }
                    for r in routes(policy, contract, buyer_type)
                ]
                if found.eligible
                else [],
            }
        )
    return {
        "origin": origin(contract, policy),
        "awarding_law": awarding_law(contract, policy),
        "participating_addenda_in_force": [
            a.number or a.party
            for a in addenda(contract)
            if a.jurisdiction == policy.jurisdiction_code and a.in_force(today)
        ],
        "buyers": per_buyer,
    }


def scenario_authorities(scenario: Scenario, policy: Policy) -> list[dict[str, Any]]:
    """Per buyer type the scenario covers, each authority it names, with its citation."""
    return [
        {"buyer_type": buyer_type, **authority_record(policy.authorities[name])}
        for buyer_type, name in scenario.authority_pairs
        if name in policy.authorities
    ]


def solution_credentials(solution: Solution, policy: Policy, today: date) -> list[dict[str, Any]]:
    """Each credential with its standing: when it lapses (or lapsed) and why. `credential` points
    to the credential in the record (`/authorizations/0`), which says its type, level and status:
    they are not repeated here."""
    return [
        {
            "credential": s.pointer,
            "name": s.name,
            "lapses_on": s.until.isoformat() if s.until else None,
            "lapse_basis": s.until_words or None,
            "lapsed": s.lapsed,
            "lapse_reason": s.reason or None,
            **_standing(s.validity),
        }
        for s in standings(solution, policy, today)
    ]


def credential_in(record: Mapping[str, Any], computed: Mapping[str, Any]) -> Mapping[str, Any]:
    """The credential of `record` that an item of its `computed.credentials` points to."""
    section, index = str(computed["credential"]).strip("/").split("/")
    found: Mapping[str, Any] = record[section][int(index)]
    return found
