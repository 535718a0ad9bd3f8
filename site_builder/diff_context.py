"""The entries `catalog diff` reads: only the changed ones, and what judging them needs.

Reading and parsing a 20,000-solution catalog twice took most of a diff's time. Git already says
which entry files differ, so only those are parsed; a changed solution's contract is read when it
is judged, and the solutions under a changed contract are found by a scan of the files for its id
(as a partial `catalog validate` finds them), confirmed by parsing only the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .diff_entries import offered
from .diff_paths import is_entry
from .discover import read_bytes
from .revisions import RawChange, Snapshot, blobs, parse, resolve, tree

_REGULAR = {"100644", "100755", "000000"}


def _key(path: str) -> str:
    kind, _, name = path.removeprefix("catalog/").partition("/")
    return f"{kind}/{name.removesuffix('.yaml')}"


def changed_snapshots(
    root: Path, changes: Iterable[RawChange], head: str | None
) -> tuple[Snapshot, Snapshot]:
    """The two versions of every changed entry file (a side that does not exist is left out)."""
    old, new = Snapshot(), Snapshot()
    wanted = [c for c in changes if is_entry(c.path) and {c.old_mode, c.new_mode} <= _REGULAR]
    olds = blobs(root, [c.old_sha for c in wanted if c.old_sha and c.status != "A"])
    news = blobs(root, [c.new_sha for c in wanted if c.new_sha and c.status != "D"]) if head else []
    old_it, new_it = iter(olds), iter(news)
    for change in wanted:
        key = _key(change.path)
        if change.old_sha and change.status != "A":
            old.add(key, change.path, next(old_it))
        if change.status != "D":
            raw = next(new_it) if head else _read(root / change.path)
            if raw is not None:
                new.add(key, change.path, raw)
    return old, new


def _read(path: Path) -> bytes | None:
    try:
        return read_bytes(path)
    except OSError:
        return None


class RepositoryContext:
    """Contracts and the solutions under them, read from git or the working tree when asked."""

    def __init__(self, root: Path, base: str, head: str | None, old: Snapshot, new: Snapshot) -> None:
        self.root, self.old, self.new = root, old, new
        self.revisions = {False: resolve(root, base), True: resolve(root, head) if head else None}
        self._contracts: dict[str, Mapping[str, Any] | None] = {}
        self._vehicles: dict[str, Mapping[str, Any] | None] = {}
        self._solutions: dict[bool, dict[str, bytes]] = {}  # every solution file, read once per side
        self._parsed: dict[tuple[bool, str], Mapping[str, Any] | None] = {}

    def contract(self, contract_id: str) -> Mapping[str, Any] | None:
        return self._entry("contracts", contract_id, self._contracts)

    def vehicle(self, vehicle_id: str) -> Mapping[str, Any] | None:
        return self._entry("vehicles", vehicle_id, self._vehicles)

    def _entry(
        self, kind: str, entry_id: str, cache: dict[str, Mapping[str, Any] | None]
    ) -> Mapping[str, Any] | None:
        """One entry as it now stands: from the changed files, else read once from the newer side."""
        key = f"{kind}/{entry_id}"
        if key in self.new or key in self.new.unreadable:
            return self.new.get(key)
        if entry_id not in cache:
            files = self._files(True, f"catalog/{kind}", {f"catalog/{kind}/{entry_id}.yaml"})
            raw = files.get(f"catalog/{kind}/{entry_id}.yaml")
            data = parse(raw, key)[0] if raw is not None else None
            cache[entry_id] = data if isinstance(data, dict) else None
        return cache[entry_id]

    def awards_under(self, vehicle_id: str, newer: bool) -> tuple[str, ...]:
        changed = self.new if newer else self.old
        needle = vehicle_id.encode()
        found = set()
        for path, raw in self._files(newer, "catalog/contracts", None).items():
            key = _key(path)
            if key in changed or key in changed.unreadable or needle not in raw:
                continue
            data = parse(raw, path)[0]
            if isinstance(data, dict) and data.get("vehicle") == vehicle_id:
                found.add(key.partition("/")[2])
        found |= {
            key.partition("/")[2]
            for key, data in changed.items()
            if key.startswith("contracts/") and data.get("vehicle") == vehicle_id
        }
        return tuple(sorted(found))

    def solutions_under(self, contract_id: str, newer: bool) -> tuple[str, ...]:
        changed = self.new if newer else self.old
        if newer not in self._solutions:
            self._solutions[newer] = self._files(newer, "catalog/solutions", None)
        needle = contract_id.encode()
        found = set()
        for path, raw in self._solutions[newer].items():
            key = _key(path)
            if key in changed or key in changed.unreadable or needle not in raw:
                continue  # changed files are read from the snapshot, below
            if (newer, path) not in self._parsed:
                data = parse(raw, path)[0]
                self._parsed[newer, path] = data if isinstance(data, dict) else None
            if contract_id in offered(self._parsed[newer, path]):
                found.add(key.partition("/")[2])
        found |= {
            key.partition("/")[2]
            for key, data in changed.items()
            if key.startswith("solutions/") and contract_id in offered(data)
        }
        return tuple(sorted(found))

    def _files(self, newer: bool, folder: str, only: set[str] | None) -> dict[str, bytes]:
        """Entry files in `folder` (or just `only`) on one side, by project-relative path."""
        revision = self.revisions[newer]
        if revision is None:
            paths = [self.root / p for p in only] if only else sorted((self.root / folder).glob("*.yaml"))
            read = {
                p.relative_to(self.root).as_posix(): _read(p)
                for p in paths
                if p.is_file() and not p.is_symlink()
            }
            return {path: raw for path, raw in read.items() if raw is not None and is_entry(path)}
        listed = [
            (sha, path)
            for mode, sha, path in tree(self.root, revision, folder)
            if mode in _REGULAR and is_entry(path) and (only is None or path in only)
        ]
        return dict(zip([p for _, p in listed], blobs(self.root, [sha for sha, _ in listed]), strict=True))
