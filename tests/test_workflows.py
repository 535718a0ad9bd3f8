"""The CI workflows, hooks and review files: linted, schema-checked, and held to the house rules."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder import yamlsafe
from site_builder.scaffold import new_entry

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+\.\d+\.\d+$")


def load(path: Path) -> Any:
    # The project's loader keeps `on:` a string (PyYAML's YAML 1.1 rules would make it True).
    data, problems = yamlsafe.load(path.read_text(encoding="utf-8"), str(path))
    assert problems == [], problems
    return data


def tool(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / str(args[0])), *map(str, args[1:])], cwd=cwd, capture_output=True, text=True, check=False
    )


def steps(workflow: Any) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job["steps"]


@pytest.fixture(scope="module")
def validate() -> Any:
    return load(WORKFLOWS / "validate.yml")


@pytest.fixture(scope="module")
def publish() -> Any:
    return load(WORKFLOWS / "publish.yml")


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    for persona in ("regular", "auditor"):
        result = tool(
            "zizmor", "--offline", "--no-config", f"--persona={persona}", "--collect=workflows",
            "--collect=pre-commit", REPO,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No findings" in result.stdout
    # and it does find the mistakes it is here to catch
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - uses: actions/checkout@v5\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = tool("zizmor", "--offline", "--no-config", tmp_path)
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in result.stdout


def test_workflows_match_the_github_workflow_schema(tmp_path: Path) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["publish.yml", "test.yml", "validate.yml"]
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    assert tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", broken).returncode == 1


def test_every_action_is_pinned_to_a_commit() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps(load(path)):
            if "uses" in step:
                assert SHA_PIN.match(step["uses"]), step["uses"]
        lines = [line.strip() for line in path.read_text().splitlines() if "uses:" in line]
        assert lines
        assert all(VERSION_COMMENT.search(line) for line in lines), lines


def test_no_expression_is_expanded_inside_a_shell_script() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps(load(path)):
            assert "${{" not in step.get("run", ""), step


def test_checkouts_do_not_keep_the_token() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts
        assert all(s["with"]["persist-credentials"] is False for s in checkouts)
        assert "pull_request_target" not in load(path)["on"]


def test_validate_runs_on_pull_requests_read_only(validate: Any) -> None:
    assert set(validate["on"]) == {"pull_request"}
    assert validate["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in validate["jobs"].values())
    runs = [s.get("run", "") for s in steps(validate)]
    assert "python -m pip install -c constraints.txt ." in runs
    assert "catalog validate --format github --changed-since HEAD^1" in runs
    (summary,) = [r for r in runs if "catalog diff" in r]
    assert (
        'catalog diff HEAD^1 HEAD --format markdown --full-report catalog-changes/summary.md >> "$GITHUB_STEP_SUMMARY"'
        in summary.splitlines()
    )
    assert "catalog diff HEAD^1 HEAD --format json > catalog-changes/changes.json" in summary.splitlines()
    assert "catalog build --strict" in runs
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in steps(validate)
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {"catalog-changes": "catalog-changes/", "site-preview": "site/"}


def test_publish_builds_nightly_and_deploys_with_least_privilege(publish: Any) -> None:
    triggers = publish["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"][0]["cron"].count(" ") == 4
    assert "workflow_dispatch" in triggers
    assert publish["permissions"] == {}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    runs = [s.get("run") for s in build["steps"]]
    assert "catalog build --strict" in runs
    # lapses are warnings at night: the site is published with the new statuses
    assert "catalog validate --format github" in runs
    for workflow in (publish, load(WORKFLOWS / "validate.yml")):
        pythons = [
            s["with"]["python-version"] for s in steps(workflow) if "setup-python" in s.get("uses", "")
        ]
        assert pythons
        assert all(tuple(map(int, p.split("."))) >= (3, 11) for p in pythons)


def test_tests_run_on_every_push_and_pull_request_read_only() -> None:
    """The project's own tests: `.ci/run` (the README's `./dev test` on a fresh clone) in Debian,
    as root there so that `./dev` can install chromium and LibreOffice with apt-get."""
    workflow = load(WORKFLOWS / "test.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert "permissions" not in job
    assert job["container"]["image"].startswith("debian:")
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs[-1] == ".ci/run"
    assert "git" in runs[0].split()
    assert "python3" in runs[0].split()
    assert (REPO / ".ci" / "run").stat().st_mode & 0o111
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/test.yml" in readme


def test_pre_commit_hook_for_other_repositories(project: Path, run_cli: Any, monkeypatch: Any) -> None:
    (hook,) = load(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "catalog-validate"
    assert (hook["language"], hook["entry"], hook["pass_filenames"]) == ("python", "catalog validate", True)
    files = re.compile(hook["files"])
    assert files.search("catalog/vendors/acme-gov.yaml")
    assert files.search("schema/terms-policy.yaml")
    assert not files.search("docs/index.md")
    # pre-commit runs the entry from the repository root with the changed files' relative paths
    monkeypatch.chdir(project)
    result = run_cli("validate", "catalog/vendors/acme-gov.yaml", "catalog/solutions/acme-case-manager.yaml")
    assert result.exit_code == 0, result.output


def test_pre_commit_config_for_this_repository() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "yamllint", "check-metaschema", "catalog-validate"} <= set(hooks)
    assert hooks["yamllint"]["args"] == ["--strict"]
    assert re.compile(hooks["yamllint"]["files"]).search("catalog/vendors/a.yaml")
    assert re.compile(hooks["check-metaschema"]["files"]).search("schema/contract.schema.json")
    schemas = sorted((REPO / "schema").glob("*.json"))
    assert tool("check-jsonschema", "--check-metaschema", *schemas).returncode == 0


def test_yamllint_config(project: Path, tmp_path: Path) -> None:
    for kind, entry_id, vendor in (("vendor", "new-vendor", None), ("solution", "new-sol", "acme-gov")):
        new_entry(project, kind, entry_id, vendor=vendor, contract="umbrella-software" if vendor else None)
    config = REPO / ".yamllint.yaml"
    result = tool("yamllint", "--strict", "-c", config, project / "catalog", REPO / "catalog")
    assert result.returncode == 0, result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: One\nname: Two\nready: no\n", encoding="utf-8")
    result = tool("yamllint", "--strict", "-c", config, bad)
    assert result.returncode == 1
    assert "(key-duplicates)" in result.stdout
    assert "(truthy)" in result.stdout


def test_github_annotations_escape_hostile_names(project: Path, run_cli: Any, monkeypatch: Any) -> None:
    """A file name is contributor input: it must not end an annotation or start a new one."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    name = "x%0A,y:z\n::error file=a.yaml::forged,%.yaml"
    (project / "catalog" / "vendors" / name).write_text("id: x\n", encoding="utf-8")
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert not any(line.startswith("::error file=a.yaml") for line in lines), result.output
    (annotation,) = [line for line in lines if line.startswith("::error ")]
    properties, _, message = annotation[len("::error ") :].partition("::")
    assert properties.startswith(
        "file=catalog/vendors/x%250A%2Cy%3Az%0A%3A%3Aerror file=a.yaml%3A%3Aforged%2C%25.yaml,"
    )
    assert "%0A::error file=a.yaml::forged,%25.yaml" in message
    assert "\n" not in message
    assert "\r" not in message


LEGAL, MAINTAINERS, CATALOG = (
    "@example-state/legal-procurement",
    "@example-state/maintainers",
    "@example-state/catalog-maintainers",
)


def codeowners(path: str) -> list[str]:
    """The owners GitHub gives `path`: the last matching line wins. Only the pattern forms the
    file uses are understood (`*`, `/file`, `/folder/`), and any other form fails the test."""
    owners: list[str] = []
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *teams = line.split()
        assert pattern == "*" or (pattern.startswith("/") and "*" not in pattern), pattern
        if pattern in {"*", f"/{path}"} or (pattern.endswith("/") and f"/{path}".startswith(pattern)):
            owners = teams
    return owners


def expected_owner(path: str) -> str:
    """Owners by risk: legal terms (vehicles' common terms, contracts) and what judges them to legal
    and procurement reviewers, other entries to catalog maintainers, everything else (code,
    workflows, site, docs, packaging) to maintainers."""
    if path.startswith(("catalog/vehicles/", "catalog/contracts/", "schema/")):
        return LEGAL
    if path.startswith("catalog/"):
        return CATALOG
    return MAINTAINERS


def test_codeowners_route_every_path_by_risk() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if not tracked:  # an exported tree without git: the files on disk
        tracked = [
            p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file() and ".git" not in p.parts
        ]
    new = [
        "setup.py", "setup.cfg", "MANIFEST.in", "requirements.txt", "docs/new-page.md",
        ".github/workflows/new.yml", "mkdocs.yml", "site_builder/evil.py", "conftest.py",
        "catalog/vehicles/new.yaml", "catalog/contracts/new.yaml", "catalog/solutions/new.yaml", "catalog/vendors/new.yaml",
        "catalog/scenarios/new.yaml", "schema/new.schema.json", "schema/terms-policy.yaml",
    ]  # fmt: skip
    for path in [*tracked, *new]:
        assert codeowners(path) == [expected_owner(path)], path
    assert expected_owner("schema/terms-policy.yaml") == LEGAL
    assert expected_owner("mkdocs.yml") == MAINTAINERS


def test_pull_request_template() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text()
    assert template.count("- [ ]") >= 5
    # what a reviewer needs, each under its own heading
    headings = re.findall(r"^## (.+)$", template, re.MULTILINE)
    assert headings == [
        "What this pull request changes",
        "The signed documents it rests on",
        "Who approved it",
        "Catalog changes",
        "Checklist",
    ]
    assert "catalog diff origin/main --format markdown" in template
    assert "catalog diff" in (REPO / "README.md").read_text(encoding="utf-8")
