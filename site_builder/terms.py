"""The terms engine: look up a term in the vocabulary, say whether a change tightens it, merge a
solution's overrides onto its contract, and put terms into words.

Every judgement goes through `compare`, which reads the vocabulary (`site_builder.vocabulary`):
the override check, the policy rules, `catalog diff` and the site's "Tightened" labels share it,
and with it what an unstated term means (no cap is unlimited; an unstated notice time is unknown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from .term_order import LEAST, Field, ItemChange, Items, Ladder, Verdict, judge
from .term_order import item_changes as changes_by_item
from .vocabulary import (
    AM_BEST_LETTERS,
    AM_BEST_SIZES,
    CAP_BASES,
    CARVE_OUTS,
    COVERAGES,
    FAMILIES,
    FIELDS,
    GROUPING,
    INDEMNITIES,
    SECTION,
    STANDARDS,
    am_best_grades,
)

__all__ = [
    "CAP_BASIS_ORDER",
    "CARVE_OUTS",
    "COVERAGES",
    "FAMILIES",
    "FIELDS",
    "INDEMNITIES",
    "STANDARD_ORDER",
    "Field",
    "ItemChange",
    "Verdict",
    "am_best_rank",
    "binding",
    "compare",
    "compare_terms",
    "field_for",
    "format_money",
    "format_value",
    "get",
    "item_changes",
    "iter_leaves",
    "label_for",
    "meets",
    "merge",
]

# Ranks for the rules that still read them directly; `compare` and `meets` are the engine.
CAP_BASIS_ORDER = {value: level for level, rung in enumerate(CAP_BASES.rungs) for value in rung}
STANDARD_ORDER = {value: level for level, rung in enumerate(STANDARDS.rungs) for value in rung}


def am_best_rank(rating: str) -> tuple[int, int]:
    grades = am_best_grades(rating)
    if grades is None:
        raise ValueError(
            f"not an A.M. Best rating: {rating!r} (e.g. {AM_BEST_LETTERS[4]} {AM_BEST_SIZES[6]})"
        )
    return grades


@lru_cache(maxsize=4096)
def field_for(path: str) -> Field | None:
    """The vocabulary's field for a dotted term path such as `insurance.coverages.crime.per_claim`."""
    if path == "section" or path.endswith(".section"):
        return SECTION
    if path in FIELDS:
        return FIELDS[path]
    parts = path.split(".")
    for index in range(len(parts)):
        candidate = ".".join([*parts[:index], "*", *parts[index + 1 :]])
        if candidate in FIELDS:
            return FIELDS[candidate]
    return None


def compare(path: str, old: Any, new: Any) -> Verdict:
    """What changing the term at `path` from `old` to `new` does for the purchaser.

    None is "not stated" and means what the vocabulary says for that field. A term outside the
    vocabulary cannot be ranked. The verdict is antisymmetric: swapping old and new reverses it.
    """
    # The rules ask the same few questions for every solution (at 20,000 solutions, 177,000
    # comparisons of 172 distinct ones), so verdicts are kept, keyed by the values and their
    # types: True and 1 are equal keys in Python but not the same term value.
    key = (path, _typed(old), _typed(new))
    if key[1] is _UNKEYED or key[2] is _UNKEYED:
        return _compare(path, old, new)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        if len(_VERDICTS) >= 65_536:
            _VERDICTS.clear()
        verdict = _VERDICTS[key] = _compare(path, old, new)
    return verdict


_VERDICTS: dict[tuple[str, Any, Any], Verdict] = {}
_UNKEYED = object()  # a value that cannot be a key (a mapping, or a list holding one)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _typed(value: Any) -> Any:
    """`value` as a hashable key that tells apart values of different types, or _UNKEYED."""
    kind = type(value)
    if kind in _SCALARS:
        return kind, value
    if kind is list or kind is tuple:
        items = tuple(map(_typed, value))
        return _UNKEYED if _UNKEYED in items else (kind, items)
    return _UNKEYED


def _compare(path: str, old: Any, new: Any) -> Verdict:
    field = field_for(path)
    if field is None:
        return Verdict.SAME if old == new else Verdict.UNRANKED
    return judge(field, old, new)


# A cap's amount and multiple bind only under a basis that uses them: under "multiple_of" no fixed
# amount limits anything, so stating one there is not the "no cap" that an unstated amount means
# under "fixed_amount". Read that way, moving from 2x the fees to the greater of 2x or $3M tightens.
_CAP_PARTS = {
    "limitation_of_liability.fixed_amount": frozenset({"fixed_amount", "greater_of"}),
    "limitation_of_liability.multiple": frozenset({"multiple_of", "greater_of"}),
}


def binding(terms: Mapping[str, Any], path: str) -> Any:
    """The value at `path` as it binds: None when unstated; LEAST for a cap amount or multiple the
    stated basis does not use (it adds nothing to the cap)."""
    value = get(terms, path)
    uses = _CAP_PARTS.get(path)
    if uses is not None:
        basis = get(terms, "limitation_of_liability.basis")
        if basis is not None and basis not in uses:
            return LEAST
    return value


def compare_terms(path: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Verdict:
    """`compare` of the term at `path` between two whole sets of terms, each value read as it binds
    there (see `binding`): what an award or an override does to the terms it stands on."""
    return compare(path, binding(old, path), binding(new, path))


def meets(path: str, actual: Any, required: Any) -> bool:
    """Whether `actual` protects the purchaser at least as well as `required` does."""
    return compare(path, required, actual) in (Verdict.TIGHTENED, Verdict.SAME)


def item_changes(path: str, old: Any, new: Any) -> list[ItemChange] | None:
    """A list term's change item by item ("carve-out removed: willful misconduct"), or None when
    it cannot be told that way."""
    field = field_for(path)
    return None if field is None else changes_by_item(field, old, new)


def label_for(path: str) -> str:
    """Plain words for a term path: `insurance.coverages.cyber_privacy_liability.per_claim` →
    "Insurance: cyber and privacy liability, per claim"."""
    parts = path.split(".")
    family = FAMILIES.get(parts[0], parts[0].replace("_", " "))
    middle = [
        COVERAGES.get(p) or INDEMNITIES.get(p) or p.replace("_", " ")
        for p in parts[1:-1]
        if p not in GROUPING
    ]
    field = field_for(path)
    named = COVERAGES.get(parts[-1]) or INDEMNITIES.get(parts[-1])
    last = field.label if field else _lower_first(named) if named else parts[-1].replace("_", " ")
    last = last if len(parts) > 1 else ""
    words = ", ".join([*(_lower_first(m) for m in middle), last] if last else middle)
    return f"{family}: {words}" if words else family


def _lower_first(text: str) -> str:
    """Lower-case the first letter, unless the word is an acronym ("IP …" stays)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def format_money(amount: float, currency: str = "USD") -> str:
    symbol = "$" if currency == "USD" else f"{currency} "
    if amount >= 1_000_000 and amount % 100_000 == 0:
        millions = amount / 1_000_000
        text = f"{millions:.1f}".rstrip("0").rstrip(".")
        return f"{symbol}{text}M"
    return f"{symbol}{amount:,.0f}"


def format_value(path: str, value: Any, currency: str = "USD") -> str:
    """A term value in plain words: `5000000` → "$5M", `24` hours → "24 h", lists joined; an
    unstated value with what it means ("not stated (no cap: unlimited)")."""
    field = field_for(path)
    unit = field.unit if field else ""
    if value is None:
        meaning = field.absent.words if field else ""
        return f"not stated ({meaning})" if meaning and meaning != "not stated" else "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if field is not None and isinstance(field.order, Items):
            return ", ".join(field.order.name(v) for v in value) or "none"
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    if isinstance(value, int | float):
        return _format_number(value, unit, currency)
    named = field is not None and isinstance(field.order, Ladder)
    if isinstance(value, str) and (named or path.endswith(("basis", "multiple_of"))):
        return value.replace("_", " ")
    return str(value)


def _format_number(value: float, unit: str, currency: str) -> str:
    if unit == "money":
        return format_money(value, currency)
    if unit == "times":
        return f"{value:g}×"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "hours":
        return f"{value} h"
    if unit == "minutes":
        return f"{value} min"
    if unit in {"days", "months", "years"}:
        return f"{value} {unit if value != 1 else unit[:-1]}"
    return str(value)


def iter_leaves(terms: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield `(dotted path, value)` for every leaf of a terms mapping; lists are leaves."""
    for key, value in terms.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from iter_leaves(value, path)
        else:
            yield path, value


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Deep-merge `overrides` onto `base`: mappings merge, lists where more items protect more
    (carve-outs) add to the base list, other values replace. So an override names only what it adds."""
    merged = dict(base)
    for key, value in overrides.items():
        path = f"{prefix}.{key}" if prefix else key
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = merge(current, value, path)
        elif isinstance(value, list) and isinstance(current, list) and _adds_up(path):
            merged[key] = [*current, *(item for item in value if item not in current)]
        else:
            merged[key] = value
    return merged


def _adds_up(path: str) -> bool:
    field = field_for(path)
    return field is not None and isinstance(field.order, Items) and field.order.more is True


def get(terms: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None."""
    node: Any = terms
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node
