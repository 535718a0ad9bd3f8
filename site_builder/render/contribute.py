"""The contribute pages: a form per kind of entry (see formfields.py), and the one data file the
forms read, `contribute/needs.json`, with what the terms policy asks (see needs.py).

The file holds, for every combination of category, risk tier and data classification, what the
policy asks of a solution under a contract that states only what every contract must (the
minimums beside each term, the credentials and reports it needs), and per contract of the
catalog, as small lists of shared entries, where that contract's terms fall short of it. It does
not grow with the number of solutions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..entryplan import dotted
from ..jsonout import json_bytes
from ..model import SINGULAR, Contract
from ..needs import (
    REGULATED_FIELD,
    allowed_values,
    contract_needs,
    every_choice,
    minimal_contract,
    minimum_words,
    regulated_needs,
    solution_needs,
)
from ..problems import Problem
from ..validate import SCHEMA_FILES
from .contribute_kinds import form_kinds
from .formfields import FormField, build_form, left_to_yaml, walk
from .pages import PageSpec
from .sitedata import SiteData

NEEDS_FILE = "contribute/needs.json"
# Ids offered as suggestions in a form's id fields, at most: a longer list would weigh on the page.
MAX_SUGGESTED = 2000
FORMAT_VERSION = 1
# What names a contract and who holds it: never read by the terms rules (see terms_alike).
NAMING = frozenset({"id", "title", "number", "award_number", "description", "contacts", "vendor"})


class _Table:
    """Entries stored once and named by position; sets of them likewise."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.sets: list[list[int]] = []
        self._entries: dict[str, int] = {}
        self._sets: dict[tuple[int, ...], int] = {}

    def entry(self, value: dict[str, Any]) -> int:
        key = repr(sorted(value.items()))
        if key not in self._entries:
            self._entries[key] = len(self.entries)
            self.entries.append(value)
        return self._entries[key]

    def set_of(self, values: Iterable[dict[str, Any]]) -> int:
        key = tuple(sorted({self.entry(v) for v in values}))
        if key not in self._sets:
            self._sets[key] = len(self.sets)
            self.sets.append(list(key))
        return self._sets[key]


def _need(problem: Problem, currency: str, *, words: bool = True) -> list[dict[str, Any]]:
    """A finding as the form shows it: beside the field each fix or ask names."""
    found = []
    for change in problem.fix.changes if problem.fix else ():
        entry = {"field": dotted(change.path), "rule": problem.rule, "level": problem.level.value}
        entry["words"] = minimum_words(change.path, change.value, currency)
        if words:
            entry["message"] = problem.message
        found.append(entry)
    found += [
        {
            "field": dotted(change.path),
            "rule": problem.rule,
            "level": problem.level.value,
            "message": problem.message,
            "hint": problem.hint,
        }
        for change in problem.asks
    ]
    return found


def needs_document(data: SiteData) -> dict[str, Any]:
    """What every contribute form reads: the policy's asks by choice, and each contract's gaps."""
    schemas, policy, today = data.schemas, data.policy, data.as_of
    currency = policy.currency
    choices = every_choice(schemas)
    table = _Table()
    baseline = minimal_contract(policy, schemas, today)
    minima = solution_needs(policy, schemas, today, [baseline], choices)
    regulated = {
        kind: table.set_of(
            entry
            for problem in regulated_needs(policy, schemas, today, baseline, kind)
            for entry in _need(problem, currency)
        )
        for kind in allowed_values(schemas, REGULATED_FIELD)
    }
    contracts: dict[str, Any] = {}
    checked: dict[str, int | list[int]] = {}  # contracts alike in what the rules read share one check
    for contract in sorted(data.catalog.contracts.values(), key=lambda c: c.id):
        alike = terms_alike(contract)
        if alike not in checked:
            # Only fixes are kept from these findings: 120 made-up solutions per contract skip
            # the rules that never name one.
            short = solution_needs(policy, schemas, today, [contract], choices, fixes_only=True)
            sets = [
                table.set_of(
                    entry
                    for problem in short[chosen]
                    if problem.fix is not None
                    for entry in _need(problem, currency, words=False)
                )
                for chosen in choices
            ]
            checked[alike] = _compact(sets)
        contracts[contract.id] = {**_describe(contract), "short": checked[alike]}
    return {
        "version": FORMAT_VERSION,
        "choices": {
            "category": sorted({c.category for c in choices}, key=[c.category for c in choices].index),
            "risk_tier": sorted({c.risk_tier for c in choices}, key=[c.risk_tier for c in choices].index),
            "classification": sorted(
                {c.classification for c in choices}, key=[c.classification for c in choices].index
            ),
        },
        "minima": _compact(
            [
                table.set_of(entry for p in minima[chosen] for entry in _need(p, currency))
                for chosen in choices
            ]
        ),
        "regulated": regulated,
        "contract_terms": table.set_of(
            entry for p in contract_needs(policy, schemas, today, {}) for entry in _need(p, currency)
        ),
        "contracts": contracts,
        "entries": table.entries,
        "sets": table.sets,
    }


def terms_alike(contract: Contract) -> str:
    """The contract as the terms rules read it for a solution under it: everything but what
    names it (id, title, numbers, description, contacts) and its vendor, none of which changes
    what the rules find on a made-up solution there (tests/test_contribute_form.py changes them
    for every contract of the demo). Contracts of one vehicle with the same terms check once: at
    20,000 solutions 214 contracts are 14 checks. A contract that cannot be written as JSON is
    alike only to itself."""
    own = {key: value for key, value in contract.data.items() if key not in NAMING}
    vehicle = contract.vehicle.data if contract.vehicle is not None else None
    try:
        return json.dumps([own, vehicle, contract.merged_terms], sort_keys=True, default=_plain)
    except (TypeError, ValueError):
        return f"\0{contract.id}"


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _describe(contract: Contract) -> dict[str, Any]:
    lots = [str(lot.get("id")) for lot in contract.data.get("lots") or () if isinstance(lot, Mapping)]
    return {"title": contract.name, "number": contract.number, "lots": lots}


def _compact(sets: Sequence[int]) -> int | list[int]:
    """One number when every combination has the same set (most contracts meet everything)."""
    return sets[0] if len(set(sets)) == 1 else list(sets)


def write_needs(data: SiteData, site_dir: Path) -> None:
    if not data.schemas:
        return
    path = site_dir / NEEDS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json_bytes(needs_document(data)))


def repository_links(edit_base: str | None) -> dict[str, str]:
    """Where the repository's new-file, edit and file pages are, from the edit base mkdocs.yml's
    repo_url and edit_uri give (`…/edit/<branch>/`): GitHub's and GitLab's layout."""
    if not edit_base or "/edit/" not in edit_base:
        return {}
    head, _, branch = edit_base.rstrip("/").rpartition("/edit/")
    return {"new": f"{head}/new/{branch}", "edit": f"{head}/edit/{branch}/", "view": f"{head}/blob/{branch}/"}


def contribute_context(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    links = repository_links(data.edit_base)
    kinds = form_kinds(data.schemas)
    if spec.template == "contribute.html.j2":
        return {"links": links, "kinds": kinds, "plural": {SINGULAR[k]: k for k in SINGULAR}}
    kind = spec.group
    form = build_form(data.schemas, kind)
    folder = next(k for k, v in SINGULAR.items() if v == kind)
    # Suggestions for the id fields, and for the id of the entry to change: the first ids only
    # when there are very many (a suggestion list; the ids are checked when the file is).
    ids = {
        refers: sorted(data.catalog.of_kind(refers))[: MAX_SUGGESTED + 1]
        for refers in dict.fromkeys([folder, *(f.refers for f in walk(form))])
        if refers in SINGULAR
    }
    return {
        "links": links,
        "kind": kind,
        "kinds": kinds,
        "folder": folder,
        "form": form,
        "left": [f for f in walk(form) if f.kind == "yaml"],
        "ids": {refers: known[:MAX_SUGGESTED] for refers, known in ids.items()},
        "complete": [refers for refers, known in ids.items() if len(known) <= MAX_SUGGESTED],
        "schema_file": SCHEMA_FILES[next(k for k, v in SINGULAR.items() if v == kind)],
    }


__all__ = ["NEEDS_FILE", "FormField", "contribute_context", "form_kinds", "left_to_yaml", "write_needs"]
