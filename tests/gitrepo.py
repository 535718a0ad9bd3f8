"""Real git repositories for tests: fixed identities and dates, no user or system configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2026-11-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-01T00:00:00Z",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def init(root: Path, tag: str = "base") -> Path:
    """Make `root` a repository whose first commit (tagged `tag`) holds everything in it."""
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "tag", tag)
    return root


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    """Replace each `old` by `new` in the file; each must be there."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {path}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
