"""Catalog entries compared as data, term by term, with what each change does for the purchaser.

A contract's terms are compared directly. A solution is judged by its effective terms under each
contract it is offered under, against that contract as it now stands: a new solution shows every
override it carries against the contract's value, and a changed one what its own change does (a
removed override falls back to the contract's value, which may be looser). A contract's change
names every solution it applies to. Lists are told item by item, never cut.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from . import terms
from .diff_fields import field_notes
from .diff_model import Change, EntryChange
from .model import KINDS
from .term_order import Items, Verdict

_ORDER = {Verdict.LOOSENED: 0, Verdict.UNRANKED: 0, Verdict.TIGHTENED: 1, Verdict.SAME: 2}


class Context(Protocol):
    """What judging a changed entry needs beyond the changed entries themselves."""

    def contract(self, contract_id: str) -> Mapping[str, Any] | None:
        """The contract as it now stands (the newer side)."""

    def vehicle(self, vehicle_id: str) -> Mapping[str, Any] | None:
        """The vehicle as it now stands (the newer side)."""

    def solutions_under(self, contract_id: str, newer: bool) -> tuple[str, ...]:
        """Ids of the solutions offered under the contract, on the newer or the older side."""

    def awards_under(self, vehicle_id: str, newer: bool) -> tuple[str, ...]:
        """Ids of the contracts awarded under the vehicle, on the newer or the older side."""


class SnapshotContext:
    """Context from two whole snapshots (or whatever they hold)."""

    def __init__(self, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> None:
        self.old, self.new = old, new

    def contract(self, contract_id: str) -> Mapping[str, Any] | None:
        return self.new.get(f"contracts/{contract_id}")

    def vehicle(self, vehicle_id: str) -> Mapping[str, Any] | None:
        return self.new.get(f"vehicles/{vehicle_id}")

    def awards_under(self, vehicle_id: str, newer: bool) -> tuple[str, ...]:
        snapshot = self.new if newer else self.old
        return tuple(
            sorted(
                key.partition("/")[2]
                for key, data in snapshot.items()
                if key.startswith("contracts/") and data.get("vehicle") == vehicle_id
            )
        )

    def solutions_under(self, contract_id: str, newer: bool) -> tuple[str, ...]:
        snapshot = self.new if newer else self.old
        return tuple(
            sorted(
                key.partition("/")[2]
                for key, data in snapshot.items()
                if key.startswith("solutions/") and contract_id in offered(data)
            )
        )


def compare_snapshots(
    old: Mapping[str, Mapping[str, Any]],
    new: Mapping[str, Mapping[str, Any]],
    currency: str,
    context: Context | None = None,
) -> list[EntryChange]:
    """What changed from `old` to `new`: entries with a flagged term first, then tightened, then the
    rest. Entries in neither snapshot are looked up through `context` (default: the snapshots)."""
    context = context or SnapshotContext(old, new)
    broken_old: Mapping[str, str] = getattr(old, "unreadable", {})
    broken_new: Mapping[str, str] = getattr(new, "unreadable", {})
    found: list[EntryChange] = []
    for key in sorted({*old, *new, *broken_old, *broken_new}):
        kind, _, entry_id = key.partition("/")
        before, after = old.get(key), new.get(key)
        if key in broken_new or key in broken_old:
            if before == after and broken_old.get(key) == broken_new.get(key):
                continue
            problem = broken_new.get(key) or broken_old.get(key)
            version = "new" if key in broken_new else "old"
            status = "added" if before is None and key not in broken_old else "changed"
            note = f"the {version} version cannot be read ({problem}); run `catalog validate`"
            found.append(EntryChange(kind, entry_id, status, _name(after or before, entry_id), notes=(note,)))
            continue
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        name = _name(after or before, entry_id)
        if kind == "contracts":
            found.append(_contract(entry_id, status, name, before, after, context, currency))
        elif kind == "vehicles":
            found.append(_vehicle(entry_id, status, name, before, after, context, currency))
        elif kind == "solutions":
            found.append(_solution(entry_id, status, name, before, after, context, currency))
        else:
            notes = field_notes(before or {}, after or {}) if status == "changed" else []
            found.append(EntryChange(kind, entry_id, status, name, notes=tuple(notes)))
    order = {kind: index for index, kind in enumerate(KINDS)}

    def rank(change: EntryChange) -> tuple[int, int, str]:
        first = 0 if change.flagged else 1 if change.tightened else 2
        return first, order.get(change.kind, len(order)), change.id

    return sorted(found, key=rank)


def _name(data: Mapping[str, Any] | None, entry_id: str) -> str:
    value = (data or {}).get("name") or (data or {}).get("title")
    return value if isinstance(value, str) else entry_id


def _terms(data: Mapping[str, Any] | None, key: str) -> Mapping[str, Any]:
    value = (data or {}).get(key)
    return value if isinstance(value, Mapping) else {}


def _contract(
    entry_id: str,
    status: str,
    name: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    context: Context,
    currency: str,
) -> EntryChange:
    if status == "added":
        stated = _stated_terms(after, currency)
        return EntryChange(
            "contracts", entry_id, status, name, notes=stated, affects=context.solutions_under(entry_id, True)
        )
    if status == "removed":
        still = context.solutions_under(entry_id, True)
        gone = (f"still named by {len(still)} solution(s): {', '.join(still)}",) if still else ()
        return EntryChange(
            "contracts", entry_id, status, name, notes=gone, affects=context.solutions_under(entry_id, False)
        )
    common = _common_terms(after, context)  # an award is judged by what it does to its vehicle's
    was, now = terms.merge(common, _terms(before, "terms")), terms.merge(common, _terms(after, "terms"))
    changes = term_changes(was, now, currency)
    notes = field_notes(_without(before, "terms"), _without(after, "terms"))
    affects = context.solutions_under(entry_id, True) if changes else ()
    return EntryChange("contracts", entry_id, status, name, tuple(changes), tuple(notes), affects)


def _stated_terms(data: Mapping[str, Any] | None, currency: str) -> tuple[str, ...]:
    """What a new contract or vehicle states, term by term, as the review's notes list it."""
    return tuple(
        f"states {terms.label_for(path)}: {terms.format_value(path, value, currency)}"
        for path, value in terms.iter_leaves(_terms(data, "terms"))
    )


def _common_terms(contract: Mapping[str, Any] | None, context: Context) -> Mapping[str, Any]:
    """The common terms of the vehicle an award stands on, as it now stands; {} if none."""
    vehicle_id = (contract or {}).get("vehicle")
    vehicle = context.vehicle(vehicle_id) if isinstance(vehicle_id, str) else None
    return _terms(vehicle, "terms")


def _effective_contract_terms(contract: Mapping[str, Any], context: Context) -> Mapping[str, Any]:
    """What orders under a contract get: for an award, its vehicle's terms with its own on top."""
    return terms.merge(_common_terms(contract, context), _terms(contract, "terms"))


def _vehicle(
    entry_id: str,
    status: str,
    name: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    context: Context,
    currency: str,
) -> EntryChange:
    """A vehicle's common terms, told term by term, naming every solution offered under any of its
    awards (an award that states a tighter value of its own keeps it; the rest take the change)."""
    awards = context.awards_under(entry_id, status != "removed")
    under = tuple(
        sorted({s for award in awards for s in context.solutions_under(award, status != "removed")})
    )
    if status in {"added", "removed"}:
        stated = _stated_terms(after, currency) if status == "added" else ()
        return EntryChange("vehicles", entry_id, status, name, notes=stated, affects=under)
    changes = term_changes(_terms(before, "terms"), _terms(after, "terms"), currency)
    notes = field_notes(_without(before, "terms"), _without(after, "terms"))
    if awards:
        notes.append(f"common terms of {len(awards)} award(s): {', '.join(awards)}")
    return EntryChange(
        "vehicles", entry_id, status, name, tuple(changes), tuple(notes), under if changes else ()
    )


def _solution(
    entry_id: str,
    status: str,
    name: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    context: Context,
    currency: str,
) -> EntryChange:
    if status == "removed" or after is None:
        return EntryChange("solutions", entry_id, status, name)
    old_contracts, new_contracts = offered(before), offered(after)
    old_overrides, new_overrides = _terms(before, "terms_overrides"), _terms(after, "terms_overrides")
    changes: list[Change] = []
    notes: list[str] = []
    for contract_id in new_contracts:
        contract = context.contract(contract_id)
        if contract is None or not (isinstance(contract.get("terms"), Mapping) or contract.get("vehicle")):
            if before is not None and contract_id in old_contracts:  # overrides against each other
                changes += _override_changes(old_overrides, new_overrides, currency)
            else:
                notes.append(f'contract "{contract_id}" is not in the catalog; its terms cannot be compared')
            continue
        base = _effective_contract_terms(contract, context)
        where = f'under contract "{contract_id}": ' if len(new_contracts) > 1 else ""
        offered_before = contract_id in old_contracts
        was: Mapping[str, Any]
        if offered_before:  # judge only what this solution changed
            was = terms.merge(base, old_overrides)
            paths = [*_leaf_paths(new_overrides), *_leaf_paths(old_overrides)]
        else:  # a new offering: every override against the contract's value
            was = base
            paths = list(_leaf_paths(new_overrides))
        now = terms.merge(base, new_overrides)
        changes += term_changes(was, now, currency, paths, base, where, restates=not offered_before)
        if offered_before:
            changes += _dropped_or_restated(was, now, old_overrides, new_overrides, currency, where)
        else:
            changes += _restated_items(base, new_overrides, where)
    notes += [f'now offered under contract "{c}"' for c in new_contracts if before and c not in old_contracts]
    notes += [f'no longer offered under contract "{c}"' for c in old_contracts if c not in new_contracts]
    if status == "changed":
        notes += field_notes(_without(before, "terms_overrides"), _without(after, "terms_overrides"))
    return EntryChange("solutions", entry_id, status, name, tuple(_sorted(changes)), tuple(notes))


def _dropped_or_restated(
    was: Mapping[str, Any],
    now: Mapping[str, Any],
    old_overrides: Mapping[str, Any],
    new_overrides: Mapping[str, Any],
    currency: str,
    where: str,
) -> list[Change]:
    """Overrides added or removed without changing the effective term: the contract says the same."""
    before, after = set(_leaf_paths(old_overrides)), set(_leaf_paths(new_overrides))
    found = []
    for path in sorted(before ^ after):
        value = terms.get(now, path)
        if terms.get(was, path) != value:
            continue  # a real change, told by term_changes
        action = "override added" if path in after else "override removed"
        shown = terms.format_value(path, value, currency)
        text = f"{where}{terms.label_for(path)}: {action}; the contract says the same ({shown}) (neutral)"
        found.append(Change(path, text, Verdict.SAME, value, value))
    return found


def _restated_items(base: Mapping[str, Any], overrides: Mapping[str, Any], where: str) -> list[Change]:
    """Items of a list override (carve-outs) that the contract already has: named, as overrides."""
    found = []
    for path, value in terms.iter_leaves(overrides):
        field, stated = terms.field_for(path), terms.get(base, path)
        if field is None or not isinstance(field.order, Items) or not field.order.more:
            continue
        if isinstance(value, list) and isinstance(stated, list):
            family = terms.label_for(path.rpartition(".")[0])
            for item in (v for v in value if v in stated):
                text = f"{where}{family}: {field.order.noun} {field.order.name(item)}: restates the contract (neutral)"
                found.append(Change(path, text, Verdict.SAME, stated, value))
    return found


def _override_changes(old: Mapping[str, Any], new: Mapping[str, Any], currency: str) -> list[Change]:
    """Without the contract (a partial snapshot): overrides against each other; one that appears
    or goes away replaces a contract value that is not known here, so it cannot be ranked."""
    found = []
    for change in term_changes(old, new, currency):
        if change.old is not None and change.new is not None:
            found.append(change)
            continue
        shown = [
            "as in the contract" if v is None else terms.format_value(change.path, v, currency)
            for v in (change.old, change.new)
        ]
        text = f"{terms.label_for(change.path)} {shown[0]} → {shown[1]} ({Verdict.UNRANKED.word})"
        found.append(Change(change.path, text, Verdict.UNRANKED, change.old, change.new))
    return found


def offered(data: Mapping[str, Any] | None) -> list[str]:
    """The ids of the contracts a solution is offered under."""
    items = (data or {}).get("offered_under")
    if not isinstance(items, list):
        return []
    found: list[str] = [
        i["contract"] for i in items if isinstance(i, Mapping) and isinstance(i.get("contract"), str)
    ]
    return list(dict.fromkeys(found))


def _leaf_paths(overrides: Mapping[str, Any]) -> Iterable[str]:
    return (path for path, _ in terms.iter_leaves(overrides))


def term_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    currency: str,
    paths: Iterable[str] | None = None,
    contract: Mapping[str, Any] | None = None,
    where: str = "",
    *,
    restates: bool = False,
) -> list[Change]:
    """Each term that differs between `old` and `new` (at `paths`, or every leaf of either), in
    words. With `contract`, a value equal to the contract's is marked "(contract)"; with
    `restates`, a path whose value did not change is an override that only restates the contract."""
    if paths is None:
        paths = [*(p for p, _ in terms.iter_leaves(new)), *(p for p, _ in terms.iter_leaves(old))]
    found: list[Change] = []
    for path in dict.fromkeys(paths):
        was, now = terms.get(old, path), terms.get(new, path)
        label = terms.label_for(path)
        if was == now:
            if restates and was is not None:
                shown = terms.format_value(path, now, currency)
                found.append(
                    Change(
                        path,
                        f"{where}{label} {shown}: restates the contract (neutral)",
                        Verdict.SAME,
                        was,
                        now,
                    )
                )
            continue
        items = terms.item_changes(path, was, now)
        if items is not None:
            family = terms.label_for(path.rpartition(".")[0]) if "." in path else label
            found += [
                Change(path, f"{where}{family}: {i.text} ({i.verdict.word})", i.verdict, was, now)
                for i in items
            ]
            continue
        verdict = terms.compare_terms(path, old, new)
        before, after = (_shown(path, value, currency, contract) for value in (was, now))
        found.append(Change(path, f"{where}{label} {before} → {after} ({verdict.word})", verdict, was, now))
    return _sorted(found)


def _shown(path: str, value: Any, currency: str, contract: Mapping[str, Any] | None) -> str:
    try:
        text = terms.format_value(path, value, currency)
    except (TypeError, ValueError):
        text = json.dumps(value, ensure_ascii=False, default=str)
    if contract is not None and value is not None and terms.get(contract, path) == value:
        return f"{text} (contract)"
    return text


def _sorted(changes: list[Change]) -> list[Change]:
    families = list(terms.FAMILIES)

    def key(change: Change) -> tuple[int, int]:
        family = change.path.split(".")[0]
        return _ORDER[change.verdict], families.index(family) if family in families else len(families)

    return sorted(changes, key=key)


def _without(data: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    return {k: v for k, v in (data or {}).items() if k != key}
