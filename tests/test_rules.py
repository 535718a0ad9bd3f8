"""The rule registry: one module per rule, listed once, documented by its own docstring, and the
same whatever was imported first."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import site_builder
from site_builder import rulebook, rules, terms
from site_builder.model import CLASSIFICATIONS
from site_builder.pipeline import check, open_project
from site_builder.policy.scope import holding_data
from site_builder.rulebook import RuleDocError, describe, parse_doc
from site_builder.rules import MODULES, RULES

from conftest import REPO, make_project

PACKAGE = REPO / "site_builder"
ALL_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(site_builder.__path__, "site_builder.") if info.name
)
# Reading the policy, the model and the text checks never needs the rules (no import cycle).
NEVER_IMPORT_RULES = ("site_builder.policy", "site_builder.content", "site_builder.confusables")

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
already = "site_builder.rules" in sys.modules
from site_builder.rules import RULES
print(json.dumps({"already": already, "rules": list(RULES)}))
"""


def _probe(module: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, f"import {module} failed:\n{done.stderr}"
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_importing_any_module_alone_gives_the_same_rules() -> None:
    """Each module imported first in a fresh interpreter: no rule appears or goes missing."""
    assert len(ALL_MODULES) > 80  # every module of the package, found by walking it
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(ALL_MODULES, pool.map(_probe, ALL_MODULES), strict=True))
    expected = list(RULES)
    for module, seen in found.items():
        assert seen["rules"] == expected, module
        if module.startswith(NEVER_IMPORT_RULES):
            assert not seen["already"], f"{module} imports the rules"


def test_the_registry_lists_every_rule_module_once() -> None:
    in_package = {
        f"site_builder.rules.{path.stem}"
        for path in (PACKAGE / "rules").glob("*.py")
        if path.stem != "__init__"
    }
    listed = [module.__name__ for module in MODULES]
    assert sorted(listed) == sorted(in_package)
    assert len(listed) == len(set(listed)) == len(RULES)


def test_the_registry_is_read_in_family_order() -> None:
    families = [rule.family for rule in RULES.values()]
    assert families == sorted(families, key=rulebook.FAMILIES.index)


def test_every_rule_documents_itself_with_a_failing_and_a_passing_example() -> None:
    for rule in RULES.values():
        module = importlib.import_module(rule.module)
        assert rule.id == module.ID
        assert rule.summary[:1].isupper(), rule.id
        assert rule.summary.endswith("."), rule.id
        assert rule.example, rule.id
        assert rule.passing, rule.id
        assert rule.example != rule.passing, rule.id
        assert rule.fix, rule.id
        doc = module.__doc__ or ""
        for heading in ("\nFAIL:\n", "\nPASS:\n", "\nFix: "):
            assert heading in doc, (rule.id, heading)
        # the module's name is its id: one place to look for a rule's code and documentation
        assert rule.module == "site_builder.rules." + rule.id.replace("-", "_")


def test_a_docstring_without_its_examples_is_refused() -> None:
    with pytest.raises(RuleDocError, match="FAIL:, PASS:"):
        parse_doc("site_builder.rules.example", "Summary.\n\nFAIL:\n    a: 1\n\nFix: do it.")
    with pytest.raises(RuleDocError, match="FAIL:, PASS:"):
        parse_doc("site_builder.rules.example", "Summary.\n\nFAIL:\n    a: 1\n\nPASS:\n    a: 2\n")
    assert parse_doc("m", "One line.\n\nWhy.\n\nFAIL:\n    a: 1\n\nPASS:\n    a: 2\n\nFix: Do it.") == (
        "One line.",
        "Why.",
        "a: 1",
        "a: 2",
        "Do it.",
    )


def test_a_module_declaring_a_bad_id_level_or_family_is_refused() -> None:
    module = importlib.import_module("site_builder.rules.encoding")
    for name, value, message in (
        ("ID", "Not An Id", "ID must be"),
        ("LEVEL", "error", "LEVEL must be"),
        ("FAMILY", "other", "FAMILY must be"),
        ("FIXES", "no", "FIXES must be"),
    ):
        missing = object()
        original = getattr(module, name, missing)
        setattr(module, name, value)
        try:
            with pytest.raises(RuleDocError, match=message):
                describe(module)
        finally:
            if original is missing:
                delattr(module, name)
            else:
                setattr(module, name, original)


def test_rules_checked_over_the_catalog_are_exactly_those_with_a_check() -> None:
    loading = {rule.id for rule in RULES.values() if rule.check is None}
    assert loading == {
        *("file-layout", "file-type", "file-size", "encoding", "invisible-character", "schema"),
        *("yaml-syntax", "yaml-duplicate-key", "yaml-alias", "yaml-tag", "yaml-key-type", "yaml-nesting"),
        "yaml-size",
        *("unsafe-text", "single-line", "placeholder", "unicode-normalization", "confusable-text"),
        *("id-mismatch", "id-duplicate", "waiver-expired", "waiver-unused", "waiver-not-evaluated"),
        "required-term-missing",  # made by the pipeline from other rules' findings (placement.py)
    }


def test_term_fields_a_rule_reads_are_terms_of_the_vocabulary(tmp_path: Path) -> None:
    for fixture_root in (make_project(tmp_path / "demo", demo=True), make_project(tmp_path / "good")):
        policy = open_project(fixture_root).policy
        read = {path: rule.id for rule in RULES.values() for path in rule.fields_read(policy)}
        assert len(read) >= 25
        for path, rule_id in read.items():
            assert terms.field_for(path) is not None, f"{rule_id} reads {path}, which is not a term"


def test_a_policy_that_asks_for_nothing_makes_rules_read_no_terms(tmp_path: Path) -> None:
    """terms_read follows the policy: the scaffold lays out only what the policy checks."""
    root = make_project(tmp_path / "project")
    policy = open_project(root).policy
    asks = [*terms.FAMILIES, "term_requirements"]
    empty = type(policy)({**policy.data, **{name: {} for name in asks if name in policy.data}})
    assert {path for rule in RULES.values() for path in rule.fields_read(empty)} == set()


def test_no_package_hides_one_of_its_modules_behind_another_name() -> None:
    """`policy.locate` the function once hid `policy/locate.py` the module."""
    for name in ALL_MODULES:
        parent, _, child = name.rpartition(".")
        module = importlib.import_module(name)
        attribute = getattr(importlib.import_module(parent), child, module)
        assert attribute is module, f"{parent}.{child} is not the module {name}"


def test_catalog_rules_lists_each_rule_once_in_registry_order(run_cli) -> None:
    text = run_cli("rules").output.splitlines()
    assert [line.split()[0] for line in text] == list(RULES)
    as_json = json.loads(run_cli("rules", "--format", "json").output)
    assert [r["id"] for r in as_json] == list(RULES)
    for entry in as_json:
        rule = RULES[entry["id"]]
        assert (entry["example"], entry["passing"], entry["fix"]) == (rule.example, rule.passing, rule.fix)
        assert entry["checked"] == ("catalog" if rule.check else "loading")


def test_the_registry_module_is_the_only_place_rules_are_listed() -> None:
    """No module outside site_builder/rules declares or registers a rule."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "rules":
            continue
        source = path.read_text(encoding="utf-8")
        for marker in ("register(", "@rule(", "RULES["):
            assert marker not in source, f"{path.relative_to(REPO)} has {marker}"
    assert rules.run.__module__ == "site_builder.rules"


@pytest.mark.parametrize("threshold", CLASSIFICATIONS)
def test_data_protection_reaches_the_solutions_at_or_above_its_level(project: Path, threshold: str) -> None:
    """The rules of `data_protection` see each offering of exactly the solutions whose data is
    classified at or above `applies_when_data_at_least`."""
    policy_file = project / "schema" / "terms-policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    assert "applies_when_data_at_least: internal" in text
    policy_file.write_text(
        text.replace("applies_when_data_at_least: internal", f"applies_when_data_at_least: {threshold}"),
        "utf-8",
    )
    result = check(project)
    catalog = result.catalog
    levels = {solution.classification for solution in catalog.solutions.values()}
    assert {"public", "confidential"} <= levels
    reached = [(s.id, o.contract_id) for s, o, _ in holding_data(catalog, result.project.policy)]
    expected = [
        (solution.id, offering.contract_id)
        for solution in catalog.solutions.values()
        if CLASSIFICATIONS.index(solution.classification) >= CLASSIFICATIONS.index(threshold)
        for offering in solution.offerings
    ]
    assert reached == expected
    assert bool(reached) is (threshold != "restricted")
