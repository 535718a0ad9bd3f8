"""Hostile repository layouts: links, pipes, executables, stray folders and git modes.

Every case is checked the three ways a catalog is checked — the whole catalog (CI), the named
file (pre-commit) and the build — and must give the same rule each time; what a link points at
is never read, so its content never reaches a message, a log or the site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site
from site_builder.pipeline import check
from site_builder.repo_checks import git_modes

from conftest import make_project

SECRET = "ghp_SECRETTOKEN0123456789"  # noqa: S105  (a canary a runner file might hold, not a credential)
VENDORS = "catalog/vendors"


def _write(rel: str, text: str = "id: x\n") -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    return setup


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        outside = root.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.yaml").write_text(f"id: leak\nname: {SECRET}\n", encoding="utf-8")
        (outside / "folder").mkdir(exist_ok=True)
        (outside / "folder" / "leak.yaml").write_text(f"id: leak\nname: {SECRET}\n", encoding="utf-8")
        (root / rel).symlink_to(target.format(outside=outside))

    return setup


def _fifo(root: Path) -> None:
    os.mkfifo(root / VENDORS / "pipe.yaml")


def _executable(root: Path) -> None:
    (root / VENDORS / "acme-gov.yaml").chmod(0o755)


def _directory(root: Path) -> None:
    (root / VENDORS / "ghost.yaml").mkdir()


@dataclass(frozen=True)
class Layout:
    name: str
    setup: Callable[[Path], None]
    file: str  # the path a pre-commit hook would pass
    reported: str  # the path the whole-catalog run names
    rule: str


LAYOUTS = [
    Layout("symlink-etc-passwd", _symlink(f"{VENDORS}/passwd.yaml", "/etc/passwd"), f"{VENDORS}/passwd.yaml", f"{VENDORS}/passwd.yaml", "file-type"),
    Layout("symlink-outside-secret", _symlink(f"{VENDORS}/leak.yaml", "{outside}/secret.yaml"), f"{VENDORS}/leak.yaml", f"{VENDORS}/leak.yaml", "file-type"),
    Layout("symlink-dangling", _symlink(f"{VENDORS}/gone.yaml", "/nonexistent/file.yaml"), f"{VENDORS}/gone.yaml", f"{VENDORS}/gone.yaml", "file-type"),
    Layout("symlink-relative-escape", _symlink(f"{VENDORS}/up.yaml", "../../../outside/secret.yaml"), f"{VENDORS}/up.yaml", f"{VENDORS}/up.yaml", "file-type"),
    Layout("symlink-folder", _symlink(f"{VENDORS}/linked", "{outside}/folder"), f"{VENDORS}/linked/leak.yaml", f"{VENDORS}/linked", "file-type"),
    Layout("yml-extension", _write(f"{VENDORS}/extra.yml"), f"{VENDORS}/extra.yml", f"{VENDORS}/extra.yml", "file-layout"),
    Layout("upper-case-name", _write(f"{VENDORS}/Extra.yaml"), f"{VENDORS}/Extra.yaml", f"{VENDORS}/Extra.yaml", "file-layout"),
    Layout("space-in-name", _write(f"{VENDORS}/extra vendor.yaml"), f"{VENDORS}/extra vendor.yaml", f"{VENDORS}/extra vendor.yaml", "file-layout"),
    Layout("cyrillic-file-name", _write(f"{VENDORS}/\u0430cme.yaml"), f"{VENDORS}/\u0430cme.yaml", f"{VENDORS}/\u0430cme.yaml", "file-layout"),
    Layout("hidden-file", _write(f"{VENDORS}/.extra.yaml"), f"{VENDORS}/.extra.yaml", f"{VENDORS}/.extra.yaml", "file-layout"),
    Layout("unknown-folder", _write("catalog/misc/extra.yaml"), "catalog/misc/extra.yaml", "catalog/misc/", "file-layout"),
    Layout("nested-folder", _write(f"{VENDORS}/sub/extra.yaml"), f"{VENDORS}/sub/extra.yaml", f"{VENDORS}/sub/", "file-layout"),
    Layout("file-at-catalog-root", _write("catalog/README.md"), "catalog/README.md", "catalog/README.md", "file-layout"),
    Layout("executable", _executable, f"{VENDORS}/acme-gov.yaml", f"{VENDORS}/acme-gov.yaml", "file-type"),
    Layout("fifo", _fifo, f"{VENDORS}/pipe.yaml", f"{VENDORS}/pipe.yaml", "file-type"),
    Layout("empty-file", _write(f"{VENDORS}/empty.yaml", ""), f"{VENDORS}/empty.yaml", f"{VENDORS}/empty.yaml", "schema"),
    Layout("windows-device-name", _write(f"{VENDORS}/con.yaml", "id: con\n"), f"{VENDORS}/con.yaml", f"{VENDORS}/con.yaml", "file-layout"),
    Layout("windows-device-port", _write(f"{VENDORS}/lpt9.yaml", "id: lpt9\n"), f"{VENDORS}/lpt9.yaml", f"{VENDORS}/lpt9.yaml", "file-layout"),
    Layout("windows-trailing-dot", _write(f"{VENDORS}/acme-gov.yaml."), f"{VENDORS}/acme-gov.yaml.", f"{VENDORS}/acme-gov.yaml.", "file-layout"),
    Layout("windows-trailing-space", _write(f"{VENDORS}/acme-gov.yaml "), f"{VENDORS}/acme-gov.yaml ", f"{VENDORS}/acme-gov.yaml ", "file-layout"),
    Layout("escape-sequence-in-name", _write(f"{VENDORS}/x\x1b[2K\x1b[1Ax.yaml"), f"{VENDORS}/x\x1b[2K\x1b[1Ax.yaml", f"{VENDORS}/x\x1b[2K\x1b[1Ax.yaml", "file-layout"),
    Layout("directory-named-like-a-file", _directory, f"{VENDORS}/ghost.yaml", f"{VENDORS}/ghost.yaml/", "file-layout"),
]  # fmt: skip


def _problems(result: Any) -> set[tuple[str, str]]:
    return {(p.file, p.rule) for p in result.report.problems}


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_layout_is_reported_by_a_full_run_and_the_rest_still_checked(tmp_path: Path, layout: Layout) -> None:
    root = make_project(tmp_path / "project")
    layout.setup(root)
    started = time.perf_counter()
    result = check(root)
    # A pipe is never opened, so nothing blocks: about 0.1 s, with room for a busy machine.
    assert time.perf_counter() - started < 10
    assert (layout.reported, layout.rule) in _problems(result), result.report.problems
    assert set(result.catalog.solutions) == {"acme-case-manager", "acme-desktop-suite", "blue-river-training"}
    assert SECRET not in repr(result.report.problems) + repr(result.catalog.vendors)


@pytest.mark.parametrize(
    "layout", [layout for layout in LAYOUTS if "folder" not in layout.name], ids=lambda layout: layout.name
)
def test_layout_is_reported_the_same_way_for_one_file_as_pre_commit_passes_it(
    tmp_path: Path, run_cli: Any, layout: Layout
) -> None:
    root = make_project(tmp_path / "project")
    layout.setup(root)
    whole = run_cli("-C", root, "validate", "--format", "json")
    one = run_cli("-C", root, "validate", "--format", "json", root / layout.file)
    assert whole.exit_code == one.exit_code == 1, whole.output + one.output + one.stderr
    found_whole = {(p["file"], p["rule"]) for p in json.loads(whole.output)}
    found_one = {(p["file"], p["rule"]) for p in json.loads(one.output)}
    expected_one = (layout.file, "file-type" if layout.name.startswith("directory") else layout.rule)
    assert (layout.reported, layout.rule) in found_whole
    assert expected_one in found_one
    assert SECRET not in whole.output + one.output + whole.stderr + one.stderr


@pytest.mark.parametrize("layout", [LAYOUTS[0], LAYOUTS[1], LAYOUTS[4]], ids=lambda layout: layout.name)
def test_build_refuses_links_and_never_publishes_or_prints_their_target(
    tmp_path: Path, layout: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    layout.setup(root)
    assert build_site(root, tmp_path / "site", strict=True) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert layout.reported in said
    assert "(file-type)" in said
    assert SECRET not in said
    assert "root:x:0:0" not in said
    assert not (tmp_path / "site").exists()


# Git modes: what a checkout with core.symlinks=false or core.fileMode=false would hide.


def _git(root: Path, *args: str, data: bytes | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-C", str(root), *args], input=data, capture_output=True, check=True, env=env
    )
    return done.stdout.decode().strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    _git(root, "init", "-q")
    _git(root, "config", "core.fileMode", "false")
    _git(root, "add", "catalog")
    return root


def _index_link(root: Path) -> str:
    """A link to /etc/passwd as git records it, checked out as a regular file holding the target."""
    file = f"{VENDORS}/linked.yaml"
    (root / file).write_text("/etc/passwd", encoding="utf-8")
    blob = _git(root, "hash-object", "-w", "--stdin", data=b"/etc/passwd")
    _git(root, "update-index", "--add", "--cacheinfo", f"120000,{blob},{file}")
    return file


def _index_submodule(root: Path) -> str:
    file = f"{VENDORS}/sub.yaml"
    (root / file).mkdir()  # what a checkout leaves for a submodule it did not clone
    _git(root, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{file}")
    return file


def _index_executable(root: Path) -> str:
    file = f"{VENDORS}/acme-gov.yaml"
    _git(root, "update-index", "--chmod=+x", file)
    return file


@pytest.mark.parametrize(
    ("make", "mode"), [(_index_link, "120000"), (_index_submodule, "160000"), (_index_executable, "100755")]
)
def test_git_modes_are_errors_even_when_the_checkout_hides_them(
    repo: Path, run_cli: Any, make: Callable[[Path], str], mode: str
) -> None:
    file = make(repo)
    assert git_modes(repo, [file]) == {file: mode}
    for result in (check(repo), check(repo, [repo / file])):
        mine = [p for p in result.report.problems if p.file.rstrip("/") == file]
        assert [p.rule for p in mine] == ["file-type"], mine  # git's finding, once, nothing read
        assert f"mode {mode}" in mine[0].message
        assert "git" in mine[0].hint
    cli = run_cli("-C", repo, "validate", "--format", "json", repo / file)
    assert cli.exit_code == 1
    assert {(p["file"], p["rule"]) for p in json.loads(cli.output)} == {(file, "file-type")}


def test_a_clean_git_checkout_adds_no_problem(repo: Path) -> None:
    assert check(repo).report.problems == []
    assert git_modes(repo)  # git was asked, and answered


def test_git_that_cannot_answer_is_a_warning_not_silence(repo: Path) -> None:
    (repo / ".git/index").write_bytes(b"not an index")
    result = check(repo)
    [problem] = result.report.problems
    assert (problem.file, problem.rule, problem.level) == ("catalog", "file-type", "warning")
    assert "git could not list the catalog's files" in problem.message
    assert "git ls-files failed: " in problem.message  # git's own reason, for the maintainer


def test_git_variables_in_the_environment_cannot_redirect_the_check(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook or CI step may leave GIT_DIR, GIT_INDEX_FILE or GIT_CONFIG_* behind; the catalog's
    own repository is still the one asked, with no configuration added."""
    file = _index_link(repo)
    other = tmp_path / "other"
    other.mkdir()
    _git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git/index"))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.fsmonitor")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "touch " + str(tmp_path / "fsmonitor-ran"))
    assert git_modes(repo)[file] == "120000"
    assert not (tmp_path / "fsmonitor-ran").exists()


def test_a_pipe_among_solutions_never_blocks_a_one_contract_check(tmp_path: Path) -> None:
    """Checking a contract reads the solutions to find those under it: a named pipe there must
    be skipped, not opened and waited on (run in a child process, so a hang fails the test)."""
    root = make_project(tmp_path / "project")
    os.mkfifo(root / "catalog/solutions/pipe.yaml")
    contract = root / "catalog/contracts/umbrella-software.yaml"
    env = {**os.environ, "CATALOG_DATE": "2026-11-25"}
    command = [str(Path(sys.executable).parent / "catalog"), "-C", str(root), "validate", str(contract)]
    one = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False, env=env)
    assert one.returncode == 0, one.stdout + one.stderr
    whole = subprocess.run(command[:-1], capture_output=True, text=True, timeout=30, check=False, env=env)
    assert whole.returncode == 1
    assert "catalog/solutions/pipe.yaml" in whole.stdout


def test_file_names_are_never_patterns_to_git(repo: Path) -> None:
    star = f"{VENDORS}/*.yaml"
    (repo / star).write_text("id: x\n", encoding="utf-8")
    _git(repo, "add", "--", star)
    assert git_modes(repo, [star]) == {star: "100644"}  # not every vendor file
    assert git_modes(repo, [f":(exclude){VENDORS}/acme-gov.yaml"]) == {}


@pytest.mark.parametrize("entry_id", ["con", "aux", "nul", "prn", "com1", "lpt9"])
def test_new_refuses_windows_device_names(project: Path, run_cli: Any, entry_id: str) -> None:
    result = run_cli("-C", project, "new", "vendor", entry_id, "--name", "Device Name Inc")
    assert result.exit_code == 2
    assert "device name on Windows" in result.stderr
    assert not (project / VENDORS / f"{entry_id}.yaml").exists()
