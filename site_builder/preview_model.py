"""The catalog a live preview keeps, brought up to date by loading only changed files.

A whole-catalog check spends most of its time reading, parsing and checking each file on its
own; what that concludes depends only on the file's bytes (and the schemas and policy, which a
preview reloads from scratch when they change). So the preview keeps every file's loading and,
on a save, loads again only the files whose size, time or inode changed. From them it can then
ask, fast, for the errors of the changed files (as `catalog validate FILE…` does), for the model
alone (enough to render the changed pages), and, slower, for the whole catalog's conclusions
(rules across entries, waivers, lapses): the same `Result` a fresh `check` of the project gives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import identity, repo_checks
from .discover import CatalogFile, discover
from .model import Catalog
from .pipeline import (
    Project,
    Result,
    _Loaded,
    as_of_date,
    build_catalog,
    check,
    conclude,
    load_file,
    open_project,
)
from .problems import Level, Problem, Report

# What a preview follows outside catalog/: a change there rebuilds everything.
PROJECT_PATHS = ("schema", "docs", "mkdocs.yml")

Stamp = tuple[int, int, int]  # size, modification time, inode


def stamps(root: Path, names: tuple[str, ...]) -> dict[str, Stamp]:
    """Size, time and inode of every file under `names` (folders or files) in `root`."""
    # Plain strings, not Path objects: this runs over every catalog file before each saved page.
    found: dict[str, Stamp] = {}
    skip = len(str(root)) + 1
    for name in names:
        top = root / name
        if top.is_file():
            info = top.stat()
            found[name] = (info.st_size, info.st_mtime_ns, info.st_ino)
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for file in files:
                path = os.path.join(folder, file)  # noqa: PTH118  (strings: see above)
                try:
                    info = os.stat(path)  # noqa: PTH116
                except OSError:  # removed while we looked: the next save sees it
                    continue
                found[path[skip:].replace(os.sep, "/")] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


@dataclass
class Change:
    """What one save changed in catalog/: files, entry keys, and whether files came or went."""

    files: set[str]
    keys: set[str]
    files_added_or_removed: bool


class CatalogState:
    """Every catalog file's loading, and the snapshot of the files behind them."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.project: Project = open_project(self.root)
        self.today: date = as_of_date()
        self.project_stamps = stamps(self.root, PROJECT_PATHS)
        self.catalog_stamps = stamps(self.root, ("catalog",))
        self.files, self.layout = self._discover()
        self.loaded: dict[str, _Loaded] = {f.file: load_file(self.project, f) for f in self.files}

    def _discover(self) -> tuple[list[CatalogFile], list[Problem]]:
        files, layout = discover(self.root)
        return repo_checks.check_repository(self.root, files, layout)

    def outside_changed(self) -> bool:
        """Whether schemas, policy, docs, mkdocs.yml or the date changed: all of the site may."""
        return stamps(self.root, PROJECT_PATHS) != self.project_stamps or as_of_date() != self.today

    def refresh(self) -> Change | None:
        """Load again what changed in catalog/ (None when nothing did)."""
        now = stamps(self.root, ("catalog",))
        if now == self.catalog_stamps:
            return None
        changed = {path for path, stamp in now.items() if self.catalog_stamps.get(path) != stamp}
        gone = set(self.catalog_stamps) - set(now)
        came_or_went = bool(gone) or any(path not in self.catalog_stamps for path in changed)
        self.catalog_stamps = now
        before = {f.file: f for f in self.files}
        if came_or_went:
            self.files, self.layout = self._discover()
        keys: set[str] = set()
        loaded: dict[str, _Loaded] = {}
        for source in self.files:
            if source.file in changed or source.file not in before:
                loaded[source.file] = load_file(self.project, source)
                keys.add(f"{source.kind}/{source.id}")
            else:
                loaded[source.file] = self.loaded[source.file]
        keys.update(f"{before[path].kind}/{before[path].id}" for path in gone if path in before)
        self.loaded = loaded
        return Change(changed | gone, keys, came_or_went)

    def errors_in(self, files: set[str]) -> Report:
        """The errors `catalog validate FILE…` finds in the named files and what they touch
        (fast: only they and their neighbours are read), but for lapses, which a whole build
        shows as warnings."""
        paths = [self.root / file for file in sorted(files) if (self.root / file).is_file()]
        if not paths:
            return Report()
        report = check(self.root, paths, self.today, self.project).report
        return Report([p for p in report.problems if p.level is Level.ERROR and p.lapsed is None])

    def model(self) -> Catalog:
        """The model of the catalog as loaded now, without the checks across entries."""
        catalog = build_catalog(self.loaded.values(), self.project.policy, self.today)
        catalog.broken |= identity.rejected_keys(self.layout)
        return catalog

    def conclude(self) -> Result:
        """The whole catalog's check from the loadings: what `check` of the project gives."""
        return conclude(self.project, self.today, self.loaded, self.layout)
