"""The one way the project asks git: batch reads stay aligned, and a git that hangs or is
missing is an error the callers can word, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from site_builder import git


def _commit(root: Path) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.gov",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.gov",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def test_batch_reader_returns_each_blob_in_order_and_none_for_the_rest(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder/a.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "b.yaml").write_bytes(b"b: 2\nwith\nlines\n")
    (tmp_path / "empty.yaml").write_bytes(b"")
    _commit(tmp_path)
    names = ["HEAD:folder", "HEAD:b.yaml", "HEAD:missing.yaml", "HEAD:empty.yaml", "HEAD:folder/a.yaml"]
    # A tree has content too: skipping it keeps every later answer in its place.
    assert git.read_objects(tmp_path, names) == [None, b"b: 2\nwith\nlines\n", None, b"", b"a: 1\n"]
    assert git.read_objects(tmp_path, []) == []


def test_a_name_with_a_line_break_is_refused(tmp_path: Path) -> None:
    with pytest.raises(git.GitError, match="line break"):
        git.read_objects(tmp_path, ["HEAD:a\nHEAD:b"])


def test_a_git_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    # The sleep is a child of the script, as a helper git starts would be.
    (fake / "git").write_text("#!/bin/sh\nsleep 30\necho never\n", encoding="utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(git.GitError, match=r"git log did not answer within 0\.5 seconds"):
        git.run(tmp_path, "log", timeout=0.5)


def test_a_missing_git_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(git.GitError, match="git is not installed") as caught:
        git.run(tmp_path, "status")
    assert caught.value.missing
    assert git.answer(tmp_path, "status") is None


def test_a_failing_git_names_the_command_and_its_reason(tmp_path: Path) -> None:
    with pytest.raises(git.GitError, match=r"git rev-parse failed: .*not a git repository"):
        git.run(tmp_path, "rev-parse", "HEAD")


def test_the_environment_keeps_nothing_of_git_s_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_DIR", "/elsewhere")
    monkeypatch.setenv("GIT_WORK_TREE", "/elsewhere")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.pager=evil'")
    env = git.environment()
    assert {key for key in env if key.startswith("GIT_")} == {
        "GIT_TERMINAL_PROMPT",
        "GIT_OPTIONAL_LOCKS",
        "GIT_PAGER",
    }
    assert env["PATH"] == os.environ["PATH"]
