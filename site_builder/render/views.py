"""What the pages show, computed from the catalog once: indexes between entries, statuses, and
readable terms tables. Pure data; the templates only lay it out."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any

from .. import terms
from ..credentials import details as credential_details
from ..credentials import standings
from ..model import STATUS_ORDER, Catalog, CatalogIndex, Contract, Entry, Solution, Validity, validity
from ..policy import Policy, Waiver
from ..problems import Problem
from ..provenance import Instrument, signing


@dataclass(frozen=True)
class TermRow:
    path: str
    label: str
    value: str
    clause: str = ""  # shown once per clause, on the first of its rows
    tightened_from: str | None = None  # the value it stands on, when a layer above tightened it
    citation: str = ""  # the clause of this row, on every row (comparisons cite each term)
    source: str = ""  # the layer the value comes from: "vehicle", "award", "this solution"; "" alone
    tightened_over: str = ""  # what `tightened_from` is the value of: "vehicle", "contract"
    signed: Instrument | None = None  # the signed instrument that binds a layer's value


@dataclass(frozen=True)
class Layer:
    """Terms stated on top of others: an award's over its vehicle's common terms, or a solution's
    overrides over its contract's terms."""

    word: str  # what the page calls this layer: "award", "this solution"
    stated: Mapping[str, Any]  # the terms this layer states itself
    below: Mapping[str, Any]  # the effective terms it stands on
    below_word: str  # what the page calls those: "vehicle", "contract"
    instruments: tuple[Instrument, ...] = ()  # the signed instruments behind `stated`


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
    layers: tuple[Layer, ...] = (),
    only: set[str] | None = None,
    base_word: str = "",
    as_of: date = date.max,
    stated_only: bool = False,
) -> list[TermGroup]:
    """Readable rows per term family (all, or `only` these). Each row names the layer its value
    comes from (the topmost of `layers` that states it, else `base_word`) and, when that layer
    tightened it, the value it stands on, and the instrument signed by `as_of` that binds it.
    With `stated_only`, only the rows the topmost layer states (the others are not formatted);
    their shown-once `clause` then counts only those rows."""
    # A row the topmost layer states takes its source from that layer: with `stated_only` the
    # layers below it are never read, and their leaves are not listed.
    stated = [
        (layer, dict(terms.iter_leaves(layer.stated))) for layer in (layers[-1:] if stated_only else layers)
    ]
    top = stated[-1][1] if stated_only and stated else None
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
            if top is not None and path not in top:
                continue
            before, source, over, signed = None, base_word, "", None
            for layer, leaves in reversed(stated):
                if path in leaves:
                    source = layer.word
                    signed = signing(layer.instruments, path, as_of)
                    if terms.compare_terms(path, layer.below, effective) > 0:
                        before = terms.format_value(path, terms.get(layer.below, path), currency)
                        over = layer.below_word
                    break
            shown = clause if clause != last_clause else ""  # once per clause, not on every row
            rows.append(
                TermRow(
                    path,
                    _row_label(path),
                    terms.format_value(path, value, currency),
                    shown,
                    before,
                    clause,
                    source,
                    over,
                    signed,
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


def term_words(
    effective: Mapping[str, Any], currency: str, families: Collection[str]
) -> Iterator[tuple[str, list[str]]]:
    """(path, the words `flat_terms` gives it) for every term of `families` in `effective`, read
    straight from the terms: without what only a page shows of a row (the layer its value comes
    from, what that tightened, the instrument binding it)."""
    for family, family_label in terms.FAMILIES.items():
        block = effective.get(family) if family in families else None
        if not isinstance(block, Mapping):
            continue
        for path, value, clause in _leaves(block, family):
            yield path, [family_label, _row_label(path), terms.format_value(path, value, currency), clause]


@dataclass(frozen=True)
class Credential:
    """A dated credential as the site lists it: a solution's authorization or attestation, or a
    vendor's socio-economic certification."""

    name: str
    kind: str  # "authorization" | "attestation" | "socio-economic"
    owner: str  # entry key
    owner_name: str
    until: date | None  # when it lapses or lapsed; None when nothing dates it
    until_words: str  # what `until` is: "expires", "continuous monitoring due by", …
    validity: Validity | None
    lapsed: bool
    reason: str  # why it lapsed
    data: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def details(self) -> str:
        """A solution's credential's identifying details, as its page's table words them."""
        return credential_details(self.kind, self.data)


def entry_credentials(entry: Entry, policy: Policy, today: date) -> list[Credential]:
    """The credentials one solution (authorizations, attestations) or vendor (socio-economic
    certifications) holds, with where each stands on `today`."""
    from .labels import label

    if isinstance(entry, Solution):
        return [
            Credential(
                s.name,
                s.kind,
                entry.key,
                entry.name,
                s.until,
                s.until_words,
                s.validity,
                s.lapsed,
                s.reason,
                s.data,
            )
            for s in standings(entry, policy, today)
        ]
    found = []
    for item in entry.data.get("socio_economic", []):
        end = date.fromisoformat(item["expires"])
        state = validity(end, today, policy.expiry_warning_days)
        lapsed = end < today
        reason = f"it expired on {end.isoformat()}" if lapsed else ""
        found.append(
            Credential(
                label("socio_economic", item["type"]),
                "socio-economic",
                entry.key,
                entry.name,
                end,
                "expires",
                state,
                lapsed,
                reason,
                item,
            )
        )
    return found


def credentials(catalog: Catalog, policy: Policy) -> list[Credential]:
    """Every credential in the catalog with its standing, the soonest to lapse first."""
    found = [
        credential
        for kind in ("solutions", "vendors")
        for entry in catalog.of_kind(kind).values()
        for credential in entry_credentials(entry, policy, catalog.today)
    ]
    return sorted(found, key=lambda c: (c.until or date.max, c.owner, c.name))


def contract_deadlines(contract: Contract) -> list[tuple[str, date]]:
    """Dates a buyer or contract manager must act on, in order."""
    period = contract.period
    found = [("Current term ends", contract.end)]
    found += [
        (f"Renewal decision ({option['months']} months)", date.fromisoformat(option["decision_by"]))
        for option in period.get("renewal_options", [])
        if option.get("decision_by")
    ]
    if period.get("max_extent"):
        found.append(("Latest end with every renewal", date.fromisoformat(period["max_extent"])))
    return sorted(found, key=lambda item: item[1])


def key_terms(
    effective: Mapping[str, Any], policy: Policy, currency: str, shown: Iterable[str] = ()
) -> list[str]:
    """The few pre-negotiated terms an approver looks for first, in words; a term under one of the
    `shown` paths (already stated, e.g. as a checked requirement) is left out."""
    said = tuple(shown)

    def fresh(path: str) -> bool:
        return not any(p == path or p.startswith(path + ".") for p in said)

    found = []
    cap = effective.get("limitation_of_liability") or {}
    basis = cap.get("basis")
    if basis == "unlimited" and fresh("limitation_of_liability.basis"):
        found.append("liability not capped")
    elif basis and fresh("limitation_of_liability.basis"):
        multiple = f"{cap.get('multiple', 1):g}× {str(cap.get('multiple_of', 'value')).replace('_', ' ')}"
        fixed = terms.format_money(cap["fixed_amount"], currency) if "fixed_amount" in cap else ""
        words = {
            "multiple_of": multiple,
            "fixed_amount": fixed,
            "greater_of": f"the greater of {multiple} or {fixed}",
        }
        found.append(f"liability capped at {words.get(basis, basis)}")
    breach_path = "data_protection.breach_notification.confirmed_breach_hours"
    breach = terms.get(effective, breach_path)
    if breach is not None and fresh(breach_path):
        found.append(f"confirmed breaches reported within {breach} hours")
    for coverage in (
        "cyber_privacy_liability",
        "technology_errors_omissions",
        "commercial_general_liability",
    ):
        limits = terms.get(effective, f"insurance.coverages.{coverage}") or {}
        amount = limits.get("per_claim") or limits.get("per_occurrence")
        if amount and fresh(f"insurance.coverages.{coverage}"):
            found.append(
                f"{terms.COVERAGES[coverage].lower()} insurance of {terms.format_money(amount, currency)}"
            )
    locations = terms.get(effective, "data_protection.data_locations")
    if locations and fresh("data_protection.data_locations"):
        found.append("data stored only in " + ", ".join(locations))
    law = terms.get(effective, "governing_law.law")
    if law and fresh("governing_law.law"):
        found.append(f"governed by {policy.law_name(str(law))} law")
    return found
