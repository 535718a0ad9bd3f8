"""The `catalog` plugin for mkdocs and ProperDocs: mkdocs' events translated into `SiteBuild` calls.

Everything the build does is in `sitebuild.py`, which knows no mkdocs; this module only maps
each event onto it, so another generator needs only another such adapter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .pipeline import Result
from .sitebuild import STYLESHEET, THEME_DIR, BuildError, SiteBuild, SiteSettings


class CatalogConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options, under `plugins: [catalog: {...}]` in mkdocs.yml:

    - `ocds_prefix`: the publisher's prefix registered with the Open Contracting Partnership
      (`ocds-` and six lowercase letters or digits), for the OCDS export; left out, the
      placeholder `ocds-xxxxxx`. `catalog export --ocds-prefix` overrides it.
    - `preview_limit`: build only the first N solutions (by id) and what they refer to, for a
      fast preview; `catalog serve --limit N` sets it. Left out, the whole catalog.
    - `jobs`: 1 builds in one process; 2 adds a second process that writes the data files and
      exports and then renders entry pages from the last backwards while mkdocs works through them (it needs
      `fork`, so not on Windows). Left out, 2 on a machine with two cores, and 1 under `serve`.
      `catalog build --jobs N` overrides it.
    - `shell`: true (the default) renders one entry page per folder through the theme and fills
      the others into that page's markup, which is the same for all of them; false sends every
      entry page through the theme's template pass (slower, the same bytes).
    """

    ocds_prefix = c.Optional(c.Type(str))
    preview_limit = c.Optional(c.Type(int))
    jobs = c.Optional(c.Choice((1, 2)))
    shell = c.Type(bool, default=True)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except BuildError as exc:
        raise PluginError(str(exc)) from None


class CatalogPlugin(BasePlugin[CatalogConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False
    build: SiteBuild | None = None
    checked: Result | None = None  # set by reuse(): `catalog build` has checked the catalog already
    preview = False

    def reuse(self, checked: Result) -> None:
        """Build from this check of the catalog instead of checking it again (once)."""
        self.checked = checked

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.on_shutdown()
        checked, self.checked = self.checked, None
        with _errors():
            self.build = SiteBuild.start(self._settings(config), Path(config.site_dir).resolve(), checked)
        if self.build.notes:  # shown, but not as a warning: an expired contract must not fail --strict
            get_plugin_logger(__name__).info("catalog problems:\n%s", self.build.notes)
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
            config.extra_css.append(STYLESHEET)
        return config

    def _settings(self, config: MkDocsConfig) -> SiteSettings:
        return SiteSettings(
            Path(config.config_file_path), Path(config.docs_dir), config.site_url, config.repo_url,
            config.edit_uri, config.use_directory_urls, config.theme.name, config.theme.get("font"),
            dict(config.extra or {}), frozenset({*config.plugins, *map(str, config.markdown_extensions)}),
            self.config.ocds_prefix, self.config.preview_limit, self.config.jobs, self.preview, self.config.shell,
        )  # fmt: skip

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("catalog", "schema"):
            server.watch(str(Path(config.config_file_path).resolve().parent / folder))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for unused in [f for f in files if SiteBuild.unused_theme_file(f.src_uri)]:
            files.remove(unused)
        with _errors():
            for spec in self._build().pages_to_add(f.src_uri for f in files):
                level = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, spec.src_uri, content="", inclusion=level))
        for uri, path in SiteBuild.assets():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._build().allow_theme_scripts(env, config=config, features=config.theme.get("features") or [])
        env.globals.update(self._build().template_globals())
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._build().page(page.file.src_uri)
        if spec is not None:
            page.meta.update(self._build().theme_meta(spec))
            page.render = _no_markdown(page)  # type: ignore[method-assign]
        return markdown

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        spec = self._build().page(page.file.src_uri)
        if spec is not None:  # rendered here, not before: one page's HTML in memory at a time
            rendered = self._build().theme_body(spec)
            page.content, page.toc = rendered.html, get_toc(rendered.toc())
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._build().page(page.file.src_uri) is not None:
            page.content = ""
        with _errors():
            return self._build().finished(output, page.file.src_uri, page.file.dest_uri, page.canonical_url)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        with _errors():
            return self._build().theme_file(output_content, template_name)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build, self.build = self._build(), None  # the catalog's memory is free for the next build
        with _errors():
            build.finish(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        self.on_shutdown()

    def on_shutdown(self) -> None:
        build, self.build = self.build, None
        if build is not None:
            build.abandon()

    def _build(self) -> SiteBuild:
        if self.build is None:
            raise PluginError("the catalog plugin's on_config did not run; is it enabled in mkdocs.yml?")
        return self.build


def _no_markdown(page: Page) -> Any:
    """What mkdocs' Markdown pass gives an empty page, without it: it builds a Markdown parser with
    every extension per page (8% of a build), for pages whose HTML comes from the catalog."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()

    return render
