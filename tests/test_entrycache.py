"""Entries remembered as having passed their own checks (`site_builder/entrycache.py`) give the
problems checking them again gives: every file of the demo and of every bad example checked alone,
with the cache cold, warm, after edits that break a remembered entry, after a schema change, and
with the cache damaged."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from unittest import mock

import pytest

from site_builder import cachefile, entrycache, pipeline
from site_builder.model import KINDS
from site_builder.problems import ConfigError, Problem

from cases import Case, apply_case, load_cases

CACHE = cachefile.CACHE_DIR


def _problems(root: Path) -> dict[str, tuple[int, list[Problem]]]:
    paths = sorted(p for kind in KINDS for p in (root / "catalog" / kind).glob("*.yaml"))
    found = {}
    for path in paths:
        report = pipeline.check(root, [path]).report
        found[path.name] = (report.files_checked, report.problems)
    return found


def _fresh(root: Path) -> dict[str, tuple[int, list[Problem]]]:
    with mock.patch.object(entrycache.EntryCache, "get", return_value=None):
        return _problems(root)


def test_remembered_entries_give_the_problems_of_checking_again(demo_project: Path) -> None:
    root = demo_project
    fresh = _fresh(root)
    assert _problems(root) == fresh  # cold: every valid file is remembered
    assert len(list((root / CACHE / "entries").glob("*.json"))) > 50
    assert _problems(root) == fresh  # warm: answered from the cache
    # A remembered contract broken: its bytes change, so it is checked again.
    contract = min((root / "catalog" / "contracts").glob("*.yaml"))
    contract.write_text(contract.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    broken = _problems(root)
    assert broken == _fresh(root)
    assert any(p.rule == "schema" for p in broken[contract.name][1])
    # A schema tightened: every remembered entry is checked again under it.
    schema = root / "schema" / "solution.schema.json"
    text = schema.read_text(encoding="utf-8")
    assert '"summary": {' in text
    schema.write_text(text.replace('"summary": {', '"summary": {"maxLength": 10, '), encoding="utf-8")
    tightened = _problems(root)
    assert tightened == _fresh(root)
    assert any(p.pointer == "/summary" for _, problems in tightened.values() for p in problems)
    # The cache damaged or deleted.
    for remembered in (root / CACHE / "entries").glob("*.json"):
        remembered.write_bytes(remembered.read_bytes()[:-3] + b"}}}")
    assert _problems(root) == _fresh(root)
    shutil.rmtree(root / CACHE)
    assert _problems(root) == _fresh(root)


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case.name)
def test_bad_examples_give_the_problems_of_checking_again(tmp_path: Path, case: Case) -> None:
    """Every bad example, its changed files and the contract checked alone: with the cache cold,
    then warm (the good files around it remembered), then as checked afresh."""
    root = apply_case(case, tmp_path / "p")
    touched = [*(case.spec.get("replace") or {}), *(case.spec.get("write") or {})]  # type: ignore[misc]
    paths = [root / rel for rel in touched if str(rel).startswith("catalog/") and (root / rel).is_file()]
    paths += sorted((root / "catalog" / "contracts").glob("*.yaml"))

    def problems() -> list[tuple[int, list[Problem]]]:
        found = []
        for path in paths:
            try:
                report = pipeline.check(root, [path]).report
            except ConfigError as error:  # a broken schema or policy: the same either way
                found.append((-1, error.problems))
                continue
            found.append((report.files_checked, report.problems))
        return found

    with mock.patch.object(entrycache.EntryCache, "get", return_value=None):
        fresh = problems()
    assert problems() == fresh
    assert problems() == fresh


def test_values_json_cannot_give_back_are_not_remembered(project: Path) -> None:
    cache = entrycache.EntryCache(project, {})
    for value in ({1: "a"}, {"a": (1, 2)}, {"a": 1.0, "b": [True]}, {"a": math.nan}):
        cache.put("solutions", "x", repr(value).encode(), value)
        remembered = cache.get("solutions", "x", repr(value).encode())
        assert remembered is None or entrycache._same(remembered, value), value
    assert cache.get("solutions", "x", repr({1: "a"}).encode()) is None
    assert cache.get("solutions", "x", repr({"a": 1.0, "b": [True]}).encode()) == {"a": 1.0, "b": [True]}
