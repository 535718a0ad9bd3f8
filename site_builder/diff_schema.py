"""Changes to the JSON Schemas in words: what an entry may now say that it could not before.

A schema is the first check every entry meets, so relaxing it (an enum value added, a pattern
dropped, a required field no longer required, a limit raised) loosens what the catalog accepts.
Each keyword is compared where it stands; a change that cannot be ranked (a new pattern, a
different `$ref`) is flagged for review, and descriptions are counted, not judged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from .diff_model import Change, FileChanges
from .term_order import LEAST, Absent, Field, Fixed, Flag, Items, Scale, Verdict, item_changes, judge

NO_LIMIT = Absent(LEAST, "no limit", "a keyword the schema does not state does not restrict")
LIMITS: dict[str, tuple[str, bool]] = {  # keyword: (words, whether a larger value is stricter)
    "minimum": ("smallest value", True),
    "exclusiveMinimum": ("smallest value (exclusive)", True),
    "minLength": ("shortest length", True),
    "minItems": ("fewest items", True),
    "minProperties": ("fewest fields", True),
    "maximum": ("largest value", False),
    "exclusiveMaximum": ("largest value (exclusive)", False),
    "maxLength": ("longest length", False),
    "maxItems": ("most items", False),
    "maxProperties": ("most fields", False),
}
KEYWORDS: dict[str, Field] = {
    **{key: Field(words, Scale(higher=bigger), NO_LIMIT) for key, (words, bigger) in LIMITS.items()},
    "enum": Field("accepted values", Items(more=False, noun="value accepted", verbatim=True), NO_LIMIT),
    "type": Field("type", Items(more=False, noun="type accepted", verbatim=True), NO_LIMIT),
    "required": Field(
        "required fields",
        Items(more=True, noun="required field", verbatim=True),
        Absent([], "none", "a field is optional unless listed"),
    ),
    "uniqueItems": Field(
        "items must differ", Flag(True), Absent(False, "no", "duplicates pass unless forbidden")
    ),
    "pattern": Field("pattern", Fixed(), NO_LIMIT),
    "format": Field("format", Fixed(), NO_LIMIT),
    "const": Field("fixed value", Fixed(), NO_LIMIT),
    "$ref": Field("definition used", Fixed(), NO_LIMIT),
}
NEUTRAL = {"description", "title", "$comment", "examples", "default", "$id", "$schema", "deprecated"}
NESTED = {"items", "contains", "propertyNames", "not", "if", "then", "else", "additionalItems"}
LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
OPEN = {"additionalProperties", "unevaluatedProperties"}


def schema_changes(file: str, old: bytes | None, new: bytes | None) -> FileChanges | None:
    """What changed in one schema file between two versions (None: the file does not exist)."""
    if old == new:
        return None
    if old is None or new is None:
        status = "added" if old is None else "deleted"
        return FileChanges(file, status, (), (f"the schema file was {status}",))
    documents = []
    for version, raw in (("old", old), ("new", new)):
        try:
            documents.append(json.loads(raw))
        except (ValueError, RecursionError) as exc:
            return FileChanges(
                file, "modified", (), (f"the {version} version cannot be read as JSON ({exc})",)
            )
    changes = list(_compare(documents[0], documents[1], "", "the whole document"))
    notes: tuple[str, ...] = ()
    descriptive = _descriptions(documents[0], documents[1])
    if descriptive:
        notes = (f"{descriptive} description(s) or title(s) changed",)
    return FileChanges(file, "modified", tuple(changes), notes)


def _compare(old: Any, new: Any, pointer: str, where: str) -> Iterator[Change]:
    if old == new:
        return
    if not (isinstance(old, Mapping) and isinstance(new, Mapping)):
        verdict = _open_verdict(old, new)
        yield Change(
            pointer or "/",
            f"{where}: the schema changed from {_short(old)} to {_short(new)} ({verdict.word})",
            verdict,
        )
        return
    for key in dict.fromkeys([*old, *new]):
        was, now = old.get(key), new.get(key)
        if was == now or key in NEUTRAL:
            continue
        at = f"{pointer}/{_escape(key)}"
        if key in KEYWORDS:
            yield from _keyword(key, was, now, at, where)
        elif key in OPEN:
            yield from _openness(key, was, now, at, where, old, new)
        elif key in MAPS and isinstance(was or {}, Mapping) and isinstance(now or {}, Mapping):
            yield from _members(key, was or {}, now or {}, at, where, old)
        elif key in NESTED and isinstance(was, Mapping) and isinstance(now, Mapping):
            yield from _compare(was, now, at, where + ("[]" if key == "items" else f" ({key})"))
        elif key in LISTS and isinstance(was, list) and isinstance(now, list) and len(was) == len(now):
            for index, (a, b) in enumerate(zip(was, now, strict=True)):
                yield from _compare(a, b, f"{at}/{index}", f"{where} ({key} #{index + 1})")
        else:
            yield Change(
                at,
                f"{where}: {key} {_short(was)} → {_short(now)} (not comparable: review as loosened)",
                Verdict.UNRANKED,
                was,
                now,
            )


def _keyword(key: str, was: Any, now: Any, at: str, where: str) -> Iterator[Change]:
    field = KEYWORDS[key]
    was, now = ([v] if isinstance(v, str) and key == "type" else v for v in (was, now))
    items = item_changes(field, was, now)
    if items is not None:
        for item in items:
            yield Change(at, f"{where}: {item.text} ({item.verdict.word})", item.verdict, was, now)
        return
    verdict = judge(field, was, now)
    if key in {"pattern", "format", "const", "$ref"} and (was is None) != (now is None):
        verdict = Verdict.TIGHTENED if was is None else Verdict.LOOSENED  # a restriction added or dropped
    text = f"{where}: {field.label} {_short(was)} → {_short(now)} ({verdict.word})"
    yield Change(at, text, verdict, was, now)


def _openness(key: str, was: Any, now: Any, at: str, where: str, old: Any, new: Any) -> Iterator[Change]:
    """`additionalProperties: false` closes a mapping; dropping it lets any other field in."""
    if isinstance(was, Mapping) and isinstance(now, Mapping):
        yield from _compare(was, now, at, f"{where}.*")
        return
    verdict = _open_verdict(was, now)
    closed = "closed to other fields" if now is False else "open to other fields"
    yield Change(
        at,
        f"{where}: now {closed} ({key}: {_short(was)} → {_short(now)}) ({verdict.word})",
        verdict,
        was,
        now,
    )


def _open_verdict(was: Any, now: Any) -> Verdict:
    if now is False and was is not False:
        return Verdict.TIGHTENED
    if was is False and now is not False:
        return Verdict.LOOSENED
    return Verdict.UNRANKED


def _members(
    key: str, was: Mapping[str, Any], now: Mapping[str, Any], at: str, where: str, old: Any
) -> Iterator[Change]:
    closed = isinstance(old, Mapping) and old.get("additionalProperties") is False
    for name in dict.fromkeys([*was, *now]):
        place = _place(key, name, where)
        here = f"{at}/{_escape(name)}"
        if name not in was or name not in now:
            added = name not in was
            if key in {"$defs", "definitions"}:
                yield Change(
                    here, f"{place}: definition {'added' if added else 'removed'} (neutral)", Verdict.SAME
                )
                continue
            if key == "properties":  # a new field is accepted by a closed mapping, constrained in an open one
                verdict = Verdict.LOOSENED if added == closed else Verdict.TIGHTENED
            else:
                verdict = Verdict.UNRANKED
            text = f"{place}: {'now accepted' if added else 'no longer accepted'} ({verdict.word})"
            yield Change(here, text, verdict)
        else:
            yield from _compare(was[name], now[name], here, place)


def _place(key: str, name: str, where: str) -> str:
    if key in {"$defs", "definitions"}:
        return f"definition {name}"
    if key == "properties":
        if where == "the whole document":
            return f"field {name}"
        return f"{where}.{name}" if where.startswith("field ") else f"{where}, field {name}"
    return f"{where} ({key} {name})"


def _descriptions(old: Any, new: Any) -> int:
    """How many descriptive keywords differ (they change no rule)."""
    count = 0
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        count += sum(old.get(k) != new.get(k) for k in NEUTRAL if k in old or k in new)
        for key in old.keys() & new.keys() - NEUTRAL:
            count += _descriptions(old[key], new[key])
    elif isinstance(old, list) and isinstance(new, list):
        for a, b in zip(old, new, strict=False):
            count += _descriptions(a, b)
    return count


def _short(value: Any) -> str:
    if value is None:
        return "not stated"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
