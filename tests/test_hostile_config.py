"""`mkdocs.yml` is code to mkdocs' own YAML loader: it is checked before mkdocs reads it.

Each hostile configuration would run `touch <marker>` if mkdocs read it; the marker must never
appear, and the error must name the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from site_builder.siteconfig import check_site_config

from browser.sitekit import catalog_date
from conftest import REPO, Run, make_project

WORKFLOWS = REPO / ".github" / "workflows"


def hostile_config(root: Path, marker: Path) -> int:
    """Add a code-running tag to mkdocs.yml; return its line."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, found in enumerate(lines) if found.startswith("site_description:"))
    lines[line] = f'site_description: !!python/object/apply:os.system ["touch {marker}"]'
    (root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line + 1


@pytest.mark.parametrize("command", ["validate", "build", "serve"])
def test_a_code_tag_in_mkdocs_yml_is_refused_before_mkdocs_reads_it(
    tmp_path: Path, run_cli: Any, command: str
) -> None:
    root = make_project(tmp_path / "project")
    marker = tmp_path / "PWNED"
    line = hostile_config(root, marker)
    args = ["--site-dir", str(tmp_path / "site")] if command == "build" else []
    with catalog_date():
        result: Run = run_cli("-C", root, command, *args)
    assert result.exit_code == 1, result.output + result.stderr
    assert not marker.exists(), "mkdocs ran the tag"
    assert f"mkdocs.yml:{line}:" in result.output or f"  {line}:" in result.output, result.output
    assert "python/object/apply" in result.output
    assert "only !ENV and !relative" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("site_name: x\nextra:\n  a: !!python/name:os.system\n", "yaml-tag", 3),
        ("site_name: !!binary eA==\n", "yaml-tag", 1),
        ("site_name: !custom x\n", "yaml-tag", 1),
        ("site_name: &a x\nsite_description: *a\n", "yaml-alias", 1),
        ("site_name: x\nsite_name: y\n", "yaml-duplicate-key", 2),
        ("site_name: x\u202e\n", "invisible-character", 1),
        ("site_name: x\n---\nsite_name: y\n", "yaml-syntax", 2),
    ],
)
def test_the_site_configuration_goes_through_the_hardened_loader(
    tmp_path: Path, text: str, rule: str, line: int
) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    problems = check_site_config(tmp_path)
    assert (problems[0].file, problems[0].rule, problems[0].line) == ("mkdocs.yml", rule, line), problems


def test_the_tags_mkdocs_documents_are_allowed(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [CATALOG_SITE_NAME, IT Solutions Catalog]\n"
        "site_url: !ENV CATALOG_URL\n"
        "extra:\n  logo: !relative $config_dir/docs/logo.svg\n",
        encoding="utf-8",
    )
    assert check_site_config(tmp_path) == []
    assert check_site_config(REPO) == []  # the project's own


def test_an_inherited_configuration_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("theme:\n  name: !!python/object/new:os.system [id]\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: x\n", encoding="utf-8")
    [problem] = check_site_config(tmp_path)
    assert (problem.file, problem.rule, problem.line) == ("base.yml", "yaml-tag", 2)
    (tmp_path / "mkdocs.yml").write_text("INHERIT: ../elsewhere.yml\nsite_name: x\n", encoding="utf-8")
    [problem] = check_site_config(tmp_path)
    assert "outside the project" in problem.message


def test_a_plain_mkdocs_build_with_the_plugin_fails_on_it_too(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The plugin runs after mkdocs has read the file, too late to stop the tag, but it still
    refuses to publish the site: the workflows therefore never call mkdocs directly."""
    root = make_project(tmp_path / "project")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("site_description:", "site_description: !!str"), "utf-8")
    with catalog_date(), pytest.raises(Abort):
        mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert "mkdocs.yml is not safe to read" in caplog.text
    assert "4:19" in caplog.text


def test_workflows_validate_before_they_build_and_never_call_mkdocs() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        steps = [
            str(step.get("run", ""))
            for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
            for step in job.get("steps", [])
        ]
        assert not any(re.search(r"(^|[\s;&|])mkdocs\b", run) for run in steps), path
        builds = [i for i, run in enumerate(steps) if "catalog build" in run]
        validates = [i for i, run in enumerate(steps) if "catalog validate" in run]
        if builds:
            assert validates, path
            assert min(validates) < min(builds), path
