"""The mkdocs plugin: a thin adapter between mkdocs' build events and the catalog core.

It checks the catalog once (errors fail the build with the same text as `catalog validate`),
adds one virtual page per entry and list (outside the nav: the theme renders the whole nav on
every page), renders their HTML in project code when the page is about to be written, so only
one page's HTML is held at a time, and guards every finished page with a Content-Security-Policy.
In a build (not `serve`), a forked child renders the entry pages' bodies ahead and then writes the
data exports, so both cores work (mkdocs itself uses one); see exports/background.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .buildinfo import build_info
from .exports.background import BackgroundExports, ExportError, start_exports
from .exports.site import write_site_exports
from .pipeline import Result, check
from .problems import ConfigError, Report
from .render import PageSpec, Renderer, SiteData, csp, fragment_cache, plan, site_data, toc_tokens
from .render.datafiles import write_data_files
from .render.markup import compact_html, escape_text
from .render.prerender import Bodies, ahead, shared_position, write_bodies
from .report import format_text
from .siteconfig import check_site_config

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"
ASSETS_DIR = PACKAGE / "assets"
ASSET_PREFIX = "assets/catalog/"
PREVIEW_LIMIT = "CATALOG_PREVIEW_LIMIT"  # set by `catalog serve --limit N`
# The theme's search engine and source maps: unused with its search plugin off, 3 MB per site.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
# Extensions and plugins that would evaluate or include text: never on this site.
FORBIDDEN = {"macros", "mkdocs-macros", "pymdownx.snippets", "attr_list", "md_in_html"}


class CatalogConfig(base.Config):  # type: ignore[no-untyped-call]
    pass


class CatalogPlugin(BasePlugin[CatalogConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preloaded: Result | None = None  # `catalog build` checks first and hands the result over
        self.preview = False
        self.result: Result | None = None
        self.data: SiteData | None = None
        self.renderer: Renderer | None = None
        self.specs: dict[str, PageSpec] = {}
        self.allowed: set[str] = set()
        self.written: set[str] = set()  # pages this build wrote through the theme
        self.exports: BackgroundExports | None = None  # written by a child while pages render
        self.bodies: Bodies | None = None  # entry pages the same child renders ahead

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _check_settings(config)
        root = Path(config.config_file_path).resolve().parent
        unsafe = check_site_config(root, Path(config.config_file_path).name)
        if unsafe:  # too late to stop mkdocs reading it (see siteconfig.py), not to publish it
            raise PluginError("mkdocs.yml is not safe to read:\n" + format_text(Report(unsafe)))
        result, self.preloaded = self.preloaded, None
        if result is None:
            try:
                result = check(root)
            except ConfigError as exc:
                raise PluginError(format_text(Report(exc.problems))) from None
            if result.report.problems and not result.report.errors:
                # Shown, but not as mkdocs warnings: an expired contract must not fail `--strict`.
                log.info("catalog problems:\n%s", format_text(result.report))
        if result.report.errors:
            raise PluginError("the catalog has errors:\n" + format_text(result.report))
        limit = os.environ.get(PREVIEW_LIMIT)
        self.result = result
        self.data = site_data(
            result,
            build_info(root, result.catalog.today),
            _edit_base(config, root),
            int(limit) if limit else None,
        )
        self.renderer = Renderer(self.data)
        self.specs = {spec.src_uri: spec for spec in plan(self.data)}
        self.stop_exports()
        # `serve` rebuilds in-process on every change: keep it simple there. Without fork (Windows)
        # the pages and exports are written in this process, the same bytes, one core.
        if not self.preview and hasattr(os, "fork"):
            renderer, later, position = self.renderer, ahead(list(self.specs.values())), shared_position()
            data = self.data
            self.exports = start_exports(
                result,
                self.data.info,
                Path(config.site_dir).resolve().parent,
                first=lambda folder, signal: write_bodies(renderer, later, folder, signal, position),
                also=lambda site: write_data_files(data, site),
            )
            if self.exports.signal is not None:
                self.bodies = Bodies(self.exports.work, self.exports.signal, position, later)
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        stylesheet = ASSET_PREFIX + "catalog.css"
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        return config

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        server.watch(str(root / "catalog"))
        server.watch(str(root / "schema"))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for unused in [
            f for f in files if f.src_uri.startswith(UNUSED_THEME_FILES) or f.src_uri.endswith(".map")
        ]:
            files.remove(unused)
        for spec in self.specs.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"docs/{spec.src_uri} would hide the generated page /{spec.url}; rename it")
            level = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content="", inclusion=level))
        for path in sorted(ASSETS_DIR.iterdir()):
            if path.is_file():
                files.append(File.generated(config, ASSET_PREFIX + path.name, abs_src_path=str(path)))
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.allowed = theme_script_hashes(env, config)
        env.globals["catalog_cached"] = fragment_cache()
        data = self._data()
        env.globals["catalog_site"] = {
            "fictional": data.fictional,
            "jurisdiction": data.jurisdiction,
            "as_of": data.as_of.isoformat(),
            "commit": data.info.short_commit,
            "preview": data.limited,
        }
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        # The theme prints titles unescaped (header, <title>): give it escaped text.
        page.meta["title"] = escape_text(spec.title)
        page.meta["hide"] = list(spec.hide)
        page.meta["catalog_shared_nav"] = not spec.in_nav
        page.render = _no_markdown(page)  # type: ignore[method-assign]
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Rendered in on_page_context instead, so that 20,000 pages' HTML never sits in memory at once.
        return "" if page.file.src_uri in self.specs else html

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return context
        data = self._data()
        if self.renderer is None:
            self.renderer = Renderer(data)
        rendered = self.bodies.take(spec.src_uri) if self.bodies is not None else None
        if rendered is None:
            rendered = self.renderer.render(spec, data.edit_url(spec.edit_file) if spec.edit_file else None)
        page.content = rendered.html
        page.toc = get_toc(toc_tokens(rendered.headings))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        secured = self._secure(output, page.file.src_uri)
        self.written.add(os.path.normpath(page.file.abs_dest_path))
        if page.file.src_uri in self.specs:
            page.content = ""
        return secured

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._secure(output_content, template_name)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        data = self._data()
        site = Path(config.site_dir)
        exports, self.exports, self.bodies = self.exports, None, None
        if exports is not None:  # the child wrote the data files and exports
            try:
                exports.finish(site)
            except (ExportError, OSError) as exc:
                raise PluginError(str(exc)) from None
        elif self.result is not None:
            write_data_files(data, site)
            write_site_exports(self.result, site, data.info)
        self._secure_other_pages(site)

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_exports()

    def stop_exports(self) -> None:
        """Stop a child still writing exports for a build that failed; idempotent."""
        exports, self.exports, self.bodies = self.exports, None, None
        if exports is not None:
            exports.abandon()

    def _secure_other_pages(self, site: Path) -> None:
        """HTML written outside the theme (the data exports' index pages) gets the same guard."""
        for folder, _, names in os.walk(site):
            for name in sorted(names):
                path = Path(folder, name)
                if not name.endswith(".html") or os.path.normpath(path) in self.written:
                    continue
                text = path.read_text(encoding="utf-8")
                if csp.META not in text[:2000]:  # the theme's 404 page is guarded already
                    path.write_text(self._secure(text, path.relative_to(site).as_posix()), encoding="utf-8")

    def _data(self) -> SiteData:
        if self.data is None:
            raise PluginError("the catalog plugin's on_config did not run; is it enabled in mkdocs.yml?")
        return self.data

    def _secure(self, html: str, where: str) -> str:
        html = compact_html(html)
        problems, hashes = csp.check_page(html, self.allowed)
        if problems:
            raise PluginError(
                f"{where}: the page would publish "
                + "; ".join(sorted(set(problems))[:5])
                + ". Only the theme's own inline scripts are allowed; check the templates and docs/."
            )
        return csp.add_policy(html, csp.policy(hashes, preview=self.preview))


def theme_script_hashes(env: Any, config: MkDocsConfig) -> set[str]:
    """sha256 of each inline script the theme's script partials produce with this configuration."""
    features = config.theme.get("features") or []
    allowed: set[str] = set()
    for name in env.list_templates(filter_func=lambda n: n.startswith("partials/javascripts/")):
        text = env.get_template(name).render(config=config, features=features, base_url=".")
        allowed.update(csp.script_hash(body) for body in csp.inline_scripts(text))
    return allowed


def _no_markdown(page: Page) -> Any:
    """What mkdocs' Markdown pass gives an empty page, without it: it builds a Markdown parser
    with every extension per page (8% of a build), for pages whose HTML the plugin renders."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = set()

    return render


def _edit_base(config: MkDocsConfig, root: Path) -> str | None:
    """Repository URL under which project files live, from repo_url and edit_uri (which
    points at docs/; catalog files sit next to it)."""
    if not config.repo_url or not config.edit_uri:
        return None
    edit_uri = str(config.edit_uri)
    docs = Path(config.docs_dir).resolve()
    docs_part = (docs.relative_to(root).as_posix() + "/") if docs.is_relative_to(root) else ""
    if docs_part and edit_uri.endswith(docs_part):
        edit_uri = edit_uri[: -len(docs_part)]
    return urljoin(config.repo_url.rstrip("/") + "/", edit_uri)


def _check_settings(config: MkDocsConfig) -> None:
    """Settings the page guard depends on; wrong ones fail the build with the fix."""
    if not config.use_directory_urls:
        raise PluginError("set use_directory_urls: true in mkdocs.yml; catalog URLs are /solutions/<id>/")
    if config.theme.name == "material":
        extra: dict[str, Any] = dict(config.extra or {})
        if extra.get("scope") != "/":
            raise PluginError(
                "set `extra: {scope: /}` in mkdocs.yml: the theme's inline script must be the same on every "
                "page to be allowed by its hash in the Content-Security-Policy"
            )
        if config.theme.get("font") is not False:
            raise PluginError("set `theme: {font: false}` in mkdocs.yml: no fonts from another site")
    enabled = set(config.plugins) | {str(e) for e in config.markdown_extensions}
    if enabled & FORBIDDEN:
        raise PluginError(
            f"remove {', '.join(sorted(enabled & FORBIDDEN))} from mkdocs.yml: they evaluate or include text"
        )
