"""Spreadsheet files: `solutions.csv`, `vehicles.csv`, `contracts.csv` and `vendors.csv`, one row per
entry; an award's row holds what it takes from its vehicle, and its terms as ordered.

RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte-order mark so Excel picks the encoding.
Headers are the words the site uses; terms are flattened to one column per term path, labelled
with `site_builder.terms` and the unit, holding the raw number so a column sorts and sums.

A contract's terms are in `contracts.csv`, once. `solutions.csv` has a term column only for the
terms some solution changes (headed "Changed from the contract: ..."), and a cell only where the
solution's value differs from its contract's: an empty cell means the contract's value applies.
A solution on several contracts is still one row; when what it changes differs by contract, the
cell holds `<contract number>: <value>` for each contract where it differs, joined by "; ".
Nothing is averaged or hidden; the JSON export carries the same terms per contract.

A cell is quoted only where RFC 4180 needs it (a comma, a quote or a line break in it): quoting
every cell made a fifth of solutions.csv, and quotes protect nothing, since an import may ignore
them.  A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a
formula, and which cells begin where depends on the import: opened with `;` as the separator
(the default in many European locales), with tabs, or without honouring quotes, the text after
any of those characters starts a cell of its own.  So an apostrophe goes before a risky
character at the start of a cell *and* after every separator-like character (`,`, `;`, tab,
`|`, a quote or a line break, spaces between allowed): "Permit;=HYPERLINK(…)" is written
"Permit;'=HYPERLINK(…)", which every import shows as text.  A plain number after a separator
("Net 30; -5") stays as it is, and numbers the build computes (a negative "days left") are
written as numbers.  Tabs and line breaks cannot reach a one-line field: validation refuses them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from .. import terms
from ..prices import fee_words, rate_words
from .records import contract_terms, contract_view
from .settings import ExportSettings

# A formula start at the beginning of a cell, after nothing but spaces or quotes (which an import
# that ignores quotes, or trims spaces, drops).
_AT_START = re.compile(r"([ \"]*)([=+\-@\t\r])")
# Characters some import splits cells on, or that end a quoted cell when quotes are honoured.
SEPARATORS = ',;\t|\r\n"'
# A risky character that some import would put at the start of a cell: after a separator, with
# only spaces or quotes between (the first character of the cell is handled by `neutralise`).
_AFTER_SEPARATOR = re.compile(r"([,;\t|\r\n\"])([ \"]*)([=+\-@])")
_NUMBER = re.compile(r"\s*[-+]?[0-9]+(?:[.,][0-9]+)?\s*")
# Every character either pattern above needs: a text without any of them is left as it is, and
# most cells (names, ids, yes/no) are spared both searches.
_RISKY = re.compile(r"[=+\-@\t\r]")
_UNITS = {
    "minutes": "minutes",
    "hours": "hours",
    "days": "days",
    "months": "months",
    "years": "years",
    "percent": "%",
    "times": "×",
}

Record = Mapping[str, Any]
CHANGED = "Changed from the contract: "  # heads solutions.csv's term columns
NOT_STATED = "not stated"  # a term the contract states and the solution's terms leave out
Column = tuple[str, Callable[[Record], Any]]


def neutralise(text: str) -> str:
    """Text that no spreadsheet import turns into a formula (see the module docstring)."""
    if not _RISKY.search(text):
        return text
    start = _AT_START.match(text)
    if start:
        text = f"{start.group(1)}'{text[start.end(1) :]}"
    if not _AFTER_SEPARATOR.search(text):
        return text
    return _AFTER_SEPARATOR.sub(lambda match: _defuse(match, text), text)


def _defuse(match: re.Match[str], text: str) -> str:
    separator, gap, risky = match.groups()
    # The cell an import splitting on this separator would make: up to the next one like it.
    end = text.find(separator, match.end()) if separator not in '\r\n"' else -1
    piece = text[match.start(3) : end if end >= 0 else len(text)]
    if separator not in '\r\n"' and _NUMBER.fullmatch(piece):
        return match.group()
    return f"{separator}{gap}'{risky}"


def text_of(value: Any) -> str:
    """A value as plain text: numbers as they are, yes/no, lists joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "; ".join(text_of(v) for v in value)
    return str(value)


def cell(value: Any) -> str:
    """One cell; only text (never a number the build wrote) can be taken for a formula."""
    if type(value) is str:  # most cells: text_of would return it as it is
        return neutralise(value)
    text = text_of(value)
    return text if isinstance(value, int | float) and not isinstance(value, bool) else neutralise(text)


# A spreadsheet file before it is written: its headers, and its rows as they are made.
Table = tuple[list[str], Iterator[list[str]]]


def write_table(stream: BinaryIO, table: Table) -> None:
    """Write a table row by row: a byte-order mark, then RFC 4180, cells quoted where it needs."""
    headers, rows = table
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows(rows)
    text.flush()
    text.detach()


def to_csv(table: Table) -> bytes:
    buffer = io.BytesIO()
    write_table(buffer, table)
    return buffer.getvalue()


def term_header(path: str, currency: str) -> str:
    field = terms.field_for(path)
    unit = field.unit if field else ""
    suffix = currency if unit == "money" else _UNITS.get(unit, "")
    label = terms.label_for(path)
    return f"{label} ({suffix})" if suffix else label


def term_columns(term_sets: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every term path used anywhere, families in vocabulary order, then by path."""
    return sorted_paths({path for found in term_sets for path, _ in terms.iter_leaves(found)})


def sorted_paths(paths: set[str]) -> list[str]:
    """Term paths, families in vocabulary order, then by path."""
    order = {family: index for index, family in enumerate(terms.FAMILIES)}
    return sorted(paths, key=lambda p: (order.get(p.split(".", 1)[0], len(order)), p))


def _headers(fixed: Sequence[Column], paths: Sequence[str], currency: str) -> list[str]:
    headers = [name for name, _ in fixed]
    labels = [term_header(p, currency) for p in paths]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    # Two paths could share words; the path then keeps their columns apart.
    headers += [
        f"{label} [{path}]" if seen[label] > 1 else label for label, path in zip(labels, paths, strict=True)
    ]
    return headers


def _joined(items: Iterable[Any]) -> list[Any]:
    return [i for i in items if i not in (None, "")]


# Whether an entry can be ordered today, and why not: what has lapsed (see lapses.py).
ORDERABLE_COLUMNS: list[Column] = [
    ("Orderable now", lambda r: r["computed"]["orderable"]),
    (
        "Not orderable since",
        lambda r: min((n["since"] for n in r["computed"]["not_orderable"]), default=None),
    ),
    ("Why not orderable", lambda r: [n["reason"] for n in r["computed"]["not_orderable"]]),
]


def _page(settings: ExportSettings) -> Callable[[Record], Any]:
    return lambda r: settings.url(r["page"]) or r["page"]


def solutions_csv(
    records: Mapping[str, list[dict[str, Any]]], currency: str, settings: ExportSettings
) -> Table:
    vendors = {v["id"]: v for v in records["vendors"]}

    def computed(key: str) -> Callable[[Record], Any]:
        return lambda r: r["computed"][key]

    fixed: list[Column] = [
        ("ID", lambda r: r["id"]),
        ("Name", lambda r: r["name"]),
        ("Vendor ID", lambda r: r["vendor"]),
        ("Vendor", lambda r: vendors.get(r["vendor"], {}).get("name")),
        ("Summary", lambda r: r["summary"]),
        ("Category", lambda r: r["category"]),
        ("Deployment model", lambda r: r["deployment_model"]),
        ("Highest data classification", lambda r: r["data"]["max_classification"]),
        ("Local data label", lambda r: r["data"].get("local_label")),
        ("Risk tier", lambda r: r["risk_tier"]),
        ("Status", computed("status")),
        ("Days left", computed("days_left")),
        *ORDERABLE_COLUMNS,
        ("Contract IDs", lambda r: [o["contract"] for o in r["computed"]["offerings"]]),
        (
            "Lots",
            lambda r: [
                f"{o['contract_number']}: {', '.join(o['lots'])}"
                for o in r["computed"]["offerings"]
                if o["lots"]
            ],
        ),
        ("Emergency-ready", lambda r: (r.get("emergency") or {}).get("ready", False)),
        ("Emergency response time (hours)", lambda r: (r.get("emergency") or {}).get("response_time_hours")),
        ("Emergency lead time (hours)", lambda r: (r.get("emergency") or {}).get("lead_time_hours")),
        ("Regulated data", lambda r: r["data"].get("regulated", [])),
        ("Security credentials", lambda r: [_credential(c) for c in r["computed"]["credentials"]]),
        ("Accessibility standard", lambda r: (r.get("accessibility") or {}).get("standard")),
        ("Accessibility conformance", lambda r: (r.get("accessibility") or {}).get("conformance")),
        ("Accessibility report date", lambda r: (r.get("accessibility") or {}).get("report_date")),
        ("Price", lambda r: (r.get("pricing") or {}).get("summary")),
        ("Price unit", lambda r: (r.get("pricing") or {}).get("unit")),
        (f"Starting price ({currency})", lambda r: (r.get("pricing") or {}).get("starting_price")),
        (
            f"Ceiling rates ({currency})",
            lambda r: [rate_words(x, currency) for x in (r.get("pricing") or {}).get("ceiling_rates", [])],
        ),
        ("Discount off list (%)", lambda r: (r.get("pricing") or {}).get("discount_off_list_percent")),
        (
            f"Fees ({currency})",
            lambda r: [fee_words(x, currency) for x in (r.get("pricing") or {}).get("fees", [])],
        ),
        ("Price list", lambda r: ((r.get("pricing") or {}).get("price_list") or {}).get("url")),
        ("Price list date", lambda r: ((r.get("pricing") or {}).get("price_list") or {}).get("date")),
        ("Tags", lambda r: r.get("tags", [])),
        ("Scenarios", computed("scenarios")),
        ("Waivers", lambda r: [w["rule"] for w in r["computed"]["waivers"]]),
        ("Homepage", lambda r: r.get("homepage")),
        ("Page", _page(settings)),
        ("Source file", lambda r: r["source"]),
    ]
    rows = records["solutions"]
    base = contract_terms(records)
    changes = {r["id"]: _changes(r, base) for r in rows}  # small: only what differs
    paths = sorted_paths({p for found in changes.values() for each in found for p in each})
    headers = _headers(fixed, paths, currency)
    headers[len(fixed) :] = [f"{CHANGED}{header}" for header in headers[len(fixed) :]]
    return headers, ([*_fixed(fixed, r), *_solution_terms(r, paths, changes[r["id"]])] for r in rows)


def _credential(item: Mapping[str, Any]) -> str:
    """ "FedRAMP Moderate authorization (Authorized), continuous monitoring due by 2027-02-28"."""
    if item["lapsed"]:
        return f"{item['name']}, lapsed: {item['lapse_reason']}"
    if item["lapses_on"]:
        return f"{item['name']}, {item['lapse_basis']} {item['lapses_on']}"
    return str(item["name"])


def _fixed(fixed: Sequence[Column], record: Record) -> list[str]:
    return [cell(get(record)) for _, get in fixed]


def _changes(record: Record, base: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per offering, the term leaves whose value is not its contract's (None: the contract states
    a term the solution's effective terms do not). Only the families that differ are walked."""
    found = []
    for offering in record["computed"]["offerings"]:
        contract = base.get(offering["contract"], {})
        effective = offering["effective_terms"]
        changed: dict[str, Any] = {}
        for family in effective.keys() | contract.keys():
            if effective.get(family) == contract.get(family):
                continue
            mine = dict(terms.iter_leaves({family: effective[family]})) if family in effective else {}
            theirs = dict(terms.iter_leaves({family: contract[family]})) if family in contract else {}
            changed.update({path: value for path, value in mine.items() if theirs.get(path) != value})
            changed.update({path: None for path in theirs if path not in mine})
        found.append(changed)
    return found


def _solution_terms(record: Record, paths: Sequence[str], changes: list[dict[str, Any]]) -> list[str]:
    offerings = record["computed"]["offerings"]
    changed = set().union(*changes)
    if not changed:  # most solutions: the contract's terms throughout
        return [""] * len(paths)
    cells = []
    for path in paths:
        if path not in changed:
            cells.append("")
            continue
        differs = [(o, found[path]) for o, found in zip(offerings, changes, strict=True) if path in found]
        if len(differs) == len(offerings) and all(v == differs[0][1] for _, v in differs):
            cells.append(cell(differs[0][1]) if differs[0][1] is not None else NOT_STATED)
        else:
            parts = [
                f"{o['contract_number']}: {text_of(v) if v is not None else NOT_STATED}" for o, v in differs
            ]
            cells.append(neutralise("; ".join(parts)))
    return cells


def contracts_csv(
    records: Mapping[str, list[dict[str, Any]]], currency: str, settings: ExportSettings
) -> Table:
    vendors = {v["id"]: v for v in records["vendors"]}
    vehicles = {v["id"]: v for v in records.get("vehicles", [])}

    def vehicle(key: str) -> Callable[[Record], Any]:
        return lambda r: vehicles.get(r.get("vehicle") or "", {}).get(key)

    fixed: list[Column] = [
        ("ID", lambda r: r["id"]),
        ("Title", lambda r: r["title"]),
        ("Contract number", lambda r: r["number"]),
        ("Award number", lambda r: r.get("award_number")),
        ("Vehicle ID", lambda r: r.get("vehicle")),
        ("Vehicle", vehicle("title")),
        ("Solicitation number", vehicle("solicitation_number")),
        ("Vendor ID", lambda r: r["vendor"]),
        ("Vendor", lambda r: vendors.get(r["vendor"], {}).get("name")),
        ("Vehicle type", lambda r: r["vehicle_type"]),
        ("Procurement method", lambda r: r.get("procurement_method") or vehicle("procurement_method")(r)),
        ("Issuing authority", lambda r: r["issuing_authority"]["name"]),
        ("Awarded", lambda r: r["period"].get("awarded")),
        ("Start", lambda r: r["period"]["start"]),
        ("End", lambda r: r["period"]["end"]),
        ("Latest possible end", lambda r: r["period"].get("max_extent")),
        (
            "Renewal decisions due",
            lambda r: _joined(o.get("decision_by") for o in r["period"].get("renewal_options", [])),
        ),
        ("Status", lambda r: r["computed"]["status"]),
        ("Days left", lambda r: r["computed"]["days_left"]),
        *ORDERABLE_COLUMNS,
        ("Awarded by (origin)", lambda r: r["computed"]["eligibility"]["origin"]),
        ("Awarding government", lambda r: r["computed"]["eligibility"]["awarding_law"]),
        ("Buyer types", lambda r: r["eligibility"]["buyer_types"]),
        (
            "May order today",
            lambda r: [
                b["buyer_type"] for b in r["computed"]["eligibility"]["buyers"] if b["may_order_today"]
            ],
        ),
        (
            "Participating addenda",
            lambda r: [
                f"{a['party']}{' (' + a['number'] + ')' if a.get('number') else ''}, signed {a['signed']}"
                for a in r["eligibility"].get("participating_addenda", [])
            ],
        ),
        ("Ordering method", lambda r: r["ordering"]["method"]),
        ("Lots", lambda r: [f"{lot['id']} {lot['name']}" for lot in r.get("lots", [])]),
        (f"Maximum value ({currency})", lambda r: r.get("maximum_value")),
        (
            f"Emergency order ceiling ({currency})",
            lambda r: (r.get("emergency_provisions") or {}).get("max_order_value"),
        ),
        ("Federal programs", lambda r: (r.get("emergency_provisions") or {}).get("federal_programs", [])),
        ("Solutions", lambda r: len(r["computed"]["solutions"])),
        ("Documents", lambda r: [d["url"] for d in r.get("documents", [])]),
        ("Page", _page(settings)),
        ("Source file", lambda r: r["source"]),
    ]
    rows = [contract_view(r) for r in records["contracts"]]  # an award as ordered, with its vehicle's
    paths = term_columns(r["terms"] for r in rows)
    return _headers(fixed, paths, currency), ([*_fixed(fixed, r), *_contract_terms(r, paths)] for r in rows)


def _contract_terms(record: Record, paths: Sequence[str]) -> list[str]:
    leaves = dict(terms.iter_leaves(record["terms"]))
    return [cell(leaves.get(path)) for path in paths]


def vehicles_csv(
    records: Mapping[str, list[dict[str, Any]]], currency: str, settings: ExportSettings
) -> Table:
    vendors = {v["id"]: v for v in records["vendors"]}
    fixed: list[Column] = [
        ("ID", lambda r: r["id"]),
        ("Title", lambda r: r["title"]),
        ("Solicitation number", lambda r: r["solicitation_number"]),
        ("Group number", lambda r: r.get("group_number")),
        ("Award number", lambda r: r.get("award_number")),
        ("Vehicle type", lambda r: r["vehicle_type"]),
        ("Issuing authority", lambda r: r["issuing_authority"]["name"]),
        ("Awarding government", lambda r: r["issuing_authority"].get("jurisdiction")),
        ("Cooperative program", lambda r: r["issuing_authority"].get("cooperative_program")),
        ("Procurement method", lambda r: r["procurement_method"]),
        ("Orders awarded", lambda r: r["orders_awarded"]),
        ("Awarded", lambda r: r["period"].get("awarded")),
        ("Start", lambda r: r["period"]["start"]),
        ("End", lambda r: r["period"]["end"]),
        ("Latest possible end", lambda r: r["period"].get("max_extent")),
        ("Status", lambda r: r["computed"]["status"]),
        ("Days left", lambda r: r["computed"]["days_left"]),
        (f"Estimated value ({currency})", lambda r: r.get("estimated_value")),
        ("Lots", lambda r: [f"{lot['id']} {lot['name']}" for lot in r.get("lots", [])]),
        ("Award IDs", lambda r: r["computed"]["awards"]),
        ("Suppliers", lambda r: [vendors.get(v, {}).get("name", v) for v in r["computed"]["suppliers"]]),
        ("Solutions", lambda r: len(r["computed"]["solutions"])),
        ("Documents", lambda r: [d["url"] for d in r.get("documents", [])]),
        ("Page", _page(settings)),
        ("Source file", lambda r: r["source"]),
    ]
    rows = records.get("vehicles", [])
    paths = term_columns(r["terms"] for r in rows)
    return _headers(fixed, paths, currency), ([*_fixed(fixed, r), *_contract_terms(r, paths)] for r in rows)


def vendors_csv(records: Mapping[str, list[dict[str, Any]]], settings: ExportSettings) -> Table:
    def contact(role: str) -> Callable[[Record], Any]:
        def find(r: Record) -> Any:
            found = [c for c in r["contacts"] if c["role"] == role]
            return (
                _joined([found[0]["name"], found[0].get("email"), found[0].get("phone")]) if found else None
            )

        return find

    fixed: list[Column] = [
        ("ID", lambda r: r["id"]),
        ("Name", lambda r: r["name"]),
        ("Legal name", lambda r: r["legal_name"]),
        ("Size", lambda r: r.get("size")),
        ("Identifiers", lambda r: [f"{i['scheme']} {i['id']}" for i in r.get("identifiers", [])]),
        ("Locality", lambda r: (r.get("address") or {}).get("locality")),
        ("Region", lambda r: (r.get("address") or {}).get("region")),
        ("Country", lambda r: (r.get("address") or {}).get("country")),
        ("Homepage", lambda r: r.get("homepage")),
        ("Sales contact", contact("sales")),
        ("Contract manager", contact("contract_manager")),
        ("Security incident contact", contact("security_incident")),
        (
            "Socio-economic certifications",
            lambda r: [f"{c['type']} until {c['expires']}" for c in r["computed"]["socio_economic"]],
        ),
        ("Resellers", lambda r: [s["name"] for s in r.get("resellers", [])]),
        ("Contracts", lambda r: len(r["computed"]["contracts"])),
        ("Solutions", lambda r: len(r["computed"]["solutions"])),
        ("Page", _page(settings)),
        ("Source file", lambda r: r["source"]),
    ]
    return [name for name, _ in fixed], (_fixed(fixed, r) for r in records["vendors"])


CSV_NAMES = ("solutions.csv", "vehicles.csv", "contracts.csv", "vendors.csv")


def tables(
    records: Mapping[str, list[dict[str, Any]]], currency: str, settings: ExportSettings
) -> Iterator[tuple[str, Table]]:
    """The four files by name, each table made only when the one before is written."""
    solutions, vehicles, contracts, vendors = CSV_NAMES
    yield solutions, solutions_csv(records, currency, settings)
    yield vehicles, vehicles_csv(records, currency, settings)
    yield contracts, contracts_csv(records, currency, settings)
    yield vendors, vendors_csv(records, settings)


def csv_files(
    records: Mapping[str, list[dict[str, Any]]], currency: str, settings: ExportSettings
) -> dict[str, bytes]:
    """The four files by name, as bytes (`catalog export --format csv`)."""
    return {name: to_csv(table) for name, table in tables(records, currency, settings)}
