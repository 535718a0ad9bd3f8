"""What a build is of: the source commit and the dates, from git and the environment only.

No wall-clock time leaks into the output unless no commit can be named, so the same commit
builds the same bytes (set SOURCE_DATE_EPOCH to pin the time as well).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import git


@dataclass(frozen=True)
class BuildInfo:
    commit: str | None  # full hash of HEAD, None outside git
    commit_time: datetime | None  # committer date of HEAD (UTC)
    as_of: date  # the date statuses are computed for
    timestamp: datetime  # what "published"/"updated" fields show

    @property
    def short_commit(self) -> str:
        return self.commit[:12] if self.commit else "unversioned"


def _git(root: Path, *args: str) -> str | None:
    out = git.answer(root, *args)
    text = out.decode("utf-8", "replace").strip() if out is not None else ""
    return text or None


def _head(root: Path) -> tuple[str | None, datetime | None]:
    """HEAD's hash and committer date, from one git process (a build asks once: see build.py)."""
    answer = _git(root, "log", "-1", "--no-show-signature", "--format=%H %ct", "HEAD")
    commit, _, stamp = (answer or "").partition(" ")
    if not commit:
        return None, None
    return commit, datetime.fromtimestamp(int(stamp), tz=UTC) if stamp.isdigit() else None


# git's answer per project root while a build runs (see `asked_once`).
_answered: dict[Path, tuple[str | None, datetime | None]] = {}


@contextmanager
def asked_once(root: Path) -> Iterator[None]:
    """Within it, git is asked about `root` once: `catalog build` pins mkdocs' dates with the
    answer and the site names its source with it. A preview asks again for every rebuild."""
    _answered[root] = _head(root)
    try:
        yield
    finally:
        _answered.pop(root, None)


def build_info(root: Path, as_of: date) -> BuildInfo:
    commit, commit_time = _answered.get(root) or _head(root)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        timestamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC)
    elif commit_time is not None:
        timestamp = commit_time
    else:
        timestamp = datetime.combine(as_of, datetime.min.time(), tzinfo=UTC)
    return BuildInfo(commit, commit_time, as_of, timestamp)
