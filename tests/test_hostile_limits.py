"""Bounded work for any file: every schema value has a limit, the loader's limits sit above the
schemas', the reference validator never sees an oversized value, and the hidden-character classes
cover every character of Unicode's categories they name."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from site_builder import yamlsafe
from site_builder.hidden import HIDDEN, allowed_selector, describe_character, hidden_characters
from site_builder.validate import SchemaSet

from conftest import REPO

SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))
CONDITIONS = {"if", "then", "else", "not"}


def subschemas(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            yield from subschemas(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from subschemas(child, f"{path}/{index}")


def every(kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for schema in SCHEMAS:
        for path, node in subschemas(json.loads(schema.read_text(encoding="utf-8"))):
            if kind == "array" and (node.get("type") == "array" or "items" in node):
                yield schema.name, path, node
            elif kind == "string" and (node.get("type") == "string" or path.endswith("/propertyNames")):
                if "$ref" not in node:
                    yield schema.name, path, node
            elif kind == "object" and (
                node.get("type") == "object" or "properties" in node or "patternProperties" in node
            ):
                if path.rsplit("/", 1)[-1] in CONDITIONS:
                    continue  # constrains the object its parent defines, whose limits apply
                yield schema.name, path, node


def test_every_list_has_a_limit_within_the_loaders_and_says_it() -> None:
    found = list(every("array"))
    assert len(found) > 30
    for name, path, node in found:
        assert "maxItems" in node, f"{name}{path} has no maxItems"
        assert node["maxItems"] <= yamlsafe.MAX_ITEMS, f"{name}{path}"
        if "description" in node:
            assert f"at most {node['maxItems']}" in node["description"], (
                f"{name}{path}: {node['description']}"
            )


def test_every_text_has_a_length_limit() -> None:
    found = list(every("string"))
    assert len(found) > 20
    missing = [f"{name}{path}" for name, path, node in found if "maxLength" not in node]
    assert missing == []
    common = json.loads((REPO / "schema" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    for kind in ("line", "short_line", "markdown", "https_url", "section"):
        assert f"{common[kind]['maxLength']:,} characters" in common[kind]["description"], kind


def test_every_open_mapping_has_a_key_limit_within_the_loaders() -> None:
    for name, path, node in every("object"):
        if node.get("additionalProperties", True) is not False:
            assert "maxProperties" in node, f"{name}{path}"
            assert node["maxProperties"] <= yamlsafe.MAX_KEYS
            assert f"at most {node['maxProperties']}" in node.get("description", ""), f"{name}{path}"


class NoReference:
    """Stands where the reference validator is: the fast path must not call it."""

    def iter_errors(self, data: Any) -> Iterator[Any]:
        raise AssertionError("the reference validator was handed an oversized document")

    def is_valid(self, data: Any) -> bool:
        raise AssertionError("the reference validator was handed an oversized document")


@pytest.mark.parametrize(
    ("kind", "data", "pointer", "words"),
    [
        ("scenarios", {"ready_contracts": ["word", *range(999)]}, "/ready_contracts", "at most 20 item(s)"),
        ("vendors", {"name": "x" * 5000}, "/name", "at most 120 characters"),
        ("solutions", {"summary": "<b>" * 2000, "tags": list(range(500))}, "/tags", "at most 15 item(s)"),
    ],
)
def test_oversized_values_never_reach_the_reference_validator(
    kind: str, data: dict[str, Any], pointer: str, words: str
) -> None:
    schemas = SchemaSet(REPO / "schema")
    schemas._reference[kind] = NoReference()  # type: ignore[assignment]
    findings = schemas.findings(kind, data)
    assert any(f.pointer == pointer and words in f.message for f in findings), findings
    assert all(f.hint for f in findings)


def test_ordinary_errors_still_get_the_reference_validators_words() -> None:
    schemas = SchemaSet(REPO / "schema")
    vendor = {"id": "a-b", "name": "x", "legal_name": "x", "contacts": [{"role": "boss", "name": "x"}]}
    [finding] = schemas.findings("vendors", vendor)
    assert "is not one of the allowed values" in finding.message
    assert "use one of: sales" in finding.hint


@cache
def by_category() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        found.setdefault(unicodedata.category(chr(code)), []).append(chr(code))
    return found


@pytest.mark.parametrize("category", ["Cf", "Co", "Zl", "Zp", "Cc"])
def test_every_character_of_the_refused_categories_is_found(category: str) -> None:
    chars = [char for char in by_category()[category] if char not in "\t\n\r"]
    assert chars
    missing = [f"U+{ord(c):04X}" for c in chars if not HIDDEN.fullmatch(c)]
    assert missing == [], f"{unicodedata.unidata_version}: {missing[:20]}"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("We \u2764\ufe0f data", []),  # an emoji presentation selector after a symbol
        ("Press 1\ufe0f\u20e3", []),  # a keycap
        ("Acme\ufe0f", ["\ufe0f"]),  # after a letter: no meaning, refused
        ("\u2764\ufe0f\ufe0f", ["\ufe0f"]),  # a second one smuggles a bit
        ("\u2764\U000e0101", ["\U000e0101"]),  # supplementary selectors encode bytes
        ("a\u034fb", ["\u034f"]),
        ("\u3164", ["\u3164"]),
        ("\u2800", ["\u2800"]),
        ("\ufdd0", ["\ufdd0"]),
    ],
)
def test_variation_selectors_only_pick_a_symbols_form(text: str, hidden: list[str]) -> None:
    assert [char for _, char in hidden_characters(text)] == hidden


def test_a_hidden_character_is_named_by_code_point_name_and_column() -> None:
    text = "name: Acme Gov\U000e0041\n"
    [problem] = yamlsafe.load(text, "f.yaml")[1]
    assert problem.message == (
        "the text contains U+E0041 TAG LATIN CAPITAL LETTER A at column 15, an invisible tag character"
    )
    assert describe_character("\x1b") == "U+001B, a control character"
    assert not allowed_selector("\ufe0f", 0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: [" + ", ".join(["1"] * (yamlsafe.MAX_ITEMS + 1)) + "]\n", "list has more than 1,000 items"),
        ("a:\n" + "".join(f"  k{i}: 1\n" for i in range(yamlsafe.MAX_KEYS + 1)), "more than 200 keys"),
        ("a: [" + ", ".join(["[" + ", ".join(["1"] * 900) + "]"] * 25) + "]\n", "more than 20,000 values"),
    ],
)
def test_the_loader_stops_at_its_limits(text: str, words: str) -> None:
    data, problems = yamlsafe.load(text, "f.yaml")
    assert data is None
    [problem] = problems
    assert problem.rule == "yaml-size"
    assert words in problem.message


def test_the_loader_stops_after_fifty_problems() -> None:
    data, problems = yamlsafe.load("".join(f"k: {i}\n" for i in range(500)), "f.yaml")
    assert data is None
    assert len(problems) == yamlsafe.MAX_PROBLEMS


def test_project_files_are_checked_unchanged(tmp_path: Path) -> None:
    """The limits leave every real file alone: the demo, the fixtures and the policy."""
    for path in [*REPO.glob("catalog/*/*.yaml"), REPO / "schema" / "terms-policy.yaml"]:
        _, problems = yamlsafe.load(path.read_text(encoding="utf-8"), path.name)
        assert problems == [], path
