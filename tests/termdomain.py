"""Every term the schemas allow, with a hypothesis strategy for its values: the property tests run
over the whole vocabulary as the published schemas define it, not over a hand-picked list."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from conftest import REPO

SCHEMA = REPO / "schema"
# Reproducible and without an example database under CI; exploratory on a developer's machine.
PROFILE = settings.get_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@cache
def _documents() -> dict[str, Any]:
    return {
        name: json.loads((SCHEMA / name).read_text(encoding="utf-8"))
        for name in ("common.schema.json", "terms.schema.json")
    }


def _resolve(node: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        current = target or current
        found: Any = _documents()[current]
        for part in filter(None, pointer.split("/")):
            found = found[part]
        node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}  # the field's own words win
    return node, current


@cache
def leaf_schemas() -> dict[str, dict[str, Any]]:
    """{dotted term path: resolved schema} for every leaf of a contract's `terms`."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], current: str, path: str) -> None:
        node, current = _resolve(node, current)
        if node.get("type") == "object":
            for name, child in node.get("properties", {}).items():
                walk(child, current, f"{path}.{name}" if path else name)
        elif node.get("type") == "array":
            found[path] = {**node, "items": _resolve(node["items"], current)[0]}
        else:
            found[path] = node

    walk(_documents()["common.schema.json"]["$defs"]["terms"], "common.schema.json", "")
    return found


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema accepts (valid ones only: the pipeline validates before it judges)."""
    return _values(json.dumps(schema, sort_keys=True))


@cache
def _values(key: str) -> st.SearchStrategy[Any]:
    # One strategy object per schema: hypothesis replays a failing example draw by draw.
    schema = json.loads(key)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", 0), schema.get("maximum", 10**9))
    if kind == "number":
        low, high = schema.get("minimum", 0), schema.get("maximum", 10**9)
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high, allow_nan=False))
    if kind == "array":
        items = values(schema["items"])
        return st.lists(
            items,
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 6), 6),
            unique=bool(schema.get("uniqueItems")),
        )
    if kind == "string" and "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    if kind == "string":
        return st.text(st.characters(categories=("L", "N")), min_size=1, max_size=20)
    raise AssertionError(f"no strategy for {schema}")


def optional(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A value, or None for "not stated"."""
    return st.one_of(st.none(), values(schema))
