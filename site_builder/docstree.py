"""`catalog export --format docs DIR`: the site as a plain mkdocs project that any
mkdocs-compatible generator builds without the catalog plugin (Zensical runs no Python plugins).

DIR gets:

- `docs/`: the project's own pages; one Markdown file per generated page, at the same path the
  plugin gives it (so every URL and relative link is the same), holding front matter (its title,
  escaped, and which sidebars to hide) and its HTML as one raw HTML block, which Markdown passes
  through untouched, so no contributor text is ever read as Markdown; the scripts and stylesheet
  the pages load; the search and compare data; and every open-data export;
- `overrides/`: the project's own `theme.custom_dir`, if any, with the catalog's theme overrides
  on top (as the plugin puts them first), which the pages rely on (titles printed as given,
  already escaped);
- `mkdocs.yml`: the project's configuration with `docs_dir: docs`, `custom_dir: overrides`, the
  stylesheet added, no plugins and no edit links (the pages carry their own, to the YAML file).

What only the plugin does is not in the tree: the page guard, the Content-Security-Policy it
adds to every page, and the tables of contents of generated pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from .buildinfo import build_info
from .exports.settings import make_settings, plugin_options, read_config
from .outdir import replace_with, staging_beside
from .pipeline import Result
from .render import PageSpec, site_data
from .render.markup import escape_text
from .sitebuild import STYLESHEET, THEME_DIR, SiteBuild, SiteSettings, edit_base

DOCS, OVERRIDES, CONFIG = "docs", "overrides", "mkdocs.yml"


def page_markdown(spec: PageSpec, html: str) -> str:
    """A generated page as Markdown: front matter, then its HTML inside one block element.

    JSON strings are YAML; the HTML sits between a `<div>` line and its `</div>`, which
    Python-Markdown keeps as one raw block however many blank lines or block elements it holds.
    """
    front = {"title": escape_text(spec.title), "hide": list(spec.hide)}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + '\n---\n\n<div class="cat-export">\n' + html + "\n</div>\n"


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """The project's mkdocs.yml for the exported tree: no plugins, the overrides, the stylesheet."""
    plain = dict(config)
    plain["docs_dir"] = DOCS
    plain["plugins"] = []
    plain["edit_uri"] = ""  # generated pages have no file in the repository to edit
    theme = plain.get("theme")
    plain["theme"] = {**(theme if isinstance(theme, dict) else {"name": theme}), "custom_dir": OVERRIDES}
    styles = [s for s in plain.get("extra_css") or [] if isinstance(s, str)]
    plain["extra_css"] = [*styles, *([] if STYLESHEET in styles else [STYLESHEET])]
    return plain


def write_docs_tree(result: Result, target: Path, ocds_prefix: str | None = None) -> None:
    """Write the project (see the module docstring) into `target`, replacing it only when done.
    `result` is a check of the catalog without errors; `ocds_prefix` overrides mkdocs.yml's.
    ConfigError if mkdocs.yml is unusable, BuildError if a docs page would hide a generated one."""
    root = result.project.root
    config = read_config(root)
    options = plugin_options(config)
    settings = SiteSettings(
        config_file=root / CONFIG,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        repo_url=_text(config.get("repo_url")),
        edit_uri=_text(config.get("edit_uri")),
    )
    exports = make_settings(_text(config.get("site_url")), ocds_prefix or _text(options.get("ocds_prefix")))
    data = site_data(result, build_info(root, result.catalog.today), edit_base(settings, root))
    build = SiteBuild(result, data, exports, preview=False)
    staging = staging_beside(target)
    try:
        docs = staging / DOCS
        if settings.docs_dir.is_dir():
            shutil.copytree(settings.docs_dir, docs, symlinks=False)
        for spec in build.pages_to_add(_own_pages(docs)):
            path = docs / spec.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page_markdown(spec, build.render(spec).html), encoding="utf-8")
        for uri, source in build.assets():
            (docs / uri).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, docs / uri)
        build.write_data(docs)
        theme = config.get("theme")
        custom = (
            root / str(theme.get("custom_dir"))
            if isinstance(theme, dict) and theme.get("custom_dir")
            else None
        )
        if custom is not None and custom.is_dir():  # the project's own overrides, under the plugin's
            shutil.copytree(custom, staging / OVERRIDES, symlinks=False)
        shutil.copytree(THEME_DIR, staging / OVERRIDES, dirs_exist_ok=True)
        text = yaml.safe_dump(plain_config(config), sort_keys=False, allow_unicode=True)
        (staging / CONFIG).write_text(text, encoding="utf-8")
        replace_with(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _own_pages(docs: Path) -> list[str]:
    return [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()] if docs.is_dir() else []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
