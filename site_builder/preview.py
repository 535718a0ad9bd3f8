"""A live preview that, on each save, writes only the pages the change alters.

The first build is a whole build into the preview's folder. The session then keeps the checked
catalog (every file's loading: preview_model.py), the finished build (site data, renderer, the
folders' shells) and mkdocs' files, nav and theme environment. On a save in catalog/ it:

1. loads again the changed files and checks the whole catalog from the kept loadings; if the
   catalog has errors, it prints them, keeps the last good site and shows them above every page;
2. works out which entry pages the change can alter (preview_deps.py), renders them into their
   folder's shell and writes each that differs (a temporary file renamed into place), then
   signals the browsers: the edited page is visible;
3. renders every other page through the theme and writes those that differ, then writes the data
   files and exports beside the site and moves in those that differ, so that the folder ends as
   a whole build of the same catalog would leave it, byte for byte.

A change it does not follow page by page is a whole build again (into a folder beside the site,
swapped in once complete): schemas, policy, docs/ or mkdocs.yml changed, the date changed, a
catalog file added or removed, or the set of pages changed (e.g. a new category or list page).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from . import heap
from .outdir import replace_with, staging_beside
from .pipeline import Result
from .plugin import CatalogPlugin
from .preview_deps import affected_entries
from .preview_model import CatalogState
from .problems import Report
from .render import PageSpec, csp, plan, site_data
from .report import format_text
from .sitebuild import BuildError, SiteBuild


@dataclass(frozen=True)
class Kept:
    """A finished build and mkdocs' view of it: what single pages are rendered with."""

    build: SiteBuild
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any


class _Keeper(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Added beside the catalog plugin for a whole build: keeps its build, files, nav and theme
    environment, which the catalog plugin lets go of once the build is done."""

    def __init__(self, catalog: CatalogPlugin) -> None:
        self.catalog = catalog
        self.kept: Kept | None = None
        self.nav: Navigation | None = None
        self.seen: tuple[SiteBuild, Files, Any] | None = None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.catalog.build is not None:  # runs after the catalog plugin's own on_env
            self.seen = (self.catalog.build, files, env)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.seen is not None and self.nav is not None:
            build, files, env = self.seen
            self.kept = Kept(build, config, files, self.nav, env)


@dataclass(frozen=True)
class Outcome:
    """What one update did: `how` is unchanged, invalid, pages or whole; seconds from its start."""

    how: str
    pages: int = 0  # files written
    visible: float = 0.0  # the edited entry's page written
    done: float = 0.0  # every page and data file written
    cpu: tuple[float, float] = (0.0, 0.0)  # the same two, in this process's CPU seconds
    why: str = ""  # why a whole build


ConfigLoader = Callable[[Path], tuple[Any, CatalogPlugin]]  # site folder → (mkdocs config, plugin)


class PreviewSession:
    """One preview folder kept up to date with the project; see the module's docstring."""

    def __init__(
        self, root: Path, site_dir: Path, load: ConfigLoader, *, serve_url: str | None, command: str = "serve"
    ) -> None:
        self.root = root.resolve()
        self.site_dir = site_dir
        self.load = load  # a fresh mkdocs configuration for a whole build
        self.serve_url = serve_url
        self.command = command  # "serve" (the policy allows the reload script) or "build"
        self.state: CatalogState | None = None
        self.kept: Kept | None = None
        self.plugin: CatalogPlugin | None = None
        self.notice = ""  # the problems that keep the site at its last good build
        self.pending: set[str] = set()  # entries changed since the pages were last written
        self.pending_files: set[str] = set()  # their files, project-relative
        self.pages_written = 0
        self.cpu_start = 0.0
        self.came_or_went = False
        self.signal: Callable[[], None] = lambda: None  # tells the browsers to reload

    def start(self) -> Report:
        """Check the catalog and build the whole site; the check's report (errors: no site)."""
        self.state = CatalogState(self.root)
        result = self.state.conclude()
        if not result.report.errors:
            self.whole(result)
        return result.report

    def whole(self, result: Result) -> None:
        """A whole build from `result` into a folder beside the site, swapped in once complete."""
        staging = staging_beside(self.site_dir)
        config, plugin = self.load(staging)
        keeper = _Keeper(plugin)
        config.plugins["catalog-preview"] = keeper
        plugin.reuse(result)
        config.plugins.on_startup(command=self.command, dirty=False)
        try:
            mkdocs_build(config, serve_url=self.serve_url)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            config.plugins.on_shutdown()
        if keeper.kept is None:
            raise BuildError("the build did not run the catalog plugin's events")
        self.kept, self.plugin = keeper.kept, plugin
        replace_with(staging, self.site_dir)
        self.pending, self.pending_files, self.came_or_went = set(), set(), False

    def update(self) -> Outcome:
        """Bring the site up to date with the project after a save."""
        # The kept build is millions of objects; the cycle collector would walk them all each
        # time a save's new objects pile up (half the time to the changed page at 20,000
        # solutions: 2.2-2.7 s became 1.1-1.3 s). It is paused for the update, as `check` does.
        with heap.quiet():
            return self._update()

    def _update(self) -> Outcome:
        start = time.perf_counter()
        self.cpu_start = time.process_time()
        state = self.state
        if state is None or self.kept is None or state.outside_changed():
            return self._again(start, "schemas, policy, docs, mkdocs.yml or the date changed")
        change = state.refresh()
        if change is None and not self.notice:
            return Outcome("unchanged")
        if change is not None:
            self.pending |= change.keys
            self.pending_files |= change.files
            self.came_or_went |= change.files_added_or_removed
        if self.came_or_went:
            result = state.conclude()
            if result.report.errors:
                return self._invalid(result.report)
            return self._whole_from(result, start, "a catalog file was added or removed")
        errors = state.errors_in(self.pending_files)
        if errors.problems:
            return self._invalid(errors)
        self.notice = ""
        try:
            return self._pages(state, start)
        except (BuildError, MkDocsException, OSError) as exc:
            return self._whole_from(state.conclude(), start, f"a page could not be updated alone ({exc})")

    def failed(self, why: str) -> None:
        """A whole build that could not be made: the last good site stays, with `why` above it.
        The next save starts again from scratch."""
        self.notice, self.state = why, None
        self.signal()

    def _invalid(self, report: Report) -> Outcome:
        self.notice = format_text(report)
        print(self.notice)
        _say(
            "catalog serve: the catalog has errors; the preview keeps the last good site until they are fixed."
        )
        self.signal()
        return Outcome("invalid")

    def _again(self, start: float, why: str) -> Outcome:
        self.state = CatalogState(self.root)
        result = self.state.conclude()
        if result.report.errors:
            return self._invalid(result.report)
        self.notice = ""
        return self._whole_from(result, start, why)

    def _whole_from(self, result: Result, start: float, why: str) -> Outcome:
        self.whole(result)
        took = time.perf_counter() - start
        return Outcome("whole", visible=took, done=took, why=why)

    def _pages(self, state: CatalogState, start: float) -> Outcome:
        """The changed entries' pages from the model alone, visible at once; then the whole
        catalog's check, those pages again with its standing, the other pages and the data."""
        build = self._kept().build
        before = build.result
        catalog = state.model()
        if not self._entry_pages(replace(before, catalog=catalog), before, self.pending):
            return self._whole_from(state.conclude(), start, "the set of pages changed")
        written = self.pages_written
        visible, visible_cpu = time.perf_counter() - start, time.process_time() - self.cpu_start
        self.signal()
        result = state.conclude()
        if result.report.errors:  # an error the check of the changed files alone did not see
            return self._invalid(result.report)
        changed = {
            k
            for k in {*before.standing, *result.standing}
            if before.standing.get(k) != result.standing.get(k)
        }
        if not self._entry_pages(result, before, self.pending | changed):
            return self._whole_from(result, start, "the set of pages changed")
        self.pending, self.pending_files = set(), set()
        written += self.pages_written
        for spec in build.specs.values():
            if not spec.entry:
                written += _write(self.site_dir / spec.url / "index.html", self._through_theme(spec))
        written += self._aggregates()
        self.signal()
        cpu = (visible_cpu, time.process_time() - self.cpu_start)
        return Outcome("pages", written, visible, time.perf_counter() - start, cpu=cpu)

    def _entry_pages(self, result: Result, before: Result, changed: set[str]) -> bool:
        """Render from `result` the entry pages `changed` can alter and write those that differ
        (`pages_written`); False, with nothing written, if the set of pages would change."""
        build = self._kept().build
        data = site_data(result, build.data.info, build.data.edit_base, build.data.limited)
        specs = {spec.src_uri: spec for spec in plan(data)}
        if specs.keys() != build.specs.keys():
            return False
        keys = affected_entries((before.catalog, result.catalog), changed)
        build.result, build.data, build.specs = result, data, specs
        build.renderer.data = data
        self.pages_written = 0
        for spec in specs.values():
            if spec.entry in keys:
                page = build.filled(spec).encode("utf-8")
                self.pages_written += _write(self.site_dir / spec.url / "index.html", page)
        return True

    def _kept(self) -> Kept:
        if self.kept is None:
            raise BuildError("the preview has no finished build to update")
        return self.kept

    def _through_theme(self, spec: PageSpec) -> bytes:
        """A page that is not an entry's, as mkdocs' own page pass renders it."""
        kept, plugin = self._kept(), self.plugin
        if plugin is None:
            raise BuildError("the preview has no finished build to update")
        file = kept.files.get_file_from_path(spec.src_uri)
        if file is None or file.page is None:
            raise BuildError(f"{spec.src_uri} is not among the pages of the last whole build")
        page, config = file.page, kept.config
        inclusion = InclusionLevel.is_in_serve if self.serve_url else InclusionLevel.is_included
        plugin.build = kept.build
        config._current_page = page
        page.active = True
        try:
            context = get_context(kept.nav, kept.files.documentation_pages(inclusion=inclusion), config, page)
            template = kept.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=kept.nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
            plugin.build = None
        return str(output).encode("utf-8", errors="xmlcharrefreplace")

    def _aggregates(self) -> int:
        """The data files and exports, written beside the site; those that differ moved in."""
        build = self._kept().build
        staging = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-data-", dir=self.site_dir.parent))
        try:
            build.write_data(staging)
            moved = 0
            for folder, _, names in os.walk(staging):
                for name in sorted(names):
                    path = Path(folder, name)
                    where = path.relative_to(staging).as_posix()
                    if name.endswith(".html"):  # the exports' index pages, guarded as a build does
                        text = path.read_text(encoding="utf-8")
                        if csp.META not in text[:2000]:
                            path.write_text(build.guard(text, where, where), encoding="utf-8")
                    target = self.site_dir / where
                    if not target.is_file() or target.read_bytes() != path.read_bytes():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        path.replace(target)
                        moved += 1
            return moved
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _write(path: Path, content: bytes) -> int:
    """Write `content` to `path` unless it holds it already, by renaming a temporary file into
    place (a browser never reads half a page); 1 if written."""
    try:
        if path.read_bytes() == content:
            return 0
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return 1


def _say(text: str) -> None:
    print(text, file=sys.stderr)
