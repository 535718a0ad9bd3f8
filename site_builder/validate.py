"""Schema validation with messages in plain words.

The schemas in `schema/` are read once; `$ref`s between them resolve from that folder only, never
over the network.  A compiled Rust validator (jsonschema-rs) answers "is it valid?" for the common
case in microseconds; only an invalid entry is run through the reference `jsonschema` validator,
whose errors carry what is needed to explain them.  Tests check that both always agree.

The reference validator is pure Python and some of its checks are quadratic (`uniqueItems` on a
list of mixed types compares every pair), so it never sees a document that breaks a size limit:
when the compiled validator finds a list, text or mapping over its schema's `maxItems`,
`maxLength` or `maxProperties`, those findings alone are reported.  Every list, text and open
mapping in the schemas has such a limit (a test walks them all), and the loader bounds what a
file can hold before either validator runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .advice import closest, nested_key, renamed_key, set_value
from .metaschema import check_schema
from .model import SINGULAR
from .problems import Fix, FixKind, Level, Problem
from .yamlsafe import MAX_PROBLEMS, escape_pointer

if TYPE_CHECKING:  # the reference validator is imported only to explain an invalid entry
    import jsonschema
    from jsonschema import Draft202012Validator

SCHEMA_FILES = {
    "vendors": "vendor.schema.json",
    "vehicles": "vehicle.schema.json",
    "contracts": "contract.schema.json",
    "solutions": "solution.schema.json",
    "scenarios": "scenario.schema.json",
    "policy": "terms-policy.schema.json",
}

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
    "null": "empty",
}


@dataclass(frozen=True)
class Finding:
    """A schema violation before it is placed in a file."""

    pointer: str
    message: str
    hint: str
    fix: Fix | None = None


class SchemaSet:
    """The compiled validators for every kind, built once per run."""

    def __init__(self, schema_dir: Path) -> None:
        self.documents: dict[str, Any] = {}
        for path in sorted(schema_dir.glob("*.schema.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            check_schema(document)
            self.documents[document["$id"]] = document
        self.by_file = {uri.rsplit("/", 1)[-1]: doc for uri, doc in self.documents.items()}
        missing = [name for name in SCHEMA_FILES.values() if name not in self.by_file]
        if missing:
            raise FileNotFoundError(f"missing schema files in {schema_dir}: {', '.join(missing)}")
        fast_registry = jsonschema_rs.Registry(list(self.documents.items()))
        self._fast: dict[str, Any] = {}
        for kind, name in SCHEMA_FILES.items():
            self._fast[kind] = jsonschema_rs.validator_for(
                self.by_file[name], registry=fast_registry, validate_formats=True
            )

    @cached_property
    def _reference(self) -> dict[str, Draft202012Validator]:
        """jsonschema's validators, made when an entry first needs explaining: importing
        jsonschema is a fifth of a one-file check's start, and a valid catalog never needs it."""
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
            for uri, doc in self.documents.items()
        )
        return {
            kind: Draft202012Validator(self.by_file[name], registry=registry, format_checker=FormatChecker())
            for kind, name in SCHEMA_FILES.items()
        }

    def is_valid(self, kind: str, data: Any) -> bool:
        return bool(self._fast[kind].is_valid(data))

    def findings(self, kind: str, data: Any) -> list[Finding]:
        """Every violation of `kind`'s schema, explained (at most MAX_PROBLEMS); empty when
        `data` is valid."""
        if self.is_valid(kind, data):
            return []
        # The compiled validator's errors are bounded by the loader's limits (20,000 values).
        oversized = [
            explain_limit(error, self.field_description(kind, list(error.instance_path)))
            for error in self._fast[kind].iter_errors(data)
            if type(error.kind).__name__ in _LIMITS
        ]
        if oversized:  # the fast path: the reference validator never sees an oversized value
            return sorted(oversized, key=lambda f: f.pointer)[:MAX_PROBLEMS]
        errors = sorted(
            islice(self._reference[kind].iter_errors(data), MAX_PROBLEMS),
            key=lambda e: (list(map(str, e.absolute_path)), e.validator or ""),
        )
        findings = [explain(error, kind) for error in errors]
        if not findings:  # the two validators disagree: report rather than pass silently
            findings = [
                Finding(
                    "",
                    f"the {SINGULAR.get(kind, kind)} does not match its schema: {e.message}",
                    "check the field named against the schema",
                )
                for e in self._fast[kind].iter_errors(data)
            ]
        return findings

    def field_description(self, kind: str, path: Sequence[str | int]) -> str:
        """The description the schema of `kind` gives the field at `path`, or ""."""
        node: Any = self.by_file[SCHEMA_FILES[kind]]
        base = SCHEMA_FILES[kind]
        found = ""
        for part in path:
            node, base = self._resolve(node, base)
            child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
            if not isinstance(child, dict):
                child = node.get("additionalProperties") if isinstance(part, str) else None
            if not isinstance(child, dict):
                return ""
            node = child
            found = str(node.get("description") or self._resolve(node, base)[0].get("description", ""))
        return found.rstrip(".")

    def _resolve(self, node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """Follow `$ref`s (to this folder's schemas only) until a schema with content."""
        for _ in range(10):
            reference = node.get("$ref")
            if not isinstance(reference, str):
                break
            name, _, pointer = reference.partition("#")
            base = name.rsplit("/", 1)[-1] or base
            target: Any = self.by_file.get(base, {})
            for token in filter(None, pointer.split("/")):
                target = target.get(token.replace("~1", "/").replace("~0", "~"), {})
            node = target if isinstance(target, dict) else {}
        return node, base

    def markdown_fields(self) -> frozenset[str]:
        """Names of fields whose schema marks them as Markdown text."""
        names: set[str] = set()
        for document in self.documents.values():
            _collect_markdown(document, None, names)
        return frozenset(names)


def _collect_markdown(node: Any, key: str | None, names: set[str]) -> None:
    """Add to `names` every property whose schema is Markdown text (directly or by `$ref`)."""
    if isinstance(node, list):
        for item in node:
            _collect_markdown(item, None, names)
        return
    if not isinstance(node, dict):
        return
    if key is not None and (
        node.get("contentMediaType") == "text/markdown"
        or str(node.get("$ref", "")).endswith("/$defs/markdown")
    ):
        names.add(key)
    for child_key, child in node.items():
        if child_key == "properties" and isinstance(child, dict):
            for name, subschema in child.items():
                _collect_markdown(subschema, name, names)
        else:
            _collect_markdown(child, None, names)


def dotted(path: Iterable[str | int]) -> str:
    """`["offered_under", 0, "contract"]` → `offered_under[0].contract`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def pointer_of(path: Iterable[str | int]) -> str:
    return "".join(f"/{escape_pointer(str(part))}" for part in path)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


# YAML 1.1 spellings of true and false that the loader keeps as text (see yamlsafe.py).
_YES_NO = {
    "yes": True,
    "y": True,
    "on": True,
    "true": True,
    "no": False,
    "n": False,
    "off": False,
    "false": False,
}


def explain(error: jsonschema.ValidationError, kind: str) -> Finding:
    """Turn one jsonschema error into words a procurement officer can act on."""
    path = list(error.absolute_path)
    where = dotted(path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    about = str(schema.get("description", "")).rstrip(".")
    validator = error.validator
    value = error.instance
    entry = SINGULAR.get(kind, "entry")
    subject = f"{where}: " if where else ""
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else "a field"
        field_schema = (schema.get("properties") or {}).get(missing, {})
        description = str(field_schema.get("description", "")).rstrip(".")
        full = dotted([*path, missing])
        return Finding(
            pointer_of(path),
            f'the required field "{full}" is missing',
            f"add `{missing}:`" + (f" ({description})" if description else ""),
        )
    if validator in {"additionalProperties", "unevaluatedProperties"}:
        allowed = sorted((schema.get("properties") or {}).keys())
        extras = sorted(set(value) - set(allowed)) if isinstance(value, Mapping) else []
        extra = extras[0] if extras else "?"
        unused = [name for name in allowed if not isinstance(value, Mapping) or name not in value]
        pointer = pointer_of([*path, extra])
        nested = nested_key(pointer, extra, value[extra]) if isinstance(value, Mapping) else None
        if nested is not None and extra.split(".", 1)[0] in allowed:
            advice = nested
        else:
            advice = renamed_key(
                extra, unused, pointer, "allowed here: " + ", ".join(allowed) if allowed else ""
            )
        place = f" in {where}" if where else f" of a {entry}"
        return Finding(pointer, f'"{extra}" is not a field{place}', advice.text, advice.fix)
    if validator == "enum":
        allowed_values = list(error.validator_value)  # type: ignore[arg-type]
        choices = [str(c) for c in allowed_values]
        listed = ", ".join(choices)
        guess = closest(str(value), choices)
        message = f"{subject}{_show(value)} is not one of the allowed values"
        if guess is None:
            return Finding(pointer_of(path), message, f"use one of: {listed}")
        advice = set_value(
            pointer_of(path),
            allowed_values[choices.index(guess)],
            f'did you mean "{guess}"? use one of: {listed}',
            FixKind.SUGGESTION,
        )
        return Finding(pointer_of(path), message, advice.text, advice.fix)
    if validator == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)  # type: ignore[arg-type]
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        hint = f"write {words}"
        fix = None
        if "boolean" in names and isinstance(value, str):
            hint = "write true or false (without quotes); yes/no/on/off are not accepted"
            if value.strip().lower() in _YES_NO:
                fix = set_value(pointer_of(path), _YES_NO[value.strip().lower()], hint).fix
        elif "string" in names and isinstance(value, int | float | bool):
            hint = "put the value in quotes so it is read as text"
            if not isinstance(value, float):  # a decimal's digits as written are not known here
                text = str(value).lower() if isinstance(value, bool) else str(value)
                fix = set_value(pointer_of(path), text, hint).fix
        return Finding(pointer_of(path), f"{subject}{_show(value)} is not {words}", hint, fix)
    if validator in {"pattern", "format"}:
        hint = about or "check the spelling"
        if "https" in str(error.validator_value) or "https" in about:
            hint = "use an https:// address (plain http and other schemes are not accepted)"
            if isinstance(value, str) and value.startswith("http://"):
                secure = "https://" + value.removeprefix("http://")
                advice = set_value(pointer_of(path), secure, hint, FixKind.SUGGESTION)
                return Finding(
                    pointer_of(path), f"{subject}{_show(value)} is not a valid value", hint, advice.fix
                )
        elif validator == "format":
            hint = f"{about}; it must be a real date" if about else "write it as YYYY-MM-DD"
        return Finding(pointer_of(path), f"{subject}{_show(value)} is not a valid value", hint)
    limits = {
        "minimum": ("is less than the minimum of", "raise it"),
        "maximum": ("is more than the maximum of", "lower it"),
        "exclusiveMinimum": ("must be more than", "raise it"),
        "exclusiveMaximum": ("must be less than", "lower it"),
    }
    if validator in limits:
        words, hint = limits[validator]
        return Finding(
            pointer_of(path),
            f"{subject}{_show(value)} {words} {error.validator_value}",
            f"{hint}" + (f" ({about})" if about else ""),
        )
    if validator in {"minLength", "maxLength"}:
        size = "at least" if validator == "minLength" else "at most"
        return Finding(
            pointer_of(path),
            f"{subject}the text must be {size} {error.validator_value} characters long",
            about or "shorten or complete the text",
        )
    if validator in {"minItems", "maxItems"}:
        size = "at least" if validator == "minItems" else "at most"
        return Finding(
            pointer_of(path),
            f"{subject}the list must have {size} {error.validator_value} item(s)",
            about or "add or remove items",
        )
    if validator == "uniqueItems":
        return Finding(
            pointer_of(path), f"{subject}the list names the same item twice", "remove the repeated item"
        )
    if validator == "not" and error.validator_value == {} and path:
        # a field that does not belong in this kind of entry, e.g. an award restating its vehicle's type
        return Finding(
            pointer_of(path), f'"{where}" does not belong here: {about[:1].lower()}{about[1:]}', "remove it"
        )
    if validator == "propertyNames":
        return Finding(pointer_of(path), f"{subject}{error.message}", about or "check the names used")
    return Finding(pointer_of(path), f"{subject}{error.message}", about or "see the schema")


_LIMITS = {
    "MaxItems": ("maxItems", "the list must have at most {} item(s)", "remove items"),
    "MaxLength": ("maxLength", "the text must be at most {} characters long", "shorten the text"),
    "MaxProperties": ("maxProperties", "at most {} fields are allowed here", "remove fields"),
}


def explain_limit(error: Any, about: str) -> Finding:
    """A size-limit error of the compiled validator, in the words `explain` uses."""
    _keyword, words, fallback = _LIMITS[type(error.kind).__name__]
    path = list(error.instance_path)
    subject = f"{dotted(path)}: " if path else ""
    hint = f"{fallback} ({about[:1].lower()}{about[1:]})" if about else fallback
    return Finding(pointer_of(path), subject + words.format(error.kind.limit), hint)


def to_problem(finding: Finding, file: str) -> Problem:
    return Problem(
        file,
        0,
        0,
        Level.ERROR,
        "schema",
        finding.message,
        pointer=finding.pointer,
        hint=finding.hint,
        fix=finding.fix,
    )
