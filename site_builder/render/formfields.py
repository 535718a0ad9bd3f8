"""The contribute form's fields, read from the published JSON Schemas at build time.

Every property of an entry's schema becomes a field: a mapping a group of fields, a list of
mappings a group that repeats, a list of allowed values a set of checkboxes, a value an input
with the native checks its schema allows (`required`, `pattern`, `min`, `max`, `maxlength`,
`type=url|date|number|email`). Nothing here names a field: a property added to a schema, or a
new kind of entry with its schema, is in the form at the next build. What a form cannot hold
well, an open mapping whose keys the contributor chooses, is left to the YAML editor, and the
page says so (`left_to_yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..schemawalk import kind_of, resolve

TERMS_DEF = "#/$defs/terms"  # the terms block: the policy's notes go beside its fields
_REFERS = re.compile(r"a file in catalog/([a-z]+)/")
_CLASS_SYNTAX = set("()[]{}/|")


@dataclass
class FormField:
    key: str  # the property name; "" for a list's item
    path: str  # dotted from the entry's top, "[]" for a list's items: offered_under[].contract
    label: str
    help: str
    kind: str  # object, list, choices, value, or yaml (left to the YAML editor)
    control: str = ""  # text, textarea, select, number, date, url, email
    type: str = "string"  # what the value is written as: string, integer, number, boolean
    required: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, words)
    children: list[FormField] = field(default_factory=list)
    item: FormField | None = None
    min_items: int = 0
    max_items: int = 0
    depth: int = 0  # how many lists enclose it: its id carries one position token per list
    term: str = ""  # its dotted path under a terms block, for the policy's notes
    refers: str = ""  # the kind of entry (folder) whose ids it holds

    @property
    def id(self) -> str:
        """The control's id: its path, with `@0`, `@1`… standing for the position in each list
        around it, which the script fills in when it adds an item."""
        parts = self.path.split("[]")
        marked = "".join(f"{part}-@{index}-" for index, part in enumerate(parts[:-1])) + parts[-1]
        return "c-" + re.sub(r"[^a-z0-9@]+", "-", marked.lower()).strip("-")


def build_form(schemas: Mapping[str, Any], kind: str) -> FormField:
    """The form of one kind of entry (its schema's file is `<kind>.schema.json`)."""
    file_name = f"{kind}.schema.json"
    schema, base = resolve(schemas, schemas[file_name], file_name)
    root = FormField("", "", str(schema.get("title", kind)), str(schema.get("description", "")), "object")
    root.children = _members(schemas, schema, base, "", 0, None)
    return root


def _members(
    schemas: Mapping[str, Any], schema: Mapping[str, Any], base: str, path: str, depth: int, terms: str | None
) -> list[FormField]:
    required = set(schema.get("required", []))
    return [
        _field(schemas, key, node, base, f"{path}.{key}" if path else key, depth, key in required, terms)
        for key, node in (schema.get("properties") or {}).items()
    ]


def _field(
    schemas: Mapping[str, Any],
    key: str,
    node: Mapping[str, Any],
    base: str,
    path: str,
    depth: int,
    required: bool,
    terms: str | None,
) -> FormField:
    """`terms`: None outside a terms block, else the dotted term path the field's key extends."""
    opens_terms = str(node.get("$ref", "")).endswith(TERMS_DEF)
    schema, base = resolve(schemas, node, base)
    made = FormField(
        key, path, words(key), str(schema.get("description", "")), "value", required=required, depth=depth
    )
    if terms is not None:
        made.term = f"{terms}.{key}" if terms and key else key or terms
    inner: str | None = "" if opens_terms else (made.term if terms is not None else None)
    kind = kind_of(schema)
    if kind == "object" and "properties" in schema:
        made.kind = "object"
        made.children = _members(schemas, schema, base, path, depth, inner)
        return made
    if kind == "object":
        made.kind = "yaml"  # an open mapping: its keys are the contributor's to choose
        return made
    if kind == "array":
        item, _ = resolve(schemas, schema.get("items") or {}, base)
        made.min_items, made.max_items = int(schema.get("minItems", 0)), int(schema.get("maxItems", 0))
        if kind_of(item) == "enum" and schema.get("uniqueItems"):
            made.kind = "choices"
            made.options = [(str(v), words(str(v))) for v in item["enum"]]
            return made
        made.kind = "list"
        made.item = _field(schemas, "", schema.get("items") or {}, base, f"{path}[]", depth + 1, True, None)
        made.item.label = words(key[:-1]) if key.endswith("s") else words(key) + " item"
        made.item.help = made.item.help or str(item.get("description", ""))
        return made
    _value(made, schema)
    return made


def _value(made: FormField, schema: Mapping[str, Any]) -> None:
    kind = kind_of(schema)
    attrs: dict[str, str] = {}
    refers = _REFERS.search(made.help)
    made.refers = refers.group(1) if refers else ""
    if kind == "enum":
        made.control = "select"
        values = list(schema["enum"])
        made.type = "integer" if all(isinstance(v, int) for v in values) else "string"
        made.options = [(str(v), words(str(v))) for v in values]
    elif kind == "boolean":
        made.control, made.type = "select", "boolean"
        made.options = [("true", "Yes"), ("false", "No")]
    elif kind in {"integer", "number"}:
        made.control, made.type = "number", kind
        attrs["step"] = "1" if kind == "integer" else "any"
        for keyword, attribute in (("minimum", "min"), ("maximum", "max")):
            if keyword in schema:
                attrs[attribute] = str(schema[keyword])
        attrs["inputmode"] = "numeric" if kind == "integer" else "decimal"
    else:
        pattern = str(schema.get("pattern", ""))
        if schema.get("format") == "date":
            made.control = "date"
        elif pattern.startswith("^https://"):
            made.control = "url"
        elif "@" in pattern and "." in pattern and "mail" in made.help.lower():
            made.control = "email"
        elif schema.get("contentMediaType") == "text/markdown" or int(schema.get("maxLength", 0)) > 300:
            made.control = "textarea"
        else:
            made.control = "text"
        if pattern and made.control != "date":
            attrs["pattern"] = html_pattern(pattern)
        for keyword, attribute in (("maxLength", "maxlength"), ("minLength", "minlength")):
            if keyword in schema and made.control != "date":
                attrs[attribute] = str(schema[keyword])
    made.attrs = attrs


def html_pattern(pattern: str) -> str:
    """A JSON Schema pattern as an HTML `pattern` attribute: the anchors dropped (the browser
    anchors it) and, inside character classes, the characters escaped that the `v` flag browsers
    compile patterns with treats as syntax (`-` at an edge, brackets, parentheses, `/`, `|`)."""
    text = pattern.removeprefix("^")
    if text.endswith("$") and not text.endswith("\\$"):
        text = text[:-1]
    out: list[str] = []
    in_class = False
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            out.append(text[position : position + 2])
            position += 2
            continue
        if in_class:
            start = out[-1] == "[" or out[-1] == "[^"
            end = text[position + 1 : position + 2] == "]"
            if char == "]":
                in_class = False
                out.append(char)
            elif char == "-" and (start or end):
                out.append("\\-")
            elif char in _CLASS_SYNTAX:
                out.append("\\" + char)
            else:
                out.append(char)
        elif char == "[":
            in_class = True
            out.append("[^" if text[position + 1 : position + 2] == "^" else "[")
            position += 1 if out[-1] == "[^" else 0
        else:
            out.append(char)
        position += 1
    return "".join(out)


def words(key: str) -> str:
    """A field name as a label: `risk_tier` → "Risk tier", `fips199` → "Fips199"."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def walk(field: FormField) -> Iterator[FormField]:
    yield field
    for child in field.children:
        yield from walk(child)
    if field.item is not None:
        yield from walk(field.item)


def left_to_yaml(root: FormField) -> list[str]:
    """Dotted paths of the fields the form leaves to the YAML editor."""
    return [f.path for f in walk(root) if f.kind == "yaml"]
