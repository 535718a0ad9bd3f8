"""Shared fixtures: real projects on disk, copied from tests/fixtures, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from site_builder.cli import main

# Fuzz tests: reproducible under CI (derandomized), exploratory on a developer's machine.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", database=None, deadline=None)
# Loaded here, before any test module is imported, so that every @settings(...) in the suite
# takes the chosen profile as its parent (HYPOTHESIS_PROFILE, else "ci" under CI).
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(HYPOTHESIS_PROFILE)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-25"  # every test judges expiry as of this date


def make_project(dest: Path, fixture: str = "good", *, demo: bool = False) -> Path:
    """A complete project in `dest`: the repository's schemas and mkdocs.yml, plus a catalog.

    `demo=True` takes the shipped demo catalog and policy; otherwise tests/fixtures/<fixture>.
    """
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "schema").mkdir(exist_ok=True)
    for schema in (REPO / "schema").glob("*.schema.json"):
        shutil.copy(schema, dest / "schema" / schema.name)
    if (REPO / "mkdocs.yml").exists():
        shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if (REPO / "docs").is_dir():
        shutil.copytree(REPO / "docs", dest / "docs", dirs_exist_ok=True)
    if demo:
        shutil.copytree(REPO / "catalog", dest / "catalog", dirs_exist_ok=True)
        shutil.copy(REPO / "schema" / "terms-policy.yaml", dest / "schema" / "terms-policy.yaml")
    else:
        shutil.copytree(FIXTURES / fixture / "catalog", dest / "catalog", dirs_exist_ok=True)
        shutil.copy(FIXTURES / fixture / "terms-policy.yaml", dest / "schema" / "terms-policy.yaml")
    return dest


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_DATE", AS_OF)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the good fixture project."""
    return make_project(tmp_path / "project")


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    """A fresh copy of the shipped demo project."""
    return make_project(tmp_path / "demo", demo=True)


@dataclass
class Run:
    exit_code: int
    output: str
    stderr: str


@pytest.fixture
def run_cli() -> object:
    """Run `catalog ARGS…` in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def run(*args: str | Path) -> Run:
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI a skipped test is a failure: a browser test that did not run proves nothing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = len(reporter.stats.get("skipped", []))
    if os.environ.get("CI") and skipped and session.exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) were skipped; under CI that is a failure.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
