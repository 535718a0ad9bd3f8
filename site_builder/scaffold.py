"""`catalog new`: a new entry file with every required field laid out and explained.

The comments are the schemas' own descriptions, so they stay in step with what validation checks.
Values the contributor must supply are `FILL IN: …` placeholders that `catalog validate` reports
until each is replaced; optional fields worth filling are shown commented out.  A contract also
gets the term fields the jurisdiction's terms policy reads, so that nothing it requires is missed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlsafe
from .content import PLACEHOLDER
from .discover import read_bytes, windows_reserved
from .identity import identity_key
from .model import SINGULAR
from .pipeline import open_project
from .policy import POLICY_FILE, Policy
from .rules import RULES

PLURAL = {singular: plural for plural, singular in SINGULAR.items()}
_BARE = re.compile(r"[a-z][a-z0-9-]*")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_WIDTH = 100


class ScaffoldError(Exception):
    """The entry cannot be created as asked; the message says why and what to do."""


def new_entry(
    root: Path,
    kind: str,
    entry_id: str,
    *,
    vendor: str | None = None,
    contract: str | None = None,
    name: str | None = None,
) -> Path:
    """Write `catalog/<kinds>/<entry_id>.yaml` and return its path; never overwrite anything."""
    if kind not in PLURAL:
        raise ScaffoldError(f'unknown kind "{kind}"; use one of: {", ".join(PLURAL)}')
    if vendor is not None and kind not in {"contract", "solution"}:
        raise ScaffoldError("--vendor applies only to a contract or a solution")
    if contract is not None and kind != "solution":
        raise ScaffoldError("--contract applies only to a solution")
    if not (root / "catalog").is_dir():
        raise ScaffoldError(
            f"there is no catalog/ folder in {root}; run it in the project folder or pass -C DIR"
        )
    project = open_project(root)
    id_schema = project.schemas.by_file["common.schema.json"]["$defs"]["id"]
    _check_id(entry_id, kind, id_schema)
    folder = root / "catalog" / PLURAL[kind]
    _refuse_existing(folder, entry_id, kind)
    values: dict[str, str] = {"id": entry_id}
    notes: dict[str, str] = {}
    if name is not None:
        if not name.strip() or "\n" in name or "\r" in name or any(yamlsafe.find_invisible(name)):
            raise ScaffoldError("--name must be a single line of visible text")
        values["title" if kind in {"contract", "scenario"} else "name"] = name.strip()
    if vendor is not None:
        _check_id(vendor, "vendor", id_schema)
        _require(root, "vendors", vendor)
        values["vendor"] = vendor
    if contract is not None:
        _check_id(contract, "contract", id_schema)
        lots = _lots(_require(root, "contracts", contract))
        values["offered_under.contract"] = contract
        if lots:
            notes["offered_under.lots"] = f"Lots of contract {contract}: " + ", ".join(lots) + "."
    notes.update(_law_notes(project.policy, kind))
    wanted: frozenset[str] = frozenset()
    if kind == "contract":
        wanted = _policy_terms(project.policy)
        notes["terms"] = (
            f"The terms below are the ones the terms policy ({POLICY_FILE}) checks. "
            "Add any other term the contract states; schema/terms.schema.json lists them all."
        )
    text = render(project.schemas.by_file, kind, wanted, values, notes)
    folder.mkdir(exist_ok=True)
    path = folder / f"{entry_id}.yaml"
    try:  # exclusive create: an entry written meanwhile is never overwritten
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise ScaffoldError(
            f"catalog/{PLURAL[kind]}/{entry_id}.yaml already exists; nothing was written"
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def _check_id(entry_id: str, kind: str, schema: Mapping[str, Any]) -> None:
    if not (
        schema["minLength"] <= len(entry_id) <= schema["maxLength"]
        and re.fullmatch(schema["pattern"].rstrip("$").lstrip("^"), entry_id)
    ):
        raise ScaffoldError(
            f'"{entry_id}" is not a valid {kind} id: use {schema["minLength"]} to {schema["maxLength"]} '
            "lowercase letters and digits in words joined by single hyphens, e.g. acme-case-manager"
        )
    if windows_reserved(entry_id):
        raise ScaffoldError(f'"{entry_id}" is a device name on Windows, which cannot check out such a file')


def _stems(folder: Path) -> list[tuple[str, str]]:
    """(id, file name) for everything in `folder`, whatever its extension or type."""
    if not folder.is_dir():
        return []
    return sorted((path.name.split(".", 1)[0], path.name) for path in folder.iterdir())


def _refuse_existing(folder: Path, entry_id: str, kind: str) -> None:
    key = identity_key(entry_id)
    for stem, file_name in _stems(folder):
        if identity_key(stem) == key:
            where = f"catalog/{folder.name}/{file_name}"
            if stem == entry_id:
                raise ScaffoldError(f"{where} already exists; edit it, or choose another id for a new {kind}")
            raise ScaffoldError(
                f'the id "{entry_id}" is too similar to {where}; ids must differ by more than case '
                "or look-alike characters, so choose another id"
            )


def _require(root: Path, kinds: str, ref: str) -> Any:
    """The parsed entry `ref` of `kinds` (None if unreadable); ScaffoldError if there is none."""
    path = root / "catalog" / kinds / f"{ref}.yaml"
    if path.is_file() and not path.is_symlink():
        text, _ = yamlsafe.decode(read_bytes(path), str(path))
        return yamlsafe.load(text, str(path))[0] if text is not None else None
    singular = SINGULAR[kinds]
    ids = [stem for stem, file_name in _stems(path.parent) if file_name.endswith(".yaml")]
    close = difflib.get_close_matches(ref, ids, n=1, cutoff=0.6)
    guess = f'did you mean "{close[0]}"? ' if close else ""
    raise ScaffoldError(
        f'there is no {singular} "{ref}" (no catalog/{kinds}/{ref}.yaml); {guess}'
        f"check the id, or create it first with `catalog new {singular} {ref}`"
    )


def _lots(contract: Any) -> list[str]:
    lots = contract.get("lots") if isinstance(contract, dict) else None
    if not isinstance(lots, list):
        return []
    return [f"{lot.get('id')} ({lot.get('name')})" for lot in lots if isinstance(lot, dict)]


def _law_notes(policy: Policy, kind: str) -> dict[str, str]:
    """Comments naming the buyer types and emergency authorities the terms policy defines, so a
    contributor picks real ids without opening the policy."""
    buyers = "; ".join(f"{b.id} ({b.label})" for b in policy.buyer_types.values())
    if kind == "contract":
        return {"eligibility.buyer_types": f"Buyer types of the terms policy: {buyers}."}
    if kind != "scenario":
        return {}
    per_buyer = "; ".join(
        f"{b.id}: " + ", ".join(a.id for a in policy.authorities.values() if a.applies_to(b.id))
        for b in policy.buyer_types.values()
    )
    required = ", ".join(b.id for b in policy.buyer_types.values() if b.emergency_required)
    return {
        "authorities": f"Authorities of the terms policy, by buyer type: {per_buyer}. Cover each of: "
        f"{required} (or list it under not_covered).",
        "requirements": "For example: data_protection.breach_notification.confirmed_breach_hours: {max: 24} "
        "and emergency.lead_time_hours: {max: 12}, one per line.",
    }


def _policy_terms(policy: Policy) -> frozenset[str]:
    """Dotted paths (from the entry's top) of every term field the rules read under `policy`."""
    return frozenset(f"terms.{path}" for rule in RULES.values() for path in rule.fields_read(policy))


def render(
    schemas: Mapping[str, Any],
    kind: str,
    wanted: Iterable[str] = (),
    values: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """The text of a new `kind` entry from its schema (`schemas` by file name)."""
    prefixes = {".".join(path.split(".")[:n]) for path in wanted for n in range(1, path.count(".") + 2)}
    layout = _Layout(schemas, frozenset(prefixes), values or {}, notes or {})
    file_name = f"{kind}.schema.json"
    schema = schemas[file_name]
    kinds = PLURAL[kind]
    entry_id = (values or {}).get("id", "<id>")
    header = [
        f"# yaml-language-server: $schema=../../schema/{file_name}",
        *_comment("", f"{schema['title']}: {schema.get('description', '')}"),
        *_comment(
            "",
            f'Replace every "{PLACEHOLDER}: …" value. To use an optional field, remove the "# " in front '
            "of it; delete any you do not need. Then run: "
            f"catalog validate catalog/{kinds}/{entry_id}.yaml",
        ),
    ]
    return "\n".join([*header, *layout.members(schema, file_name, "", 0, skeleton=False)]) + "\n"


@dataclass(frozen=True)
class _Layout:
    schemas: Mapping[str, Any]
    wanted: frozenset[str]  # optional fields to lay out anyway, with every ancestor
    values: Mapping[str, str]  # dotted path → the value to write instead of a placeholder
    notes: Mapping[str, str]  # dotted path → an extra comment line

    def resolve(self, node: Mapping[str, Any], base: str) -> tuple[dict[str, Any], str, str]:
        """The schema with `$ref`s merged in (the referring node's keywords win), its file, and
        the referenced definition's description when it says how to write the value."""
        merged, form = dict(node), ""
        while "$ref" in merged:
            file_name, _, fragment = merged.pop("$ref").partition("#")
            base = file_name or base
            target: Any = self.schemas[base]
            for part in fragment.split("/")[1:]:
                target = target[part]
            if "description" in merged and (target.get("type") != "string" or "pattern" in target):
                form = form or str(target.get("description", ""))
            merged = {**target, **merged}
        return merged, base, form

    def members(
        self, schema: Mapping[str, Any], base: str, path: str, indent: int, *, skeleton: bool
    ) -> list[str]:
        lines: list[str] = []
        required = schema.get("required", [])
        for key, node in (schema.get("properties") or {}).items():
            sub = f"{path}.{key}" if path else key
            if key in required or sub in self.wanted:
                lines += self.field(key, node, base, sub, indent, skeleton=skeleton)
            elif not skeleton and not sub.startswith("terms"):
                shown = self.field(key, node, base, sub, indent, skeleton=True)
                if shown:  # an optional field, commented out so that it does not count yet
                    description = self.resolve(node, base)[0].get("description", "")
                    lines += _comment(" " * indent, f"Optional: {description}")
                    lines += _comment(" " * indent, self.notes.get(sub, ""))
                    lines += [line[:indent] + "# " + line[indent:] for line in shown]
        return lines

    def field(
        self, key: str, node: Mapping[str, Any], base: str, path: str, indent: int, *, skeleton: bool
    ) -> list[str]:
        schema, base, form = self.resolve(node, base)
        pad = " " * indent
        head = [] if skeleton else _comment(pad, schema.get("description", ""))
        if not skeleton and path in self.notes:
            head += _comment(pad, self.notes[path])
        if "properties" in schema:
            body = self.members(schema, base, path, indent + 2, skeleton=skeleton)
            return [*head, f"{pad}{key}:", *body] if body else []
        if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
            return [
                *head,
                f"{pad}{key}: {{}}",
            ]  # an open mapping: its keys are the contributor's (see the note)
        if schema.get("type") == "array":
            items, item_base, item_form = self.resolve(schema.get("items", {}), base)
            if "properties" not in items:
                return [*head, f"{pad}{key}:", f"{pad}  - {self.scalar(items, path, item_form)}"]
            body = self.members(items, item_base, path, indent + 4, skeleton=skeleton)
            if not body:
                return []
            first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
            body = [line[2:] for line in body[:first]] + [
                f"{pad}  - {body[first].lstrip()}",
                *body[first + 1 :],
            ]
            return [*head, f"{pad}{key}:", *body]
        return [*head, f"{pad}{key}: {self.scalar(schema, path, form)}"]

    def scalar(self, schema: Mapping[str, Any], path: str, form: str) -> str:
        if path in self.values:
            return _quote(self.values[path])
        words = [_lower(str(schema.get("description", "")))]
        if "enum" in schema:
            words.append("one of: " + ", ".join(str(choice) for choice in schema["enum"]))
        elif schema.get("type") == "boolean":
            words.append("true or false")
        elif form:
            words.append(_lower(form))
        elif schema.get("type") in {"integer", "number"}:
            words.append("a number")
        return _quote(f"{PLACEHOLDER}: " + " — ".join(word for word in words if word))


def _lower(text: str) -> str:
    """A description as part of a sentence: "The award date." → "the award date"."""
    text = text.strip().rstrip(".")
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]  # keeps "FIPS", "ISO"


def _quote(value: str) -> str:
    """A plain scalar when it cannot be misread (by YAML 1.1 tools too), else double-quoted."""
    if _BARE.fullmatch(value) and value not in _YAML11_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def _comment(pad: str, text: str) -> list[str]:
    if not text:
        return []
    return [f"{pad}# {line}" for line in textwrap.wrap(text, _WIDTH - len(pad) - 2, break_on_hyphens=False)]
