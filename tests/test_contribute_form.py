"""The contribute forms are made from the published schemas: every field of every schema is in a
form or named as left to the YAML editor, a field or kind added to the schemas is in the forms at
the next build with no change in code, and the policy's data file stays small."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from site_builder import pipeline
from site_builder.buildinfo import build_info
from site_builder.jsonout import json_bytes
from site_builder.model import Contract
from site_builder.needs import (
    REGULATED_FIELD,
    Choices,
    allowed_values,
    every_choice,
    minimal_contract,
    solution_needs,
)
from site_builder.render import SiteData, contribute, site_data
from site_builder.render.contribute import NAMING, _need, needs_document, terms_alike
from site_builder.render.contribute_kinds import form_kinds
from site_builder.render.formfields import build_form, html_pattern, left_to_yaml, walk
from site_builder.rules import RULES
from site_builder.schemawalk import resolve

from conftest import REPO, make_project


def load_schemas(folder: Path) -> dict[str, Any]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.schema.json")}


def schema_paths(schemas: dict[str, Any], node: Any, base: str, path: str = "") -> Iterator[str]:
    """Every field's dotted path in a schema, `[]` for a list's items, as the form names them."""
    schema, base = resolve(schemas, node, base)
    for key, child in (schema.get("properties") or {}).items():
        sub = f"{path}.{key}" if path else key
        yield sub
        resolved, child_base = resolve(schemas, child, base)
        if resolved.get("type") == "array":
            item, item_base = resolve(schemas, resolved.get("items") or {}, child_base)
            if "properties" in item:
                yield from schema_paths(schemas, item, item_base, f"{sub}[]")
        elif "properties" in resolved:
            yield from schema_paths(schemas, resolved, child_base, sub)


def test_every_schema_field_is_in_a_form_or_left_to_the_yaml_editor() -> None:
    schemas = load_schemas(REPO / "schema")
    kinds = form_kinds(schemas)
    folders = {folder.name for folder in (REPO / "catalog").iterdir() if folder.is_dir()}
    assert {f"{kind}s" for kind in kinds} == folders  # every kind of entry the catalog holds
    for kind in kinds:
        form = build_form(schemas, kind)
        in_form = {field.path for field in walk(form)}
        left = left_to_yaml(form)
        for path in schema_paths(schemas, schemas[f"{kind}.schema.json"], f"{kind}.schema.json"):
            assert path in in_form or any(path.startswith(f"{open_map}.") for open_map in left), (kind, path)
        # what is left out is only what a form cannot hold: a mapping whose keys are the writer's
        for path in left:
            field = next(f for f in walk(form) if f.path == path)
            assert field.kind == "yaml"
            assert not field.children


def test_a_field_or_kind_added_to_the_schemas_is_in_the_forms(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    shutil.copytree(REPO / "schema", folder)
    solution = json.loads((folder / "solution.schema.json").read_text(encoding="utf-8"))
    solution["properties"]["support_hours"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 168,
        "description": "Hours a week of support.",
    }
    solution["properties"]["regions"] = {
        "type": "array",
        "uniqueItems": True,
        "items": {"enum": ["north", "south"]},
        "description": "Regions served.",
    }
    (folder / "solution.schema.json").write_text(json.dumps(solution), encoding="utf-8")
    form = {f.path: f for f in walk(build_form(load_schemas(folder), "solution"))}
    assert form["support_hours"].control == "number"
    assert form["support_hours"].attrs == {"step": "1", "min": "1", "max": "168", "inputmode": "numeric"}
    assert form["regions"].kind == "choices"
    assert form["regions"].options == [("north", "North"), ("south", "South")]


def test_schema_patterns_compile_as_html_patterns() -> None:
    """Browsers compile `pattern` with the `v` flag: the characters it reserves in a class are
    escaped, and the anchors (which the browser adds) dropped."""
    assert html_pattern("^[a-z0-9]+(-[a-z0-9]+)*$") == "[a-z0-9]+(-[a-z0-9]+)*"
    assert html_pattern("^[A-Z][A-Z0-9-]*$") == "[A-Z][A-Z0-9\\-]*"
    assert html_pattern("^https://[^\\s]+$") == "https://[^\\s]+"
    assert html_pattern("^[(/|)]$") == "[\\(\\/\\|\\)]"


def _short(data: SiteData, contract: Contract) -> list[list[dict[str, Any]]]:
    """What the terms rules find short on a made-up solution under `contract`, per choice."""
    choices = every_choice(data.schemas)
    found = solution_needs(data.policy, data.schemas, data.as_of, [contract], choices)
    return [
        [
            entry
            for p in found[chosen]
            if p.fix is not None
            for entry in _need(p, data.policy.currency, words=False)
        ]
        for chosen in choices
    ]


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    root = make_project(tmp_path_factory.mktemp("needs") / "demo", demo=True)
    result = pipeline.check(root)
    return site_data(result, build_info(root, result.catalog.today))


def test_what_names_a_contract_or_who_holds_it_changes_no_terms_finding(demo_data: SiteData) -> None:
    # contribute/needs.json checks contracts alike in everything else once (terms_alike).
    contracts = sorted(demo_data.catalog.contracts.values(), key=lambda c: c.id)
    vendors = sorted(demo_data.catalog.vendors)
    assert len(contracts) > 5
    for contract in contracts:
        other_vendor = next(v for v in vendors if v != contract.vendor_id)
        renamed = {
            "id": "renamed-contract",
            "title": "Another title",
            "number": "RENAMED-1",
            "award_number": "AWARD-2",
            "description": "Another description.",
            "contacts": [{"name": "Someone Else", "email": "else@example.gov"}],
            "vendor": other_vendor,
        }
        assert set(renamed) == NAMING
        other = replace(contract, id="renamed-contract", data={**contract.data, **renamed})
        assert terms_alike(other) == terms_alike(contract)
        assert _short(demo_data, other) == _short(demo_data, contract), contract.id


def test_rules_said_never_to_fix_find_without_a_fix_and_are_skipped_where_only_fixes_count(
    demo_data: SiteData,
) -> None:
    """The per-contract findings of contribute/needs.json keep only fixes, so they skip the rules
    declared `FIXES = False`. Each such rule finds something on the made-up solutions (every
    choice, some with regulated data, under every demo contract and under the policy's minimal
    contract), never with a fix; and with only fixes asked for, every finding with a fix is still
    there, and nothing of those rules."""
    data = demo_data
    plain = every_choice(data.schemas)
    regulated = [
        Choices(c.category, c.risk_tier, c.classification, (kind,))
        for c in plain[:: len(plain) // 6]
        for kind in allowed_values(data.schemas, REGULATED_FIELD)
    ]
    choices = [*plain, *regulated]
    baseline = minimal_contract(data.policy, data.schemas, data.as_of)
    contracts = [baseline, *sorted(data.catalog.contracts.values(), key=lambda c: c.id)]
    fixless = {rule.id for rule in RULES.values() if not rule.fixes}
    assert fixless == {"security-credential", "accessibility-report", "data-agreement"}
    found: set[str] = set()
    for contract in contracts:
        every = solution_needs(data.policy, data.schemas, data.as_of, [contract], choices)
        only = solution_needs(data.policy, data.schemas, data.as_of, [contract], choices, fixes_only=True)
        for chosen in choices:
            problems = every[chosen]
            assert [p for p in problems if p.rule in fixless and p.fix is not None] == []
            found |= {p.rule for p in problems if p.rule in fixless}
            assert [p for p in only[chosen] if p.fix is not None] == [
                p for p in problems if p.fix is not None
            ]
            assert {p.rule for p in only[chosen]}.isdisjoint(fixless)
    assert found == fixless


def test_contracts_checked_once_per_alike_group_give_the_same_file(
    demo_data: SiteData, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = json_bytes(needs_document(demo_data))
    monkeypatch.setattr(contribute, "terms_alike", lambda contract: contract.id)
    assert json_bytes(needs_document(demo_data)) == shared
