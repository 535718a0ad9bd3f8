"""The data the browse and compare pages load: a compact search/facet index and per-solution terms.

The compare page's files (chunks of solutions' compare records, each contract's terms) are
gzipped only too, and read through the same loader.

The index is columnar: one array per field, facets dictionary-encoded (a row holds small integers
pointing into each facet's value list), with the head of the inverted index of searchindex.py (its
term shards are files beside it, fetched for the words typed). Summaries, shown only for the
results on screen, are in separate files of SUMMARY_CHUNK rows, loaded when
needed: at 20,000 solutions they would be a quarter of the index. Every file is written only
gzip-compressed, as `<name>.json.gz` (the pages fetch it and inflate it in the browser, with
DecompressionStream or, in a browser without one, catalog-data.js's own gunzip), so the bytes
fetched stay small on any static host and no plain copy takes the disk. Everything is sorted and
carries no clock time, so the same catalog gives the same bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..credentials import Standing, authorization_name
from ..jsonout import json_bytes
from ..model import CLASSIFICATIONS, RISK_TIERS, STATUS_ORDER, Contract, Offering, Solution
from ..policy.credential_classes import ATTESTATION_TYPES
from ..prices import price_facts
from .buyers import answer, provisions_words
from .contribute import write_needs
from .emergency import who_may_buy
from .labels import CATEGORIES, DEPLOYMENTS, STATUSES, VEHICLES, label
from .searchindex import SHARD_DIR, current_standings, search_section, split_search
from .sitedata import SiteData
from .views import primary_offering_index, term_words

INDEX_FILE = "assets/catalog/solutions-index.json"
SUMMARY_DIR = "summaries/"  # beside the index
SUMMARY_CHUNK = 500
COMPARE_DIR = "compare/data"
CHUNK = 100  # compare records per file
# The facts a comparison shows, in order. A record lists its values, null for the contract's
# facts, which its contract's file carries once (in this order) for every solution under it.
FACT_LABELS = [
    "Vendor", "Category", "Contract", "Contract status", "Solution status", "Deployment", "Data up to",
    "Risk tier", "Security credentials", "Accessibility", "Who may buy", "Emergency-ready",
    "Contract's emergency terms", "Waived findings",
    # the price rows (prices.price_facts), the same for every solution
    "Price", "Ceiling rates", "Discount off list", "Fees", "Price list",
]  # fmt: skip
FORMAT_VERSION = 2

# Facets in the order the browse page shows them: (key, label, multi-valued, vocabulary order).
FACETS: tuple[tuple[str, str, bool, tuple[str, ...] | None], ...] = (
    ("category", "Category", False, tuple(CATEGORIES)),
    ("vendor", "Vendor", False, None),
    ("contract", "Contract", True, None),
    ("vehicle", "Contract vehicle", True, tuple(VEHICLES)),
    ("deployment", "Deployment", False, tuple(DEPLOYMENTS)),
    ("classification", "Data classification", False, CLASSIFICATIONS),
    ("risk", "Risk tier", False, RISK_TIERS),
    ("credential", "Security credential", True, None),
    ("buyer", "May be bought by", True, None),
    ("status", "Status", False, tuple(s.value for s in STATUS_ORDER)),
    ("emergency", "Emergency-ready", False, ("yes", "no")),
)


def _values(
    data: SiteData, solution: Solution, current: list[Standing], buyers: dict[tuple[str, ...], list[str]]
) -> dict[str, list[str]]:
    """Each facet's raw values for one solution (`current`: its credentials not lapsed; `buyers`:
    the buyer types that may order under a set of contracts, filled in as they are met)."""
    catalog = data.catalog
    contracts = [catalog.contracts[o.contract_id] for o in solution.offerings]
    under = tuple(c.id for c in contracts)
    if under not in buyers:  # thousands of solutions share a few sets of contracts
        buyers[under] = [
            b for b in data.policy.buyer_types if any(answer(data, c, b).may_order for c in contracts)
        ]
    return {
        "category": [solution.category],
        "vendor": [solution.vendor_id],
        "contract": sorted({c.id for c in contracts}),
        "vehicle": sorted({c.vehicle_type for c in contracts}),
        "deployment": [str(solution.data["deployment_model"])],
        "classification": [solution.classification],
        "risk": [solution.risk_tier],
        "credential": sorted({credential_key(s) for s in current}),
        "buyer": buyers[under],
        "status": [data.indexes.status[solution.id].status.value],
        "emergency": ["yes" if solution.emergency_ready else "no"],
    }


def credential_key(standing: Standing) -> str:
    """A facet value for a credential: an attestation's type, or program:level:status."""
    if standing.kind == "attestation":
        return standing.type
    item = standing.data
    return f"{item['program']}:{item['level']}:{item['status']}"


def credential_label(key: str) -> str:
    if ":" not in key:
        return ATTESTATION_TYPES.get(key, key)
    program, level, status = key.split(":")
    return authorization_name({"program": program, "level": level, "status": status})


def _labeller(data: SiteData, facet: str) -> Callable[[str], str]:
    catalog = data.catalog
    if facet == "vendor":
        return lambda v: catalog.vendors[v].name if v in catalog.vendors else v
    if facet == "contract":
        return lambda v: f"{catalog.contracts[v].number}: {catalog.contracts[v].data['title']}"
    if facet == "buyer":
        return data.policy.buyer_label
    if facet == "credential":
        return credential_label
    vocabulary = {"risk": "risk", "emergency": ""}.get(facet, facet)
    if not vocabulary:
        return lambda v: "Emergency-ready" if v == "yes" else "Not emergency-ready"
    return lambda v: label(vocabulary, v)


def build_index(data: SiteData, current: Sequence[list[Standing]] | None = None) -> dict[str, Any]:
    """The search/facet index as a JSON-ready mapping (see the module docstring). `current`, when
    given, are the solutions' current credentials in order of id (`all_current_standings`)."""
    solutions = [data.catalog.solutions[i] for i in sorted(data.catalog.solutions)]
    if current is None:
        current = all_current_standings(data)  # for the facet and the search
    buyers: dict[tuple[str, ...], list[str]] = {}
    raw = [_values(data, s, found, buyers) for s, found in zip(solutions, current, strict=True)]
    facets: dict[str, Any] = {}
    columns: dict[str, list[Any]] = {}
    for key, title, multi, fixed in FACETS:
        order = tuple(data.policy.buyer_types) if key == "buyer" else fixed
        seen = {v for row in raw for v in row[key]}
        name = _labeller(data, key)
        values = (
            [v for v in order if v in seen] if order else sorted(seen, key=lambda v: (name(v).lower(), v))
        )
        values += sorted(seen - set(values))
        position = {v: i for i, v in enumerate(values)}
        facets[key] = {"label": title, "multi": multi, "values": values, "labels": [name(v) for v in values]}
        columns[key] = [[position[v] for v in row[key]] if multi else position[row[key][0]] for row in raw]
    return {
        "version": FORMAT_VERSION,
        "as_of": data.as_of.isoformat(),
        "commit": data.info.commit or "",
        "policy_version": data.policy.version,
        "jurisdiction": data.jurisdiction,
        "count": len(solutions),
        "facets": facets,
        "facet_order": [key for key, *_ in FACETS],
        "compare_chunk": CHUNK,  # the file's keys are sorted; this is the display order
        "id": [s.id for s in solutions],
        "name": [s.name for s in solutions],
        "summaries": {"path": SUMMARY_DIR, "chunk": SUMMARY_CHUNK},
        "numbers": [
            " ".join(data.catalog.contracts[o.contract_id].number for o in s.offerings) for s in solutions
        ],
        "columns": columns,
        "search": search_section(data, solutions, current),
    }


def all_current_standings(data: SiteData) -> list[list[Standing]]:
    """Each solution's credentials that have not lapsed, in order of id: the search index and the
    compare records both list them, and working them out is a tenth of the compare records' time."""
    return [current_standings(data, data.catalog.solutions[i]) for i in sorted(data.catalog.solutions)]


def credential_words(current: Sequence[Standing]) -> str:
    """The compare page's "Security credentials" fact: the current ones' names."""
    return ", ".join(s.name for s in current) or "none current"


def compare_record(data: SiteData, solution: Solution) -> dict[str, Any]:
    """One solution as the compare page shows it: facts, and its terms as changes to its contract's."""
    return compare_entry(data, solution)[0]


def compare_entry(
    data: SiteData, solution: Solution, credentials: str | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The solution's compare record, and the [family, label] of each term path its changes name
    (given once per file: the same words under every solution that changes the term). Its name,
    contract number and id are not in the record: the index, the contract's file and the file's
    key have them. `credentials`: its `credential_words`, when the caller has them already."""
    catalog = data.catalog
    offering = solution.offerings[primary_offering_index(catalog, solution)]
    contract = catalog.contracts[offering.contract_id]
    vendor = catalog.vendors.get(solution.vendor_id)
    status = data.indexes.status[solution.id]
    if credentials is None:
        credentials = credential_words(current_standings(data, solution))
    accessibility = solution.data.get("accessibility")
    own = {
        "Vendor": vendor.name if vendor else solution.vendor_id,
        "Category": label("category", solution.category),
        "Solution status": status.label.capitalize(),
        "Deployment": label("deployment", solution.data["deployment_model"]),
        "Data up to": label("classification", solution.classification),
        "Risk tier": label("risk", solution.risk_tier),
        "Security credentials": credentials,
        "Accessibility": (
            f"{accessibility['standard']}: {label('conformance', accessibility['conformance'])}"
            if accessibility
            else "no report"
        ),
        "Emergency-ready": "yes" if solution.emergency_ready else "no",
        "Waived findings": _waiver_words(data, solution),
        **dict(price_facts(solution.data.get("pricing"), data.currency)),
    }
    # The contract's facts (null here) are in its own file, once: see contract_terms_record.
    facts = [own.get(name) for name in FACT_LABELS]
    baseline = data.contract_flat(contract.id)
    changes = changed_words(data, solution, offering, baseline) if solution.overrides else {}
    record = {
        "waived": bool(data.indexes.waived.get(solution.key)),
        "contract_id": contract.id,
        "other_contracts": [
            catalog.contracts[o.contract_id].number for o in solution.offerings if o is not offering
        ],
        "facts": facts,
        # Only the rows that differ from the contract's, as [path, value, clause]: the page merges
        # them onto the contract's terms, published once per contract (most solutions add nothing).
        "overrides": [[path, *words[2:]] for path, words in changes.items()],
    }
    return record, {path: list(words[:2]) for path, words in changes.items()}


def changed_words(
    data: SiteData, solution: Solution, offering: Offering, baseline: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """The rows of `flat_terms(data.offering_groups(solution, offering))` that differ from
    `baseline` (its contract's): only the families the solution's overrides touch can differ, as
    only they are formatted again for its page."""
    return {
        path: words
        for path, words in term_words(offering.effective_terms, data.currency, set(solution.overrides))
        if baseline.get(path) != words
    }


def _emergency_words(data: SiteData, contract: Contract) -> str:
    """What the compared contract itself says about emergency orders, in the panel's words (the
    authority a buyer relies on depends on the buyer type, and is on the solution's page)."""
    return "; ".join(provisions_words(data, contract)) or "none stated"


def _waiver_words(data: SiteData, solution: Solution) -> str:
    """Dated exceptions to the policy this solution is listed under: a buyer must see them here too."""
    found = data.indexes.waived.get(solution.key, [])
    return (
        " | ".join(
            f"{w.rule}{' on ' + w.term if w.term else ''}: {w.message}; approved by {w.approver} "
            f"until {w.expires.isoformat()}"
            for w in found
        )
        or "none"
    )


def contract_facts(data: SiteData, contract: Contract) -> dict[str, str]:
    """The facts of a comparison that are the contract's, the same for each solution under it."""
    return {
        "Contract": f"{contract.number}: {contract.data['title']}",
        "Contract status": contract.validity.label.capitalize(),
        "Who may buy": "; ".join(who_may_buy(data, contract)) or "no buyer type of this jurisdiction",
        "Contract's emergency terms": _emergency_words(data, contract),
    }


def contract_terms_record(data: SiteData, contract: Contract) -> dict[str, Any]:
    flat = data.contract_flat(contract.id)
    facts = contract_facts(data, contract)
    return {
        "id": contract.id,
        "number": contract.number,
        "title": str(contract.data["title"]),
        "facts": [facts[name] for name in FACT_LABELS if name in facts],
        "terms": [[path, *words] for path, words in flat.items()],
    }


def _dump(value: Any) -> bytes:
    return json_bytes(value)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _write_packed(plain: Path, content: bytes) -> list[Path]:
    """The file gzipped (mtime 0, so the bytes are reproducible) as `<plain>.gz`, the only copy:
    the pages inflate it (catalog-data.js), and a plain copy beside it was three quarters of these
    files' bytes on disk."""
    packed = plain.with_name(plain.name + ".gz")
    _write(packed, gzip.compress(content, compresslevel=9, mtime=0))
    return [packed]


def write_search_index(
    data: SiteData, site_dir: Path, current: Sequence[list[Standing]] | None = None
) -> list[Path]:
    """Write the index, its search shards and its summary files (`current`: as build_index's)."""
    index = build_index(data, current)
    index["search"], shards = split_search(index["search"])
    written = _write_packed(site_dir / INDEX_FILE, _dump(index))
    for key, shard in sorted(shards.items()):
        written += _write_packed((site_dir / INDEX_FILE).parent / SHARD_DIR / f"{key}.json", _dump(shard))
    folder = (site_dir / INDEX_FILE).parent / SUMMARY_DIR
    summaries = [str(data.catalog.solutions[i].data["summary"]) for i in sorted(data.catalog.solutions)]
    for start in range(0, max(len(summaries), 1), SUMMARY_CHUNK):
        chunk = _dump(summaries[start : start + SUMMARY_CHUNK])
        written += _write_packed(folder / f"{start // SUMMARY_CHUNK}.json", chunk)
    return written


def write_compare_data(data: SiteData, site_dir: Path, credentials: Sequence[str] | None = None) -> int:
    """Solutions' compare records in chunks of CHUNK (by their row in the index: thousands of
    one-record files would cost more to write and host than they save), and each contract's
    terms once, each file gzipped only, as the search index is. Returns the number of solutions
    written. `credentials`: each solution's `credential_words` in order of id, when known."""
    folder = site_dir / COMPARE_DIR
    for contract_id, contract in sorted(data.catalog.contracts.items()):
        _write_packed(
            folder / "contracts" / f"{contract_id}.json", _dump(contract_terms_record(data, contract))
        )
    ids = sorted(data.catalog.solutions)
    for chunk in range(0, len(ids), CHUNK):
        records, labels, words = {}, {}, Words()
        for row in range(chunk, min(chunk + CHUNK, len(ids))):
            solution_id = ids[row]
            if data.catalog.solutions[solution_id].offerings:
                known = credentials[row] if credentials is not None else None
                record, found = compare_entry(data, data.catalog.solutions[solution_id], known)
                records[solution_id] = interned(record, words)
                labels.update(found)
        _write_packed(
            folder / f"{chunk // CHUNK}.json",
            _dump(
                {"fact_labels": FACT_LABELS, "term_labels": labels, "words": words.found, "records": records}
            ),
        )
    return len(ids)


class Words:
    """A file's text values, each once: a record gives the position of each of its words."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self._position: dict[str, int] = {}

    def __call__(self, text: str | None) -> int | None:
        if text is None:
            return None
        if text not in self._position:
            self._position[text] = len(self.found)
            self.found.append(text)
        return self._position[text]


def interned(record: dict[str, Any], words: Words) -> dict[str, Any]:
    """A compare record as its file holds it: facts, and each change's value and clause, as
    positions in the file's `words` (a category, a status, "none stated" are the same words under
    many solutions); no key for what is empty or false (other contracts, changes, waived)."""
    small: dict[str, Any] = {
        "contract_id": record["contract_id"],
        "facts": [words(fact) for fact in record["facts"]],
    }
    if record["overrides"]:
        small["overrides"] = [
            [path, words(value), words(clause)] for path, value, clause in record["overrides"]
        ]
    if record["other_contracts"]:
        small["other_contracts"] = record["other_contracts"]
    if record["waived"]:
        small["waived"] = True
    return small


def write_data_files(data: SiteData, site_dir: Path) -> None:
    current = all_current_standings(data)
    write_search_index(data, site_dir, current)
    credentials = [credential_words(found) for found in current]
    del current  # only their names are kept for the compare records
    write_compare_data(data, site_dir, credentials)
    write_needs(data, site_dir)


__all__ = [
    "FACETS",
    "INDEX_FILE",
    "STATUSES",
    "build_index",
    "compare_record",
    "write_data_files",
    "write_search_index",
]
