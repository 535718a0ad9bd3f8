"""Reading the published JSON Schemas as a tree of fields: `$ref`s followed within schema/, and a
minimal value of any shape.

The scaffold, the policy's needs and the contribute page read the schemas through here, so a
field added to a schema reaches all three without a change in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


def resolve(schemas: Mapping[str, Any], node: Mapping[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """`node` with its `$ref`s merged in (the referring node's keywords win), and the schema file
    the merged node's own `$ref`s are relative to. `schemas` maps file names to documents."""
    merged = dict(node)
    while "$ref" in merged:
        file_name, _, fragment = str(merged.pop("$ref")).partition("#")
        base = file_name or base
        target: Any = schemas[base]
        for part in fragment.split("/")[1:]:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        merged = {**target, **merged}
    return merged, base


def kind_of(schema: Mapping[str, Any]) -> str:
    """What a field holds: object, array, boolean, integer, number, string or enum."""
    if "enum" in schema:
        return "enum"
    if "const" in schema:
        return "const"
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), "string")
    if declared:
        return str(declared)
    if "properties" in schema:
        return "object"
    return "string"


def example(schemas: Mapping[str, Any], node: Mapping[str, Any], base: str, today: date) -> Any:
    """A minimal value of the node's shape: its required fields only, the first allowed value,
    the smallest number, today for a date. Enough for the model to be built and the rules to read
    it; not meant to be valid in every detail (a made-up id, a placeholder text)."""
    schema, base = resolve(schemas, node, base)
    kind = kind_of(schema)
    if kind == "enum":
        return schema["enum"][0]
    if kind == "const":
        return schema["const"]
    if kind == "object":
        properties = schema.get("properties") or {}
        return {
            key: example(schemas, properties[key], base, today)
            for key in schema.get("required", [])
            if key in properties
        }
    if kind == "array":
        item = schema.get("items") or {}
        return [example(schemas, item, base, today) for _ in range(int(schema.get("minItems", 0)))]
    if kind == "boolean":
        return False
    if kind in {"integer", "number"}:
        return schema.get("minimum", 0)
    if schema.get("format") == "date":
        return today.isoformat()
    return "example"


def required_for(schema: Mapping[str, Any], known: Mapping[str, Any]) -> set[str]:
    """The fields `schema` requires of an object with the `known` values: its `required` and the
    `required` of every `allOf` branch whose `if` those values meet (e.g. a signed agreement
    needs `signed` and `parties`, a SOC 2 report its period)."""
    required = set(schema.get("required", []))
    for branch in schema.get("allOf", []):
        condition = branch.get("if") or {}
        if condition and _meets(condition, known):
            required |= set((branch.get("then") or {}).get("required", []))
    return required


def _meets(condition: Mapping[str, Any], known: Mapping[str, Any]) -> bool:
    """Whether `known` values certainly meet an `if` of constants and lists of values."""
    if any(key not in known for key in condition.get("required", [])):
        return False
    for key, test in (condition.get("properties") or {}).items():
        if key not in known:
            return False
        if "const" in test and known[key] != test["const"]:
            return False
        if "enum" in test and known[key] not in test["enum"]:
            return False
        if not {"const", "enum"} & set(test):
            return False  # a condition this reading does not follow: not met, to be safe
    return True
