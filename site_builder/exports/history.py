"""The catalog's recent history from git, bounded so a build stays fast on a long history.

One `git log` reads the last N commits that touched `catalog/` with the files each changed, and
one `git cat-file --batch` reads the old and new versions of just those files; each is parsed
with the hardened loader. Merges count as one change against their first parent, like a
pull request. A shallow clone's oldest commit is left out: git shows it as adding every file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import git, yamlsafe
from ..model import KINDS
from ..semantic_diff import Snapshot

MAX_COMMITS = 50
MAX_ENTRIES_PER_COMMIT = 25  # beyond this a commit is summarised by counts, not entry by entry
_ENTRY_PATH = re.compile(r"catalog/(%s)/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml" % "|".join(KINDS))  # noqa: UP031
_STATUS = {"A": "added", "D": "removed", "M": "changed", "T": "changed"}
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")  # SHA-1 or SHA-256 repositories
_LETTER = re.compile(r"[A-Z][0-9]*")


@dataclass(frozen=True)
class FileChange:
    key: str  # "<kinds>/<id>"
    status: str  # added | removed | changed


@dataclass
class Commit:
    prefix: str  # the project's folder inside the repository, "" or ending in "/"
    sha: str
    parent: str | None
    time: datetime
    author: str
    subject: str
    files: list[FileChange] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:12]


@dataclass(frozen=True)
class History:
    """What git could tell: the commits (newest first), or why there are none."""

    commits: list[Commit]
    unavailable: str = ""  # a reason, when there is no usable history


def read_history(root: Path, limit: int = MAX_COMMITS) -> History:
    if git.answer(root, "rev-parse", "--verify", "-q", "HEAD") is None:
        return History([], "the site was built from files that are not in a git repository with commits")
    # Fields are NUL-separated: a commit message cannot contain NUL, so no text can pose as a field.
    out = git.answer(
        root,
        "log",
        f"-n{limit}",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--name-status",
        "-z",
        "--format=%H%x00%P%x00%ct%x00%an%x00%s",
        "--",
        "catalog/",
    )
    if out is None:
        return History([], "git could not read the history")
    prefix = (git.answer(root, "rev-parse", "--show-prefix") or b"").decode("utf-8", "replace").strip()
    commits = _parse_log(prefix, out.decode("utf-8", "replace").split("\0"))
    shallow = git.answer(root, "rev-parse", "--is-shallow-repository")
    if shallow is not None and shallow.strip() == b"true":
        grafted = set((git.answer(root, "rev-parse", "--git-path", "shallow") or b"").decode().split())
        boundary = _boundary(root, grafted)
        commits = [c for c in commits if c.sha not in boundary]
        if not commits:
            return History([], "the site was built from a shallow clone, which has no change history")
    commits = [c for c in commits if c.files]
    if not commits:
        return History([], "no commit has changed the catalog yet")
    return History(commits)


def _boundary(root: Path, listed: set[str]) -> set[str]:
    """The commits a shallow clone cut off from their parents (listed in .git/shallow)."""
    found: set[str] = set()
    for name in listed:
        path = Path(name) if Path(name).is_absolute() else root / name
        if path.is_file():
            found.update(path.read_text(encoding="ascii", errors="replace").split())
    return found


def _parse_log(prefix: str, tokens: list[str]) -> list[Commit]:
    """Commits from `git log -z`: five header fields, then (status, path) pairs."""
    commits: list[Commit] = []
    index = 0
    while index + 5 <= len(tokens):
        sha = tokens[index].strip("\n")
        if not _SHA.fullmatch(sha):
            index += 1
            continue
        parents, stamp, author, subject = tokens[index + 1 : index + 5]
        index += 5
        files: list[FileChange] = []
        while index + 1 < len(tokens) and _LETTER.fullmatch(tokens[index].strip("\n")):
            letter, path = tokens[index].strip("\n"), tokens[index + 1]
            index += 2
            match = _ENTRY_PATH.fullmatch(path.removeprefix(prefix)) if path.startswith(prefix) else None
            if match and letter in _STATUS:
                files.append(FileChange(f"{match.group(1)}/{match.group(2)}", _STATUS[letter]))
        parent = parents.split()[0] if parents.split() else None
        when = datetime.fromtimestamp(int(stamp), tz=UTC)
        commits.append(Commit(prefix, sha, parent, when, author, subject, files))
    return commits


def read_versions(root: Path, commit: Commit) -> tuple[Snapshot, Snapshot]:
    """The parsed entries before and after `commit`, for the files it changed; a file that cannot
    be parsed at a revision is kept in the snapshot's `unreadable`, with the reason."""
    wanted: list[tuple[str, str, str]] = []  # (side, key, "rev:path")
    for change in commit.files:
        path = f"{commit.prefix}catalog/{change.key}.yaml"
        if change.status != "added" and commit.parent:
            wanted.append(("old", change.key, f"{commit.parent}:{path}"))
        if change.status != "removed":
            wanted.append(("new", change.key, f"{commit.sha}:{path}"))
    blobs = _cat_files(root, [spec for _, _, spec in wanted])
    old, new = Snapshot(), Snapshot()
    for (side, key, _spec), raw in zip(wanted, blobs, strict=True):
        snapshot = old if side == "old" else new
        data, reason = _parse(raw, f"catalog/{key}.yaml")
        if data is None:
            snapshot.unreadable[key] = reason
        else:
            snapshot[key] = data
    return old, new


def _cat_files(root: Path, specs: list[str]) -> list[bytes | None]:
    try:
        return git.read_objects(root, specs)
    except git.GitError:
        return [None] * len(specs)


def _parse(raw: bytes | None, file: str) -> tuple[Mapping[str, Any] | None, str]:
    if raw is None:
        return None, "git could not read it"
    text, problems = yamlsafe.decode(raw, file)
    if text is not None and not problems:
        data, problems = yamlsafe.load(text, file)
        if not problems:
            return (data, "") if isinstance(data, dict) else (None, "it does not hold the fields of an entry")
    first = problems[0]
    return None, f"line {first.line}: {first.message}" if first.line else first.message
