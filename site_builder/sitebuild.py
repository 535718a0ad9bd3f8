"""One build of the catalog site, as plain calls that any static-site generator can make.

The mkdocs plugin (`plugin.py`) only translates mkdocs' events into these calls:

- `SiteBuild.start(settings, site_dir)` once the configuration is read: checks the settings and
  the catalog, gathers the site data and, with `jobs: 2`, starts the second process;
- `pages_to_add(existing)`: every generated page (URL, title, source file for the edit link, in
  the nav or not), refusing a docs page that would hide one; `assets()`: the files pages load;
- `allow_theme_scripts(env, ...)` and `template_globals()` when the theme is ready;
- `page(src_uri)`, `theme_meta(page)` and `theme_body(page)`: a generated page's title and
  layout for the theme, then its HTML and the headings of its table of contents;
- `finished(html, src_uri, output, address)`: the Content-Security-Policy page guard, for every
  finished page; `theme_file(text, name)` the same for the 404 page, and the sitemap's entries;
- `finish(site_dir)`: the entry pages filled into their folder's shell (the first entry page of
  each folder goes through the theme with sentinels; see render/shell.py), data files and
  exports, and the guard on HTML written outside the theme;
- `abandon()`: a failed build stops what it started.

The object holds the validated catalog, the site data and the renderer; nothing lives at module
level or in the environment, so two builds in one process never see each other's state.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from . import heap, parallel, templatecache
from .buildinfo import build_info
from .exports.settings import ExportSettings, make_settings
from .exports.site import write_site_exports
from .pipeline import Result, check
from .problems import ConfigError, Report
from .render import PageSpec, Rendered, Renderer, SiteData, csp, fragment_cache, plan, shell, site_data
from .render.datafiles import write_data_files
from .render.markup import compact_page, escape_text
from .report import format_text
from .siteconfig import check_site_config

PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"  # overrides of the theme's templates
ASSETS_DIR = PACKAGE / "assets"
ASSET_PREFIX = "assets/catalog/"
STYLESHEET = ASSET_PREFIX + "catalog.css"
# The theme's search engine and source maps: unused with its search plugin off, 3 MB per site.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
# Extensions and plugins that would evaluate or include text: never on this site.
FORBIDDEN = {"macros", "mkdocs-macros", "pymdownx.snippets", "attr_list", "md_in_html"}
# The theme names its generator and version in every page. The site does not: the same commit
# gives the same bytes under mkdocs and ProperDocs, and no page advertises software versions.
_GENERATOR = re.compile(r'<meta name="generator" content="[^"<>]*">\n?')


class BuildError(Exception):
    """The build cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class SiteSettings:
    """What the build needs from the generator's configuration, as plain values."""

    config_file: Path  # mkdocs.yml; the project is its folder
    docs_dir: Path
    site_url: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None
    directory_urls: bool = True
    theme: str | None = "material"
    theme_font: object = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    enabled: frozenset[str] = frozenset()  # plugins and Markdown extensions
    ocds_prefix: str | None = None
    preview_limit: int | None = None  # only the first N solutions, for a fast preview
    jobs: int | None = None  # 1 or 2 processes; None: 2 where that helps
    preview: bool = False  # a live preview, whose server injects its reload script
    shell: bool = True  # entry pages filled into a theme shell rendered once per folder


def settings_problems(settings: SiteSettings) -> list[str]:
    """Settings the page guard and the URLs depend on; each wrong one with its fix."""
    problems = []
    if not settings.directory_urls:
        problems.append("set use_directory_urls: true in mkdocs.yml; catalog URLs are /solutions/<id>/")
    if settings.theme == "material":
        if settings.extra.get("scope") != "/":
            problems.append(
                "set `extra: {scope: /}` in mkdocs.yml: the theme's storage helpers (assets/catalog/scope.js) "
                "keep the reader's settings for the whole site, from its root"
            )
        if settings.theme_font is not False:
            problems.append("set `theme: {font: false}` in mkdocs.yml: no fonts from another site")
    if settings.enabled & FORBIDDEN:
        problems.append(
            f"remove {', '.join(sorted(settings.enabled & FORBIDDEN))} from mkdocs.yml: they evaluate or include text"
        )
    if settings.preview_limit is not None and settings.preview_limit < 1:
        problems.append("preview_limit must be at least 1 (or left out for the whole catalog)")
    if settings.jobs not in (None, 1, 2):
        problems.append(f"jobs is {settings.jobs}; set 1 (one process) or 2 (a second one for the exports)")
    elif settings.jobs == 2 and not parallel.available():
        problems.append("jobs: 2 needs fork(), which this system does not have; set jobs: 1")
    return problems


def jobs_for(settings: SiteSettings) -> int:
    """Processes this build uses. A preview rebuilds in-process on every change: one."""
    if settings.preview:
        return 1
    if settings.jobs is not None:
        return settings.jobs
    return 2 if parallel.available() and parallel.cores() >= 2 else 1


def edit_base(settings: SiteSettings, root: Path) -> str | None:
    """Repository URL under which project files live, from repo_url and edit_uri (which points
    at docs/; catalog files sit next to it)."""
    if not settings.repo_url or not settings.edit_uri:
        return None
    edit_uri = settings.edit_uri
    docs = settings.docs_dir.resolve()
    docs_part = (docs.relative_to(root).as_posix() + "/") if docs.is_relative_to(root) else ""
    if docs_part and edit_uri.endswith(docs_part):
        edit_uri = edit_uri[: -len(docs_part)]
    return urljoin(settings.repo_url.rstrip("/") + "/", edit_uri)


class SiteBuild:
    """One build: the checked catalog, its site data and renderer, and what the build has done."""

    def __init__(self, result: Result, data: SiteData, exports: ExportSettings, *, preview: bool) -> None:
        self.result = result
        self.data = data
        self.exports = exports
        self.preview = preview
        self.renderer = Renderer(data)
        templatecache.use_cache(self.renderer.env, result.project.root)
        self.specs = {spec.src_uri: spec for spec in plan(data)}
        self.notes = format_text(result.report) if result.report.problems else ""  # warnings
        self.allowed: set[str] = set()  # hashes of the theme's inline scripts
        self.guarded: set[str] = set()  # site-relative paths of pages already guarded
        self.helper: parallel.Helper | None = None
        # The first entry page of each folder goes through the theme with sentinels, the
        # others are filled into its markup (see render/shell.py).
        self.shells = shell.FolderShells([])

    @classmethod
    def start(cls, settings: SiteSettings, site_dir: Path, checked: Result | None = None) -> SiteBuild:
        """Check the settings and the catalog (unless `checked` is the catalog's check, already
        made) and prepare the build; BuildError says what stops it."""
        problems = settings_problems(settings)
        if problems:
            raise BuildError("; ".join(problems))
        root = settings.config_file.resolve().parent
        unsafe = check_site_config(root, settings.config_file.name)
        if unsafe:  # too late to stop mkdocs reading it (see siteconfig.py), not to publish it
            raise BuildError("mkdocs.yml is not safe to read:\n" + format_text(Report(unsafe)))
        # The catalog, its site data and the page plan live as long as the build: made with the
        # collector paused, then set aside from its passes until the build is over (heap.py).
        with heap.paused():
            try:
                exports = make_settings(settings.site_url, settings.ocds_prefix)
                result = checked if checked is not None else check(root)
            except ConfigError as exc:
                raise BuildError(format_text(Report(exc.problems))) from None
            if result.report.errors:
                raise BuildError("the catalog has errors:\n" + format_text(result.report))
            info = build_info(root, result.catalog.today)
            data = site_data(result, info, edit_base(settings, root), settings.preview_limit)
            build = cls(result, data, exports, preview=settings.preview)
            if settings.shell:
                build.shells = shell.FolderShells(list(build.specs.values()))
        if jobs_for(settings) == 2:
            # The child writes the exports and then renders entry pages from the last backwards
            # until it meets the parent (parallel.py). Filled into shells, only the entry pages
            # that are not their folder's shell: the shells go through the theme, in the parent.
            if settings.shell:
                entries = [spec for specs in build.shells.filled.values() for spec in specs]
            else:
                entries = [spec for spec in build.specs.values() if spec.entry]
            build.helper = parallel.Helper.start(build.render, entries, build.write_data, site_dir.parent)
        return build

    def pages_to_add(self, existing: Iterable[str]) -> list[PageSpec]:
        """Every generated page; a file of the project's own docs at the same place is an error."""
        for src_uri in existing:
            spec = self.specs.get(src_uri)
            if spec is not None:
                raise BuildError(f"docs/{src_uri} would hide the generated page /{spec.url}; rename it")
        return [spec for spec in self.specs.values() if spec.src_uri not in self.shells.filled_uris]

    @staticmethod
    def assets() -> list[tuple[str, Path]]:
        """(site-relative path, file) of each script and stylesheet the pages load."""
        return [(ASSET_PREFIX + p.name, p) for p in sorted(ASSETS_DIR.iterdir()) if p.is_file()]

    @staticmethod
    def unused_theme_file(src_uri: str) -> bool:
        return src_uri.startswith(UNUSED_THEME_FILES) or src_uri.endswith(".map")

    def page(self, src_uri: str) -> PageSpec | None:
        """The generated page at `src_uri`, or None for a page of the project's own docs."""
        return self.specs.get(src_uri)

    def theme_meta(self, spec: PageSpec) -> dict[str, Any]:
        """The page's metadata for the theme, which prints titles unescaped: escaped text."""
        return {
            "title": shell.TITLE if spec.src_uri in self.shells.shell_uris else escape_text(spec.title),
            "hide": list(spec.hide),
            "catalog_shared_nav": not spec.in_nav,
            "catalog_entry": bool(spec.entry),  # the lighter frame of theme/main.html
        }

    def allow_theme_scripts(self, env: Any, **context: Any) -> None:
        """Allow, by hash, the inline scripts of the theme's script partials as rendered with this
        configuration (`env` is the theme's Jinja environment, whose compiled templates are kept
        in the cache folder from here on). Compiled without Jinja's constant folding, like the
        project's templates (render/markup.py)."""
        env.optimized = False
        templatecache.use_cache(env, self.result.project.root)
        names = csp.templates_in(env, "partials/javascripts")
        texts = [env.get_template(name).render(base_url=".", **context) for name in names]
        self.allowed = {csp.script_hash(body) for text in texts for body in csp.inline_scripts(text)}

    def template_globals(self) -> dict[str, Any]:
        """What the theme overrides in `theme/` read."""
        return {
            "catalog_cached": fragment_cache(),
            "catalog_site": {
                "fictional": self.data.fictional,
                "jurisdiction": self.data.jurisdiction,
                "as_of": self.data.as_of.isoformat(),
                "commit": self.data.info.short_commit,
                "preview": self.data.limited,
            },
        }

    def render(self, spec: PageSpec) -> Rendered:
        return self.renderer.render(spec, self.data.edit_url(spec.edit_file) if spec.edit_file else None)

    def body(self, spec: PageSpec) -> Rendered:
        """The page's HTML and headings: from the second process if it got there first."""
        ahead = self.helper.take(spec.src_uri) if self.helper is not None else None
        return ahead if ahead is not None else self.render(spec)

    def theme_body(self, spec: PageSpec) -> Rendered:
        """What the theme gets as the page's body: a folder's shell page gets sentinels."""
        if spec.src_uri in self.shells.shell_uris:
            return Rendered(shell.BODY, list(shell.HEADINGS))
        return self.body(spec)

    def finished(self, html: str, src_uri: str, output: str, address: str | None) -> str:
        """The finished page at site-relative `output`, guarded; `address` is its canonical URL.
        A folder's shell page becomes its shell, and is then filled with its own content."""
        html = self.guard(html, src_uri, output)
        if src_uri not in self.shells.shell_uris:
            return html
        spec = self.specs[src_uri]
        try:
            self.shells.capture(spec, html, address)
        except shell.ShellError as exc:
            raise BuildError(f"{src_uri}: {exc}") from None
        return self.filled(spec)

    def filled(self, spec: PageSpec) -> str:
        """An entry page in its folder's shell.

        The shell is guarded (it is the theme's page); the body is not parsed again here. It is
        the renderer's own output: autoescaped templates of this project, text escaped in code,
        and contributor Markdown through the allow-list sanitizer, so contributor text cannot
        become markup. What a template itself emits is the project's code, and the test suite
        runs the guard over every page of the demo and of hostile builds (tests/test_site_security.py),
        so a template that emitted script, styles or loads from elsewhere fails there. Parsing
        every body again cost about a tenth of a build's CPU time.
        """
        rendered = self.body(spec)
        try:
            return self.shells.fill(spec, rendered.html, rendered.headings)
        except shell.ShellError as exc:
            raise BuildError(f"{spec.src_uri}: {exc}; check the templates") from None

    def theme_file(self, text: str, name: str) -> str:
        """A file the theme renders once (the 404 page, the sitemap), finished."""
        if name.endswith(".html"):
            return self.guard(text, name, name)
        if name == "sitemap.xml":
            try:
                return self.shells.sitemap(text)
            except shell.ShellError as exc:
                raise BuildError(str(exc)) from None
        return text

    def write_filled(self, site_dir: Path) -> None:
        """Every entry page that is not a shell page, filled into its folder's shell."""
        # The collector stays on: with it paused, a 20,000-solution build's peak grew by 95 MB
        # (630 -> 725 MB) for a saving of a few tenths of a second.
        for specs in self.shells.filled.values():
            for spec in specs:
                path = site_dir / spec.url / "index.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.filled(spec), encoding="utf-8")
                self.guarded.add(f"{spec.url}index.html")

    def guard(self, html: str, where: str, output: str | None = None) -> str:
        """The finished page with its Content-Security-Policy; BuildError if it would publish
        script, styles or loads from another site. `output` (site-relative) is where it goes."""
        html = _GENERATOR.sub("", compact_page(html), count=1)
        problems, hashes = csp.check_page(html, self.allowed)
        if problems:
            raise BuildError(
                f"{where}: the page would publish "
                + "; ".join(sorted(set(problems))[:5])
                + ". Only the theme's own inline scripts are allowed; check the templates and docs/."
            )
        if output is not None:
            self.guarded.add(output)
        return csp.add_policy(html, csp.policy(hashes, preview=self.preview))

    def write_data(self, site_dir: Path) -> None:
        """The search and compare data the pages load, and every export.

        They make no reference cycles (tests/test_heap.py), only data that grows as they go: at
        50,000 solutions the collector's full passes over it cost about 5 s of CPU."""
        with heap.quiet():
            write_data_files(self.data, site_dir)
            write_site_exports(self.result, site_dir, self.data.info, settings=self.exports)

    def finish(self, site_dir: Path) -> None:
        """Once every page is written: the data files and exports, then the guard on the HTML
        written outside the theme (the exports' index pages)."""
        self.write_filled(site_dir)
        helper, self.helper = self.helper, None
        if helper is None:
            self.write_data(site_dir)
        else:
            try:
                helper.finish(site_dir)
            except (parallel.HelperError, OSError) as exc:
                raise BuildError(str(exc)) from None
        for folder, _, names in os.walk(site_dir):
            for name in sorted(names):
                path = Path(folder, name)
                where = path.relative_to(site_dir).as_posix()
                if not name.endswith(".html") or where in self.guarded:
                    continue
                text = path.read_text(encoding="utf-8")
                if csp.META not in text[:2000]:  # the theme's 404 page is guarded already
                    path.write_text(self.guard(text, where, where), encoding="utf-8")
        heap.release()

    def abandon(self) -> None:
        """Stop the second process of a build that failed; idempotent."""
        helper, self.helper = self.helper, None
        if helper is not None:
            helper.abandon()
        heap.release()
