"""What the pages show, computed from the catalog once: indexes between entries, statuses, and
readable terms tables. Pure data; the templates only lay it out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any

from .. import terms
from ..model import STATUS_ORDER, Catalog, CatalogIndex, Contract, Entry, Solution, Validity, validity
from ..policy import Waiver
from ..problems import Problem


@dataclass(frozen=True)
class TermRow:
    path: str
    label: str
    value: str
    clause: str = ""  # shown once per clause, on the first of its rows
    tightened_from: str | None = None  # the contract's value when the solution tightened it
    citation: str = ""  # the clause of this row, on every row (comparisons cite each term)


@dataclass(frozen=True)
class TermGroup:
    family: str
    label: str
    rows: tuple[TermRow, ...]


@dataclass(frozen=True)
class WaivedFinding:
    rule: str
    term: str
    message: str
    approver: str
    reason: str
    expires: date


@dataclass(frozen=True)
class Indexes(CatalogIndex):
    """The catalog's own index, plus what only the site shows: the waivers applied, by entry."""

    waived: Mapping[str, list[WaivedFinding]] = field(default_factory=dict)


def build_indexes(catalog: Catalog, waived: Iterable[tuple[Waiver, Problem]] = ()) -> Indexes:
    found: dict[str, list[WaivedFinding]] = {}
    for waiver, problem in sorted(waived, key=lambda pair: (pair[0].entry, pair[0].rule, pair[1])):
        term = waiver.term or problem.term
        found.setdefault(waiver.entry, []).append(
            WaivedFinding(
                waiver.rule,
                terms.label_for(term) if term.split(".")[0] in terms.FAMILIES else term,
                problem.message,
                waiver.approver,
                waiver.reason,
                waiver.expires,
            )
        )
    shared = catalog.index()
    return Indexes(**{f.name: getattr(shared, f.name) for f in fields(CatalogIndex)}, waived=found)


def primary_offering_index(catalog: Catalog, solution: Solution) -> int:
    """The offering a comparison uses: the first under the best-standing contract."""
    ranked = sorted(
        range(len(solution.offerings)),
        key=lambda i: STATUS_ORDER.index(
            catalog.contracts[solution.offerings[i].contract_id].validity.status
        ),
    )
    return ranked[0] if ranked else 0


def _leaves(block: Mapping[str, Any], prefix: str, clause: str = "") -> Iterator[tuple[str, Any, str]]:
    """(path, value, clause) for every term below `block`; the clause is the nearest `section`
    recorded at or above the term, the reference a buyer can cite."""
    section = block.get("section")
    clause = section if isinstance(section, str) else clause
    for key, value in block.items():
        if key == "section":
            continue
        path = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            yield from _leaves(value, path, clause)
        else:
            yield path, value, clause


@lru_cache(maxsize=4096)
def _row_label(path: str) -> str:
    label = terms.label_for(path)
    label = label.split(": ", 1)[1] if ": " in label else label
    return label[:1].upper() + label[1:]


def term_groups(
    effective: Mapping[str, Any],
    currency: str,
    baseline: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    only: set[str] | None = None,
) -> list[TermGroup]:
    """Readable rows per term family (all, or `only` these); rows an override tightened carry the
    contract's value."""
    overridden = dict(terms.iter_leaves(overrides or {}))
    groups = []
    for family, family_label in terms.FAMILIES.items():
        if only is not None and family not in only:
            continue
        block = effective.get(family)
        if not isinstance(block, Mapping):
            continue
        rows = []
        last_clause = ""
        for path, value, clause in _leaves(block, family):
            before = None
            if baseline is not None and path in overridden:
                old = terms.get(baseline, path)
                if terms.compare(path, old, value) > 0:
                    before = terms.format_value(path, old, currency)
            shown = clause if clause != last_clause else ""  # once per clause, not on every row
            rows.append(
                TermRow(
                    path, _row_label(path), terms.format_value(path, value, currency), shown, before, clause
                )
            )
            last_clause = clause
        if rows:
            groups.append(TermGroup(family, family_label, tuple(rows)))
    return groups


def flat_terms(groups: list[TermGroup]) -> dict[str, list[str]]:
    """`{path: [family label, term label, shown value, clause]}` for comparisons and downloads."""
    return {
        row.path: [group.label, row.label, row.value, row.citation] for group in groups for row in group.rows
    }


@dataclass(frozen=True)
class Credential:
    name: str
    kind: str  # "certification" | "socio-economic"
    owner: str  # entry key
    owner_name: str
    expires: date
    validity: Validity
    data: Mapping[str, Any] = field(default_factory=dict, compare=False)


def entry_credentials(entry: Entry, today: date, warn_days: int) -> list[Credential]:
    """The dated credentials one solution (certifications) or vendor (socio-economic) holds."""
    from .labels import label

    field_name, kind, vocabulary = (
        ("certifications", "certification", "certification")
        if entry.kind == "solutions"
        else ("socio_economic", "socio-economic", "socio_economic")
    )
    return [
        Credential(
            label(vocabulary, item["type"]),
            kind,
            entry.key,
            entry.name,
            end,
            validity(end, today, warn_days),
            item,
        )
        for item in entry.data.get(field_name, [])
        for end in [date.fromisoformat(item["expires"])]
    ]


def credentials(catalog: Catalog, warn_days: int) -> list[Credential]:
    """Every dated credential in the catalog with its standing, soonest expiry first."""
    found = [
        credential
        for kind in ("solutions", "vendors")
        for entry in catalog.of_kind(kind).values()
        for credential in entry_credentials(entry, catalog.today, warn_days)
    ]
    return sorted(found, key=lambda c: (c.expires, c.owner, c.name))


def contract_deadlines(contract: Contract) -> list[tuple[str, date]]:
    """Dates a buyer or contract manager must act on, in order."""
    period = contract.data["period"]
    found = [("Current term ends", contract.end)]
    found += [
        (f"Renewal decision ({option['months']} months)", date.fromisoformat(option["decision_by"]))
        for option in period.get("renewal_options", [])
        if option.get("decision_by")
    ]
    if period.get("max_extent"):
        found.append(("Latest end with every renewal", date.fromisoformat(period["max_extent"])))
    return sorted(found, key=lambda item: item[1])
