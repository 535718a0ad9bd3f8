"""A new entry's text, laid out from its schema: every required field with the schema's own
description as a comment, optional fields commented out, and placeholders to replace.

What to lay out beyond the schema's required fields is the caller's: `Plan.wanted` names fields
(dotted paths, list items included without an index) to write as if required, `values` what to
write instead of a placeholder, `notes` an extra comment above a field, and `items` the list
items to write, one per mapping of known values (the rest placeholders).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import yamltext
from .content import PLACEHOLDER
from .model import SINGULAR
from .schemawalk import required_for, resolve

PLURAL = {singular: plural for plural, singular in SINGULAR.items()}
_WIDTH = 100


@dataclass(frozen=True)
class Plan:
    wanted: frozenset[str] = frozenset()
    values: Mapping[str, Any] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    items: Mapping[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    header: tuple[str, ...] = ()  # more comment paragraphs under the file's title


def render(schemas: Mapping[str, Any], kind: str, plan: Plan | None = None, command: str = "catalog") -> str:
    """The text of a new `kind` entry from its schema (`schemas` by file name)."""
    plan = plan or Plan()
    wanted = {*plan.wanted, *plan.items, *plan.values}
    prefixes = {".".join(path.split(".")[:n]) for path in wanted for n in range(1, path.count(".") + 2)}
    layout = _Layout(schemas, frozenset(prefixes), plan)
    file_name = f"{kind}.schema.json"
    schema = schemas[file_name]
    entry_id = plan.values.get("id", "<id>")
    header = [
        f"# yaml-language-server: $schema=../../schema/{file_name}",
        *comment("", f"{schema['title']}: {schema.get('description', '')}"),
        *comment(
            "",
            f'Replace every "{PLACEHOLDER}: …" value. To use an optional field, remove the "# " in front '
            "of it; delete any you do not need. Then run: "
            f"{command} validate catalog/{PLURAL[kind]}/{entry_id}.yaml",
        ),
    ]
    for paragraph in plan.header:
        header += ["#", *comment("", paragraph)]
    return "\n".join([*header, *layout.members(schema, file_name, "", 0, skeleton=False)]) + "\n"


@dataclass(frozen=True)
class _Layout:
    schemas: Mapping[str, Any]
    wanted: frozenset[str]  # optional fields to lay out anyway, with every ancestor
    plan: Plan

    def resolve(self, node: Mapping[str, Any], base: str) -> tuple[dict[str, Any], str, str]:
        """The schema with `$ref`s merged in, its file, and the referenced definition's
        description when it says how to write the value."""
        form = ""
        if "$ref" in node and "description" in node:
            target, _ = resolve(self.schemas, {"$ref": node["$ref"]}, base)
            if target.get("type") != "string" or "pattern" in target:
                form = str(target.get("description", ""))
        merged, base = resolve(self.schemas, node, base)
        return merged, base, form

    def members(
        self,
        schema: Mapping[str, Any],
        base: str,
        path: str,
        indent: int,
        *,
        skeleton: bool,
        known: Mapping[str, Any] | None = None,
    ) -> list[str]:
        lines: list[str] = []
        required = required_for(schema, known or {})
        for key, node in (schema.get("properties") or {}).items():
            sub = f"{path}.{key}" if path else key
            if key in required or sub in self.wanted or (known and key in known):
                lines += self.field(key, node, base, sub, indent, skeleton=skeleton, known=known)
            elif not skeleton and not sub.startswith("terms"):
                shown = self.field(key, node, base, sub, indent, skeleton=True)
                if shown:  # an optional field, commented out so that it does not count yet
                    description = self.resolve(node, base)[0].get("description", "")
                    lines += comment(" " * indent, f"Optional: {description}")
                    lines += comment(" " * indent, self.plan.notes.get(sub, ""))
                    lines += [line[:indent] + "# " + line[indent:] for line in shown]
        return lines

    def field(
        self,
        key: str,
        node: Mapping[str, Any],
        base: str,
        path: str,
        indent: int,
        *,
        skeleton: bool,
        known: Mapping[str, Any] | None = None,
    ) -> list[str]:
        schema, base, form = self.resolve(node, base)
        pad = " " * indent
        head = [] if skeleton else comment(pad, schema.get("description", ""))
        if not skeleton and path in self.plan.notes:
            head += comment(pad, self.plan.notes[path])
        if known and key in known and not isinstance(known[key], dict | list):
            return [*head, f"{pad}{yamltext.key(key)}: {yamltext.scalar(known[key])}"]
        if "properties" in schema:
            inner = self.members(schema, base, path, indent + 2, skeleton=skeleton)
            return [*head, f"{pad}{key}:", *inner] if inner else []
        if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
            return [
                *head,
                f"{pad}{key}: {{}}",
            ]  # an open mapping: its keys are the contributor's (see the note)
        if schema.get("type") == "array":
            items, item_base, item_form = self.resolve(schema.get("items", {}), base)
            if "properties" not in items:
                if isinstance(self.plan.values.get(path), list):  # known values, on one line
                    return [*head, f"{pad}{key}: {yamltext.scalar(self.plan.values[path])}"]
                return [*head, f"{pad}{key}:", f"{pad}  - {self.scalar(items, path, item_form)}"]
            body: list[str] = []
            for values in self.plan.items.get(path) or [{}]:
                item = self.members(items, item_base, path, indent + 4, skeleton=skeleton, known=values)
                if not item:
                    continue
                first = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
                body += [line[2:] for line in item[:first]] + [
                    f"{pad}  - {item[first].lstrip()}",
                    *item[first + 1 :],
                ]
            return [*head, f"{pad}{key}:", *body] if body else []
        return [*head, f"{pad}{key}: {self.scalar(schema, path, form)}"]

    def scalar(self, schema: Mapping[str, Any], path: str, form: str) -> str:
        if path in self.plan.values:
            return yamltext.scalar(self.plan.values[path])
        words = [_lower(str(schema.get("description", "")))]
        if "enum" in schema:
            words.append("one of: " + ", ".join(str(choice) for choice in schema["enum"]))
        elif schema.get("type") == "boolean":
            words.append("true or false")
        elif form:
            words.append(_lower(form))
        elif schema.get("type") in {"integer", "number"}:
            words.append("a number")
        return yamltext.scalar(f"{PLACEHOLDER}: " + " — ".join(word for word in words if word))


def _lower(text: str) -> str:
    """A description as part of a sentence: "The award date." → "the award date"."""
    text = text.strip().rstrip(".")
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]  # keeps "FIPS", "ISO"


def comment(pad: str, text: str) -> list[str]:
    if not text:
        return []
    return [f"{pad}# {line}" for line in textwrap.wrap(text, _WIDTH - len(pad) - 2, break_on_hyphens=False)]
