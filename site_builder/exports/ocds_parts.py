"""The parts of an OCDS release the catalog's entries map to: parties, documents, items, periods,
values and the words for who may buy. `ocds.py` assembles them into one release per process."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from .recordform import changed_terms

CATEGORY_SCHEME = "CATALOG-CATEGORY"

# The catalog's document types in OCDS's documentType codelist; types without a fitting code
# are published without one, their kind stated in the description instead.
DOCUMENT_TYPES = {
    "contract_signed": "contractSigned",
    "appendix": "contractAnnexe",
    "price_list": "contractAnnexe",
    "amendment": "contractAnnexe",
    "how_to_use": "contractSummary",
    "solicitation": "biddingDocuments",
}
SCALES = {"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}
# How orders are awarded among a vehicle's awardees: frameworkAgreementMethod (Techniques extension).
FRAMEWORK_METHODS = {
    "without_reopening_competition": "withoutReopeningCompetition",
    "with_reopening_competition": "withReopeningCompetition",
    "with_and_without_reopening_competition": "withAndWithoutReopeningCompetition",
}


def start(day: str) -> str:
    return f"{day}T00:00:00Z"


def end(day: str) -> str:
    return f"{day}T23:59:59Z"


def words(code: str) -> str:
    return code.replace("_", " ")


def slug(text: str) -> str:
    return (
        re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or hashlib.sha256(text.encode()).hexdigest()[:12]
    )


def period(source: Mapping[str, Any]) -> dict[str, str]:
    found = {"startDate": start(source["start"]), "endDate": end(source["end"])}
    if source.get("max_extent"):
        found["maxExtentDate"] = end(source["max_extent"])
    return found


def value(amount: Any, currency: str) -> dict[str, Any] | None:
    return None if amount is None else {"amount": amount, "currency": currency}


def documents(owner_id: str, found: list[Mapping[str, Any]], first: int = 1) -> list[dict[str, Any]]:
    published = []
    for index, document in enumerate(found, start=first):
        item: dict[str, Any] = {"id": f"{owner_id}-document-{index}", "title": document["title"]}
        code = DOCUMENT_TYPES.get(document["type"])
        if code:
            item["documentType"] = code
        details = [] if code else [words(document["type"]).capitalize()]
        if document.get("section"):
            details.append(f"Section: {document['section']}")
        if details:
            item["description"] = ". ".join(details)
        item["url"] = document["url"]
        published.append(item)
    return published


def supplier(vendor: Mapping[str, Any]) -> dict[str, Any]:
    party: dict[str, Any] = {"id": f"vendor-{vendor['id']}", "name": vendor["legal_name"]}
    identifiers = [
        {"scheme": i["scheme"], "id": i["id"], "legalName": vendor["legal_name"]}
        for i in vendor.get("identifiers", [])
    ]
    if identifiers:
        party["identifier"] = identifiers[0]
        if identifiers[1:]:
            party["additionalIdentifiers"] = identifiers[1:]
    address = vendor.get("address") or {}
    fields = {
        "streetAddress": "street",
        "locality": "locality",
        "region": "region",
        "postalCode": "postal_code",
    }
    located = {ocds: address[own] for ocds, own in fields.items() if address.get(own)}
    if located:
        party["address"] = located
    contacts = sorted(vendor["contacts"], key=lambda c: c["role"] not in {"contract_manager", "sales"})
    contact = {
        "name": contacts[0]["name"],
        "email": contacts[0].get("email"),
        "telephone": contacts[0].get("phone"),
    }
    contact["url"] = vendor.get("homepage")
    party["contactPoint"] = {key: found for key, found in contact.items() if found}
    party["roles"] = ["supplier"]
    if vendor.get("size"):
        party["details"] = {"scale": SCALES[vendor["size"]]}
    return party


def items(contract: Mapping[str, Any], solutions: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The solutions listed under a contract (`contract` as `records.contract_view` gives it)."""
    found = []
    for solution_id in contract["computed"]["solutions"]:
        solution = solutions[solution_id]
        offering = next(o for o in solution["computed"]["offerings"] if o["contract"] == contract["id"])
        item: dict[str, Any] = {
            "id": solution_id,
            # The name says which solution; its summary is in its record (the item's id names it).
            "description": solution["name"],
            "classification": {
                "scheme": CATEGORY_SCHEME,
                "id": solution["category"],
                "description": words(solution["category"]),
            },
        }
        if len(offering["lots"]) == 1:
            item["relatedLot"] = offering["lots"][0]
        # Only the terms that differ: repeating the contract's terms in every item that changes
        # one of them made most of the package, and whole families still more than half of it.
        changed = changed_terms(offering["effective_terms"], contract["terms"])
        if changed:
            item["preNegotiatedTermsChanges"] = changed
        found.append(item)
    return found


def buyer_categories(contract: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The buyer types that may order today, in words; how, when through an addendum or a program."""
    parts = []
    for buyer in contract["computed"]["eligibility"]["buyers"]:
        name = labels.get(buyer["buyer_type"], words(buyer["buyer_type"]))
        if buyer["may_order_today"]:
            via = (
                f" (participating addendum {buyer['participating_addendum']})"
                if buyer["participating_addendum"]
                else ""
            )
            parts.append(name + via)
        elif buyer["entities_only"]:
            parts.append(
                f"{name}: only {', '.join(buyer['entities_only'])}, by its own participating addendum"
            )
    conditions = contract["eligibility"].get("conditions") or []
    text = "; ".join(parts) or "none of this jurisdiction's buyers"
    return text + (". Conditions: " + "; ".join(conditions) if conditions else "")


def addenda(contract: Mapping[str, Any], offset: int, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Participating addenda as documents annexed to the contract (OCDS has no field of its own)."""
    found = []
    for index, addendum in enumerate(
        contract["eligibility"].get("participating_addenda") or [], start=offset + 1
    ):
        opens = ", ".join(labels.get(b, words(b)) for b in addendum["buyer_types"])
        details = [
            f"Participating addendum signed {addendum['signed']} by {addendum['signed_by']}",
            f"opens the contract to: {opens}"
            + (f" of {addendum['entity']} only" if addendum.get("entity") else ""),
        ]
        if addendum.get("expires"):
            details.append(f"ends {addendum['expires']}")
        details += [f"local term: {t['text']}" for t in addendum.get("local_terms") or []]
        item: dict[str, Any] = {
            "id": f"{contract['id']}-document-{index}",
            "documentType": "contractAnnexe",
            "title": f"Participating addendum: {addendum['party']}"
            + (f" ({addendum['number']})" if addendum.get("number") else ""),
            "description": "; ".join(details) + ".",
            "datePublished": start(addendum["signed"]),
        }
        if addendum.get("document_url"):
            item["url"] = addendum["document_url"]
        found.append(item)
    return found
