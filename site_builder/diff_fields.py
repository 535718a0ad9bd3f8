"""The fields of an entry other than its terms, compared in words: "period.end: 2029-01-31 →
2030-01-31", names in a list item by item ("eligibility.buyer_types: added school_district"), list items
that are mappings field by field. Long prose is "changed": the pull request shows its text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def field_notes(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Every other field that differs, in words; lists of names item by item."""
    lines: list[str] = []
    for key in dict.fromkeys([*new, *old]):
        path = f"{prefix}.{key}" if prefix else str(key)
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        if isinstance(was, Mapping) and isinstance(now, Mapping):
            lines += field_notes(was, now, path)
        elif isinstance(was, list) and isinstance(now, list):
            lines += _list_fields(path, was, now)
        elif was is None:
            lines.append(f"{path}: added" + (f" ({_short(now)})" if _short(now) else ""))
        elif now is None:
            lines.append(f"{path}: removed")
        elif _short(was) and _short(now):
            lines.append(f"{path}: {_short(was)} → {_short(now)}")
        else:
            lines.append(f"{path}: changed")
    return lines


def _list_fields(path: str, was: list[Any], now: list[Any]) -> list[str]:
    if all(isinstance(v, Mapping) for v in [*was, *now]):
        lines = []
        for index in range(max(len(was), len(now))):
            a = was[index] if index < len(was) else None
            b = now[index] if index < len(now) else None
            if a is None or b is None:
                item = f"{path}[{index}]"
                lines.append(
                    f"{item}: added ({_short(b) or 'see the file'})" if a is None else f"{item}: removed"
                )
            else:
                lines += field_notes(a, b, f"{path}[{index}]")
        return lines
    before = [json.dumps(v, ensure_ascii=False, sort_keys=True, default=str) for v in was]
    after = [json.dumps(v, ensure_ascii=False, sort_keys=True, default=str) for v in now]
    lines = [f"{path}: added {_plain(v)}" for v in after if v not in before]
    lines += [f"{path}: removed {_plain(v)}" for v in before if v not in after]
    return lines or [f"{path}: reordered"]


def _plain(encoded: str) -> str:
    return encoded[1:-1] if encoded.startswith('"') and encoded.endswith('"') else encoded


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 and "\n" not in text else ""
