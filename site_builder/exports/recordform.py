"""A record as the open data publishes it (`catalog.json`, `api/v1/<kind>/<id>.json`, `catalog
export --format json`): the build's record with what a consumer can read elsewhere left out.

- An offering names its contract and carries `changed_terms`: only the terms whose effective value
  differs from the contract's (an award's: its `computed.effective_terms`), nested as in `terms`.
  Its lots are beside its contract in `offered_under`, its contract's number and status in the
  contract's record. `apply_changes(contract_terms, changed_terms)` gives back the effective terms.
- Status and standing words (`status_label`, `standing_label`) are not repeated beside their codes:
  `api/v1/index.json`'s `meta.status_labels` gives the words of each code once.
- Under `computed`, a key whose value is null, an empty list or an empty mapping is left out (a
  missing key reads as that), except inside terms, where an empty list is a statement of its own.

At 20,000 solutions these were a quarter of every solution's file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import STATUS_WORDS

# What an offering in the records repeats: its contract's number and status, its full effective
# terms (given as `changed_terms` instead), its lots (in `offered_under`).
OFFERING_LEAVES = frozenset(
    {"effective_terms", "contract_number", "status", "status_label", "days_left", "lots"}
)
LABELS = frozenset({"status_label", "standing_label"})
# Terms data under `computed`: published as it is, empty lists and all.
TERMS_KEYS = frozenset({"effective_terms", "inherited", "changed_terms"})

# The words of each status code (`model.Validity.label`), published once in index.json.
STATUS_LABELS = {status.value: words for status, words in STATUS_WORDS.items()}


def changed_terms(effective: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """The leaves of `effective` that differ from `base`'s (lists are leaves), nested as in terms."""
    if set(base) - set(effective):
        raise ValueError("an offering's effective terms lack a family of its contract's")
    found: dict[str, Any] = {}
    for key, value in effective.items():
        if key not in base:
            found[key] = value
            continue
        old = base[key]
        if value == old:  # most families: compared whole, in C, before any walk
            continue
        if isinstance(value, dict) and isinstance(old, dict):
            inner = changed_terms(value, old)
            if inner:
                found[key] = inner
        else:
            found[key] = value
    return found


def apply_changes(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """What a consumer does with `changed_terms`: mappings merge, every other value replaces."""
    merged = dict(base)
    for key, value in changes.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = apply_changes(current, value)
        else:
            merged[key] = value
    return merged


def _lean(value: Any) -> Any:
    """`computed` without labels and without keys that say nothing (null, [], {}). Records are
    plain dicts and lists (checked as such: an abstract-class check per value cost more than the
    rest of the walk)."""
    if isinstance(value, list):
        return [_lean(item) for item in value]
    if not isinstance(value, dict):
        return value
    lean: dict[str, Any] = {}
    for key, item in value.items():
        if key in TERMS_KEYS:
            lean[key] = item
        elif key not in LABELS and (kept := _lean(item)) not in (None, [], {}):
            lean[key] = kept
    return lean


def published(kind: str, record: Mapping[str, Any], terms: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The record as published (see the module docstring); `terms` is each contract's terms by id
    (records.contract_terms)."""
    computed = dict(record["computed"])
    if kind == "solutions":
        offerings = []
        for offering in computed["offerings"]:
            small = {key: value for key, value in offering.items() if key not in OFFERING_LEAVES}
            changes = changed_terms(offering["effective_terms"], terms.get(offering["contract"], {}))
            if changes:
                small["changed_terms"] = changes
            offerings.append(small)
        computed["offerings"] = offerings
    return {**record, "computed": _lean(computed)}
