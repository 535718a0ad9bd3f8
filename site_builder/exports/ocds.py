"""An Open Contracting Data Standard 1.1 release package: one release per contracting process.

A vehicle (a solicitation with several awardees) is one framework agreement: one process, whose
release carries the tender (its lots, its procurement method, how orders are awarded among the
awardees, its estimated value) and one award and one contract per vendor. A contract outside any
vehicle is its own process, with one award and one contract. Both are the first stage of a
framework agreement (OCDS models agency orders under it as separate, related processes): the
issuing authority is the procuring entity, no `buyer` is set because every eligible purchaser may
order, the solutions listed under a contract are its items, and the legal terms go in the
catalog's documented extension (`ocds_extension/`), published next to the package: the vehicle's
common terms on the tender, each contract's terms as ordered on the contract.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from ..jsonout import Streamed, digest_input, json_bytes
from .ocds_parts import (
    DOCUMENT_TYPES,
    FRAMEWORK_METHODS,
    SCALES,
    addenda,
    buyer_categories,
    documents,
    items,
    period,
    slug,
    start,
    supplier,
    value,
)
from .records import contract_view
from .settings import ExportSettings

__all__ = [
    "DOCUMENT_TYPES",
    "EXTENSION_DIR",
    "SCALES",
    "STANDARD_EXTENSIONS",
    "build_release",
    "extension_files",
    "release_package",
]

VERSION = "1.1"
EXTENSION_DIR = "api/v1/ocds-extension"  # site-relative home of extension.json and its patch
# Pinned: the Lots extension to its release tag; Techniques and Party scale have no release tags
# (the extension registry lists only their master branch), so to the commit they were read at.
STANDARD_EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    (
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/"
        "5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11/extension.json"
    ),
    (
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/"
        "152cd9fb74e021e537b17d84420615acf7dec032/extension.json"
    ),
)
# A namespace for URNs naming packages that have no web address yet.
_URN_NAMESPACE = uuid.UUID("5b0c6a52-3f0e-4b5e-9d4e-2f3c1a6d8e71")


def _is_solicitation(document: Mapping[str, Any]) -> bool:
    return DOCUMENT_TYPES.get(document["type"]) == "biddingDocuments"


def _tender(
    source: Mapping[str, Any], awards: list[Mapping[str, Any]], labels: Mapping[str, str], currency: str
) -> dict[str, Any]:
    """The tender of a process: `source` is the vehicle, or the stand-alone contract itself."""
    authority = source["issuing_authority"]
    framework: dict[str, Any] = {}
    method = FRAMEWORK_METHODS.get(source.get("orders_awarded") or "")
    if method:
        framework["method"] = method
    if source.get("max_awardees"):
        framework["maximumParticipants"] = source["max_awardees"]
    framework["buyerCategories"] = _buyers(awards, labels)
    tender: dict[str, Any] = {
        "id": source["id"],
        "title": source["title"],
        "status": "complete",
        "procuringEntity": {"id": f"authority-{slug(authority['name'])}", "name": authority["name"]},
        "contractPeriod": period(source["period"]),
        "techniques": {"hasFrameworkAgreement": True, "frameworkAgreement": framework},
    }
    if source.get("procurement_method"):
        tender["procurementMethod"] = source["procurement_method"]
    if source.get("procurement_method_details"):
        tender["procurementMethodDetails"] = source["procurement_method_details"]
    estimated = value(source.get("estimated_value"), currency)
    if estimated:
        tender["value"] = estimated
    lots = [{"id": lot["id"], "title": lot["name"]} for lot in source.get("lots", [])]
    if lots:
        tender["lots"] = lots
    solicitation = [
        d
        for d in documents(source["id"], source.get("documents", []))
        if d.get("documentType") == "biddingDocuments"
    ]
    if solicitation:
        tender["documents"] = solicitation
    if source.get("solicitation_number") and source.get("terms"):  # a vehicle's common terms
        tender["preNegotiatedTerms"] = source["terms"]
    return tender


def _buyers(awards: list[Mapping[str, Any]], labels: Mapping[str, str]) -> str:
    """Who may order, in words: once when every award says the same, else per award."""
    said = [(award, buyer_categories(award, labels)) for award in awards]
    if len({text for _, text in said}) == 1:
        return said[0][1]
    return " | ".join(f"{award['number']}: {text}" for award, text in said)


def _award_and_contract(
    contract: Mapping[str, Any],
    party: Mapping[str, Any],
    solutions: Mapping[str, Mapping[str, Any]],
    shared: list[Mapping[str, Any]],
    labels: Mapping[str, str],
    currency: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One vendor's award and contract; `shared` are the documents of its vehicle every contract
    under it incorporates."""
    span = period(contract["period"])
    award: dict[str, Any] = {
        "id": f"{contract['id']}-award",
        "title": contract["title"],
        "status": "active",
        "suppliers": [{"id": party["id"], "name": party["name"]}],
        "contractPeriod": span,
    }
    if contract["period"].get("awarded"):
        award["date"] = start(contract["period"]["awarded"])
    lots = [lot["id"] for lot in contract.get("lots", [])]
    if lots:
        award["relatedLots"] = lots
    maximum = value(contract.get("maximum_value"), currency)
    if maximum:
        award["value"] = maximum
    signed: dict[str, Any] = {
        "id": contract["id"],
        "awardID": award["id"],
        "title": f"{contract['title']} ({contract['number']})",
        "status": "terminated" if contract["computed"]["status"] == "expired" else "active",
        "period": span,
    }
    if maximum:
        signed["value"] = maximum
    own = [d for d in contract.get("documents", []) if not _is_solicitation(d)]
    common = [d for d in shared if not _is_solicitation(d)]
    kept = documents(contract["id"], [*own, *common])
    kept += addenda(contract, len(kept), labels)
    if kept:
        signed["documents"] = kept
    listed = items(contract, solutions)
    if listed:
        signed["items"] = listed
    if contract["terms"]:
        signed["preNegotiatedTerms"] = contract["terms"]
    return award, signed


def build_release(
    source: Mapping[str, Any],
    awards: list[Mapping[str, Any]],
    vendors: Mapping[str, Mapping[str, Any]],
    solutions: Mapping[str, Mapping[str, Any]],
    prefix: str,
    date: str,
    buyer_labels: Mapping[str, str] | None = None,
    currency: str = "USD",
) -> dict[str, Any]:
    """The release of one process: a vehicle record with its awards' records, or a stand-alone
    contract record with itself (contract records as `records.contract_view` gives them)."""
    labels = buyer_labels or {}
    tender = _tender(source, awards, labels, currency)
    shared = list(source.get("documents", [])) if source.get("solicitation_number") else []
    parties: dict[str, dict[str, Any]] = {}
    found_awards, found_contracts = [], []
    for contract in awards:
        party = parties.setdefault(contract["vendor"], supplier(vendors[contract["vendor"]]))
        award, signed = _award_and_contract(contract, party, solutions, shared, labels, currency)
        found_awards.append(award)
        found_contracts.append(signed)
    authority = {**tender["procuringEntity"], "roles": ["procuringEntity"]}
    body: dict[str, Any] = {
        "ocid": f"{prefix}-{source['id']}",
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [authority, *parties.values()],
        "tender": tender,
        "awards": found_awards,
        "contracts": found_contracts,
    }
    # The id is a digest of the release, date included: the same commit gives the same id, and a
    # release with other content or another date never reuses one (OCDS tools merge by id).
    body["date"] = date
    digest = hashlib.sha256(digest_input(body)).hexdigest()
    return {"ocid": body["ocid"], "id": f"{source['id']}-{digest[:16]}", **body}


def release_package(
    records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], settings: ExportSettings
) -> dict[str, Any]:
    """The package: metadata, declared extensions, and the releases sorted by ocid, made one by
    one as `jsonout.write_json` writes them (`jsonout.plain` gives the whole document)."""
    vendors = {v["id"]: v for v in records["vendors"]}
    solutions = {s["id"]: s for s in records["solutions"]}
    published = str(meta["published"])
    policy = meta["policy"]
    currency = str(policy.get("currency") or "USD")
    labels = {key: str(item["label"]) for key, item in (meta.get("law") or {}).get("buyer_types", {}).items()}
    contracts = [contract_view(c) for c in records["contracts"]]
    by_vehicle: dict[str, list[Mapping[str, Any]]] = {}
    processes: list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]] = []
    for contract in contracts:
        if contract.get("vehicle"):
            by_vehicle.setdefault(contract["vehicle"], []).append(contract)
        else:
            processes.append((contract, [contract]))
    processes += [(v, by_vehicle[v["id"]]) for v in records.get("vehicles", []) if by_vehicle.get(v["id"])]
    # Sorted by ocid before they are built, so each is built, written and let go in turn.
    processes.sort(key=lambda process: f"{settings.ocds_prefix}-{process[0]['id']}")
    releases = (
        build_release(source, awards, vendors, solutions, settings.ocds_prefix, published, labels, currency)
        for source, awards in processes
    )
    name = f"{policy['id']}:{meta['source_commit'] or meta['as_of']}"
    # Where the package is published: gzipped only (exports/archives.py).
    uri = (
        settings.url("api/v1/ocds-release-package.json.gz") or f"urn:uuid:{uuid.uuid5(_URN_NAMESPACE, name)}"
    )
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
        "releases": Streamed(releases),
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
