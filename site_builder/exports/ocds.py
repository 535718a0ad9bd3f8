"""An Open Contracting Data Standard 1.1 release package: one release per catalog contract.

Each contract is the first stage of a framework agreement (OCDS models agency orders under it
as separate, related processes). The mapping follows the standard's framework-agreement
guidance: the issuing authority is the procuring entity, no `buyer` is set because every
eligible purchaser may order, the vendor is the supplier, the solutions listed under the
contract are the contract's items, and the legal terms go in the catalog's documented
extension (`ocds_extension/`), published next to the package.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from ..jsonout import digest_input, json_bytes
from .settings import ExportSettings

VERSION = "1.1"
EXTENSION_DIR = "api/v1/ocds-extension"  # site-relative home of extension.json and its patch
STANDARD_EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/master/extension.json",
)
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
# A namespace for URNs naming packages that have no web address yet.
_URN_NAMESPACE = uuid.UUID("5b0c6a52-3f0e-4b5e-9d4e-2f3c1a6d8e71")


def _start(day: str) -> str:
    return f"{day}T00:00:00Z"


def _end(day: str) -> str:
    return f"{day}T23:59:59Z"


def _words(code: str) -> str:
    return code.replace("_", " ")


def _slug(text: str) -> str:
    return (
        re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or hashlib.sha256(text.encode()).hexdigest()[:12]
    )


def _period(period: Mapping[str, Any]) -> dict[str, str]:
    found = {"startDate": _start(period["start"]), "endDate": _end(period["end"])}
    if period.get("max_extent"):
        found["maxExtentDate"] = _end(period["max_extent"])
    return found


def _documents(contract_id: str, documents: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    published = []
    for index, document in enumerate(documents, start=1):
        item: dict[str, Any] = {"id": f"{contract_id}-document-{index}", "title": document["title"]}
        code = DOCUMENT_TYPES.get(document["type"])
        if code:
            item["documentType"] = code
        details = [] if code else [_words(document["type"]).capitalize()]
        if document.get("section"):
            details.append(f"Section: {document['section']}")
        if details:
            item["description"] = ". ".join(details)
        item["url"] = document["url"]
        published.append(item)
    return published


def _supplier(vendor: Mapping[str, Any]) -> dict[str, Any]:
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
    found = {ocds: address[own] for ocds, own in fields.items() if address.get(own)}
    if found:
        party["address"] = found
    contacts = sorted(vendor["contacts"], key=lambda c: c["role"] not in {"contract_manager", "sales"})
    contact = {
        "name": contacts[0]["name"],
        "email": contacts[0].get("email"),
        "telephone": contacts[0].get("phone"),
    }
    contact["url"] = vendor.get("homepage")
    party["contactPoint"] = {key: value for key, value in contact.items() if value}
    party["roles"] = ["supplier"]
    if vendor.get("size"):
        party["details"] = {"scale": SCALES[vendor["size"]]}
    return party


def _items(contract: Mapping[str, Any], solutions: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for solution_id in contract["computed"]["solutions"]:
        solution = solutions[solution_id]
        offering = next(o for o in solution["computed"]["offerings"] if o["contract"] == contract["id"])
        item: dict[str, Any] = {
            "id": solution_id,
            "description": f"{solution['name']}: {solution['summary']}",
            "classification": {
                "scheme": CATEGORY_SCHEME,
                "id": solution["category"],
                "description": _words(solution["category"]),
            },
        }
        if len(offering["lots"]) == 1:
            item["relatedLot"] = offering["lots"][0]
        if offering["effective_terms"] != contract["terms"]:
            item["preNegotiatedTerms"] = offering["effective_terms"]
        items.append(item)
    return items


def _buyer_categories(contract: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The buyer types that may order today, in words; how, when through an addendum or a program."""
    parts = []
    for buyer in contract["computed"]["eligibility"]["buyers"]:
        name = labels.get(buyer["buyer_type"], _words(buyer["buyer_type"]))
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


def _addenda(contract: Mapping[str, Any], offset: int, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Participating addenda as documents annexed to the contract (OCDS has no field of its own)."""
    found = []
    for index, addendum in enumerate(
        contract["eligibility"].get("participating_addenda") or [], start=offset + 1
    ):
        opens = ", ".join(labels.get(b, _words(b)) for b in addendum["buyer_types"])
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
            "datePublished": _start(addendum["signed"]),
        }
        if addendum.get("document_url"):
            item["url"] = addendum["document_url"]
        found.append(item)
    return found


def build_release(
    contract: Mapping[str, Any],
    vendor: Mapping[str, Any],
    solutions: Mapping[str, Mapping[str, Any]],
    prefix: str,
    date: str,
    buyer_labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The release for one contract record (see `records.build_records`)."""
    authority = contract["issuing_authority"]
    buyer_labels = buyer_labels or {}
    buyer_ref = {"id": f"authority-{_slug(authority['name'])}", "name": authority["name"]}
    supplier = _supplier(vendor)
    period = _period(contract["period"])
    documents = contract.get("documents", [])
    lots = [{"id": lot["id"], "title": lot["name"]} for lot in contract.get("lots", [])]
    purchasers = _buyer_categories(contract, buyer_labels)
    tender: dict[str, Any] = {
        "id": contract["id"],
        "title": contract["title"],
        "status": "complete",
        "procuringEntity": buyer_ref,
        "contractPeriod": period,
        "techniques": {"hasFrameworkAgreement": True, "frameworkAgreement": {"buyerCategories": purchasers}},
    }
    if lots:
        tender["lots"] = lots
    solicitation = [
        d for d in _documents(contract["id"], documents) if d.get("documentType") == "biddingDocuments"
    ]
    if solicitation:
        tender["documents"] = solicitation
    award: dict[str, Any] = {
        "id": f"{contract['id']}-award",
        "title": contract["title"],
        "status": "active",
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": period,
    }
    if contract["period"].get("awarded"):
        award["date"] = _start(contract["period"]["awarded"])
    if lots:
        award["relatedLots"] = [lot["id"] for lot in lots]
    signed: dict[str, Any] = {
        "id": contract["id"],
        "awardID": award["id"],
        "title": f"{contract['title']} ({contract['number']})",
        "status": "terminated" if contract["computed"]["status"] == "expired" else "active",
        "period": period,
    }
    kept = [d for d in _documents(contract["id"], documents) if d.get("documentType") != "biddingDocuments"]
    kept += _addenda(contract, len(documents), buyer_labels)
    if kept:
        signed["documents"] = kept
    items = _items(contract, solutions)
    if items:
        signed["items"] = items
    if contract["terms"]:
        signed["preNegotiatedTerms"] = contract["terms"]
    body: dict[str, Any] = {
        "ocid": f"{prefix}-{contract['id']}",
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**buyer_ref, "roles": ["procuringEntity"]}, supplier],
        "tender": tender,
        "awards": [award],
        "contracts": [signed],
    }
    # The id is a digest of the release, date included: the same commit gives the same id, and a
    # release with other content or another date never reuses one (OCDS tools merge by id).
    body["date"] = date
    digest = hashlib.sha256(digest_input(body)).hexdigest()
    return {"ocid": body["ocid"], "id": f"{contract['id']}-{digest[:16]}", **body}


def release_package(
    records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], settings: ExportSettings
) -> dict[str, Any]:
    """The package: metadata, declared extensions, and the releases sorted by ocid."""
    vendors = {v["id"]: v for v in records["vendors"]}
    solutions = {s["id"]: s for s in records["solutions"]}
    published = str(meta["published"])
    labels = {key: str(item["label"]) for key, item in (meta.get("law") or {}).get("buyer_types", {}).items()}
    releases = [
        build_release(c, vendors[c["vendor"]], solutions, settings.ocds_prefix, published, labels)
        for c in records["contracts"]
    ]
    policy = meta["policy"]
    name = f"{policy['id']}:{meta['source_commit'] or meta['as_of']}"
    uri = settings.url("api/v1/ocds-release-package.json") or f"urn:uuid:{uuid.uuid5(_URN_NAMESPACE, name)}"
    publisher: dict[str, Any] = {"name": str(policy.get("jurisdiction") or policy["id"])}
    if settings.site_url:
        publisher["uri"] = settings.site_url
    extensions = list(STANDARD_EXTENSIONS)
    own = settings.url(f"{EXTENSION_DIR}/extension.json")
    if own:
        extensions.append(own)
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": published,
        "publisher": publisher,
        "extensions": extensions,
        "releases": sorted(releases, key=lambda r: r["ocid"]),
    }


def extension_files(settings: ExportSettings) -> dict[str, bytes]:
    """The project extension as published: metadata (with its documentation address), patch, README."""
    folder = files("site_builder.exports") / "ocds_extension"
    metadata = json.loads(folder.joinpath("extension.json").read_text(encoding="utf-8"))
    docs = settings.url(f"{EXTENSION_DIR}/README.md")
    if docs:
        metadata["documentationUrl"] = {"en": docs}
    return {
        "extension.json": json_bytes(metadata, pretty=True),
        "release-schema.json": folder.joinpath("release-schema.json").read_bytes(),
        "README.md": folder.joinpath("README.md").read_bytes(),
    }
