"""The project as it was at a git revision, or as it is in the working tree: what `catalog diff`
compares and what `catalog validate --changed-since` asks.

Entries of a revision are read through one `git ls-tree` and one `git cat-file --batch`, never one
process per file. Paths are relative to the project folder, which may sit inside a larger
repository.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import git, yamlsafe
from .discover import ENTRY_NAME, discover, read_bytes
from .model import KINDS

WORKING_TREE = "the working tree"


class DiffError(Exception):
    """The revisions cannot be compared: not a git repository, or an unknown revision."""


class Snapshot(dict[str, Mapping[str, Any]]):
    """Entry data by "<kinds>/<id>"; `unreadable` holds files that could not be parsed, and why."""

    def __init__(self) -> None:
        super().__init__()
        self.unreadable: dict[str, str] = {}

    def add(self, key: str, file: str, raw: bytes) -> None:
        data, reason = parse(raw, file)
        if isinstance(data, dict):
            self[key] = data
        else:
            self.unreadable[key] = reason or "it does not hold the fields of an entry"


@dataclass(frozen=True)
class RawChange:
    path: str  # relative to the project folder
    status: str  # git's letter: A, D, M, T
    old_mode: str  # "000000" when added
    new_mode: str  # "000000" when deleted
    old_sha: str = ""  # the blob before, when there was one
    new_sha: str = ""  # the blob after, when it is in a commit (not the working tree)


def _git(root: Path, *args: str) -> bytes:
    try:
        return git.run(root, *args)
    except git.GitError as exc:
        if exc.missing:
            raise DiffError("git is not installed; it is needed to compare revisions") from None
        raise DiffError(str(exc)) from None


def resolve(root: Path, rev: str) -> str:
    """The commit `rev` names; DiffError in words a contributor can act on."""
    if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
        raise DiffError(f'"{rev}" is not a git revision')
    try:
        _git(root, "rev-parse", "--git-dir")
    except DiffError:
        raise DiffError(f"{root} is not in a git repository, so there are no revisions to compare") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(
            f'unknown revision "{rev}"; name a branch, tag or commit (in a shallow clone, fetch it first)'
        ) from None


def blobs(root: Path, shas: Sequence[str]) -> list[bytes]:
    """The contents of `shas`, in order, from a single `git cat-file --batch`."""
    try:
        found = git.read_objects(root, shas)
    except git.GitError as exc:
        raise DiffError(str(exc)) from None
    if any(blob is None for blob in found):
        raise DiffError("git could not read every file of the revision")
    return [blob for blob in found if blob is not None]


def tree(root: Path, commit: str, folder: str) -> list[tuple[str, str, str]]:
    """(mode, sha, path) of every blob under `folder` at `commit`."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", folder).split(b"\0")
    found = []
    for line in filter(None, listing):
        meta, _, file = line.decode("utf-8", "replace").partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob":
            found.append((mode, sha, file))
    return found


def snapshot_at(root: Path, rev: str | None) -> Snapshot:
    """Every entry of the catalog at git revision `rev`, or in the working tree when None."""
    snapshot = Snapshot()
    if rev is None:
        files, _ = discover(root)  # layout problems are validate's to report
        for found in files:
            snapshot.add(f"{found.kind}/{found.id}", found.file, read_bytes(found.path))
        return snapshot
    wanted: list[tuple[str, str, str]] = []
    for mode, sha, file in tree(root, resolve(root, rev), "catalog"):
        parts = file.split("/")
        if mode not in {"100644", "100755"} or len(parts) != 3:
            continue  # links and sub-modules are not entries
        if parts[1] in KINDS and ENTRY_NAME.fullmatch(parts[2]):
            wanted.append((f"{parts[1]}/{parts[2][: -len('.yaml')]}", file, sha))
    for (key, file, _), raw in zip(wanted, blobs(root, [sha for _, _, sha in wanted]), strict=True):
        snapshot.add(key, file, raw)
    return snapshot


def parse(raw: bytes, file: str) -> tuple[Any, str]:
    """YAML through the project's safe loader: (data, "") or (None, why it cannot be read)."""
    text, problems = yamlsafe.decode(raw, file)
    if text is not None:
        data, problems = yamlsafe.load(text, file)
        if not problems:
            return data, ""
    first = problems[0]
    return None, f"line {first.line}: {first.message}" if first.line else first.message


def files_at(root: Path, rev: str | None, folder: str, suffix: str) -> dict[str, bytes]:
    """The files directly in `folder` whose names end in `suffix`, by project-relative path."""
    if rev is None:
        base = root / folder
        paths = sorted(p for p in base.glob(f"*{suffix}") if p.is_file() and not p.is_symlink())
        return {f"{folder}/{p.name}": read_bytes(p) for p in paths}
    listed = [
        (sha, file)
        for mode, sha, file in tree(root, resolve(root, rev), folder)
        if mode in {"100644", "100755"} and file.endswith(suffix) and file.count("/") == folder.count("/") + 1
    ]
    return dict(zip([file for _, file in listed], blobs(root, [sha for sha, _ in listed]), strict=True))


def _mode(path: Path) -> str:
    """The mode git would record for a file in the working tree."""
    try:
        info = path.lstat()
    except OSError:
        return "100644"
    if stat.S_ISLNK(info.st_mode):
        return "120000"
    return "100755" if info.st_mode & stat.S_IXUSR else "100644"


def changed_paths(root: Path, base: str, head: str | None) -> list[RawChange]:
    """Every file that differs between `base` and `head` (None: the working tree, untracked
    files included), each once: a rename is a deletion and an addition."""
    commits = [resolve(root, base)] + ([resolve(root, head)] if head is not None else [])
    raw = _git(
        root, "diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--relative", *commits
    )
    fields = raw.split(b"\0")
    found: list[RawChange] = []
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].decode().split()
        blobs = [sha if set(sha) != {"0"} else "" for sha in (old_sha, new_sha)]
        found.append(RawChange(path.decode("utf-8", "replace"), status[:1], old_mode, new_mode, *blobs))
    if head is None:
        untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
        for name in filter(None, untracked.split(b"\0")):
            text = name.decode("utf-8", "replace")
            found.append(RawChange(text, "A", "000000", _mode(root / text)))
    return sorted(found, key=lambda change: change.path)
