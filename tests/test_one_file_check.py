"""A check of named files reports, for those files, what the whole catalog's check reports for
them, though it loads only what they depend on: entries loaded as context are checked too, but
their findings are not reported, so advice is not worked out for them."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

from site_builder import pipeline
from site_builder.model import KINDS
from site_builder.problems import Problem

from conftest import make_project


def _of(problems: list[Problem], file: str) -> list[Problem]:
    return [p for p in problems if p.file == file]


def _with_misspelt_references(root: Path) -> None:
    """A second contract whose vendor is misspelt, a solution offered under both contracts, and
    a solution whose own vendor is misspelt."""
    contracts = root / "catalog" / "contracts"
    text = (contracts / "umbrella-software.yaml").read_text(encoding="utf-8")
    assert "id: umbrella-software\n" in text
    assert "vendor: acme-gov\n" in text
    second = text.replace("id: umbrella-software\n", "id: umbrella-second\n")
    (contracts / "umbrella-second.yaml").write_text(
        second.replace("vendor: acme-gov\n", "vendor: acme-gvo\n"), encoding="utf-8"
    )
    solutions = root / "catalog" / "solutions"
    suite = solutions / "acme-desktop-suite.yaml"
    text = suite.read_text(encoding="utf-8")
    assert "offered_under:\n" in text
    suite.write_text(
        text.replace("offered_under:\n", 'offered_under:\n  - {contract: umbrella-second, lots: ["1"]}\n'),
        encoding="utf-8",
    )
    manager = solutions / "acme-case-manager.yaml"
    text = manager.read_text(encoding="utf-8")
    manager.write_text(text.replace("vendor: acme-gov\n", "vendor: acme-gvo\n"), encoding="utf-8")


def test_a_context_entrys_bad_reference_is_not_reported_for_the_named_file(project: Path) -> None:
    _with_misspelt_references(project)
    suite = project / "catalog" / "solutions" / "acme-desktop-suite.yaml"
    result = pipeline.check(project, [suite])
    assert "contracts/umbrella-second" in result.catalog.context  # loaded, never reported
    assert "solutions/acme-desktop-suite" not in result.catalog.context
    assert not [p for p in result.report.problems if p.file.endswith("umbrella-second.yaml")]
    assert not [p for p in result.report.problems if p.rule == "reference"]


def test_a_named_files_did_you_mean_is_still_given(project: Path) -> None:
    _with_misspelt_references(project)
    contract = project / "catalog" / "contracts" / "umbrella-second.yaml"
    result = pipeline.check(project, [contract])
    found = [p for p in result.report.problems if p.rule == "reference"]
    assert [p.file for p in found] == ["catalog/contracts/umbrella-second.yaml"]
    assert found[0].hint.startswith('did you mean "acme-gov"?'), found[0].hint
    assert found[0].fix is not None
    assert "contracts/umbrella-second" not in result.catalog.context


@pytest.mark.parametrize("fixture", ["good", "demo"])
def test_skipping_advice_for_context_changes_no_report(tmp_path: Path, fixture: str) -> None:
    """Every file checked alone, with and without the entries loaded as context marked so (of
    the demo, the files that bring the most context: contracts, vehicles and scenarios)."""
    root = make_project(tmp_path / "p", demo=fixture == "demo")
    kinds: tuple[str, ...] = KINDS
    if fixture == "good":
        _with_misspelt_references(root)
    else:
        kinds = ("contracts", "vehicles", "scenarios")
    paths = sorted(p for kind in kinds for p in (root / "catalog" / kind).glob("*.yaml"))
    marked = 0
    for path in paths:
        result = pipeline.check(root, [path])
        marked += len(result.catalog.context)
        with mock.patch.object(pipeline, "_context", return_value=frozenset()):
            thorough = pipeline.check(root, [path])
        assert not thorough.catalog.context
        assert result.report == thorough.report, path.name
    assert marked
