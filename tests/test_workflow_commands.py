"""The pull-request workflow's own commands, run as written on a real repository: a merge commit
whose first parent is the base branch, on a date when entries of the demo have lapsed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gitrepo import edit, git, init

from site_builder import yamlsafe
from site_builder.diff_format import COMMENT_LIMIT

from conftest import REPO

VALIDATE = REPO / ".github" / "workflows" / "validate.yml"
BIN = Path(sys.executable).parent


def catalog_steps() -> list[str]:
    data, problems = yamlsafe.load(VALIDATE.read_text(encoding="utf-8"), str(VALIDATE))
    assert problems == []
    runs = [step.get("run", "") for job in data["jobs"].values() for step in job["steps"]]
    return [run for run in runs if "catalog " in run and "catalog build" not in run]


def run_step(script: str, root: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "CATALOG_DATE": "2027-07-15",
    }
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def pull_request(demo_project: Path) -> Path:
    """main, a branch that touches a lapsed solution, and GitHub's merge commit of the two."""
    repo = init(demo_project)
    git(repo, "checkout", "-q", "-b", "vendor-update")
    edit(
        repo / "catalog/solutions/harborline-records-vault.yaml",
        ("Cloud records repository", "A records repository"),
    )
    git(repo, "commit", "-q", "-am", "vendor update")
    git(repo, "checkout", "-q", "main")
    edit(repo / "catalog/vendors/cobalt-meridian-hosting.yaml", ("name: Cobalt", "name: Cobalt "))
    git(repo, "commit", "-q", "-am", "meanwhile on main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge vendor-update into main", "vendor-update")
    return repo


def test_the_pull_request_workflow_fails_on_the_lapse_it_touches_and_summarizes(
    pull_request: Path, tmp_path: Path
) -> None:
    validate, summarize = catalog_steps()
    summary = tmp_path / "step-summary.md"
    checked = run_step(validate, pull_request, summary)
    assert checked.returncode == 1
    errors = [line for line in checked.stdout.splitlines() if line.startswith("::error ")]
    assert errors
    assert all("file=catalog/solutions/harborline-records-vault.yaml" in line for line in errors), errors
    warnings = [line for line in checked.stdout.splitlines() if line.startswith("::warning ")]
    assert any("file=catalog/contracts/riverbend-contact-center.yaml" in line for line in warnings)
    summarized = run_step(summarize, pull_request, summary)
    assert summarized.returncode == 0, summarized.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Catalog changes")
    assert "Changed solution `harborline-records-vault`" in text
    assert "cobalt" not in text  # the base branch's own change is not this pull request's
    assert len(text) <= COMMENT_LIMIT
    assert (pull_request / "catalog-changes" / "summary.md").read_text(encoding="utf-8") == text
    assert '"entries"' in (pull_request / "catalog-changes" / "changes.json").read_text(encoding="utf-8")


def test_the_same_pull_request_passes_once_renewed(pull_request: Path, tmp_path: Any) -> None:
    git(pull_request, "checkout", "-q", "vendor-update")
    edit(pull_request / "schema/terms-policy.yaml", ('expires: "2027-06-01"', 'expires: "2028-06-01"'))
    git(pull_request, "commit", "-q", "-am", "renewals")
    git(pull_request, "checkout", "-q", "main")
    git(pull_request, "reset", "-q", "--hard", "HEAD^1")
    git(pull_request, "merge", "-q", "--no-ff", "-m", "Merge vendor-update into main", "vendor-update")
    validate, _ = catalog_steps()
    checked = run_step(validate, pull_request, tmp_path / "summary.md")
    assert checked.returncode == 0, checked.stdout
