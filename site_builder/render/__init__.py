"""Catalog pages and data files, rendered in project code from the validated catalog.

Nothing here imports mkdocs: the build (`sitebuild.py`) asks `Renderer` for each page's HTML,
and the mkdocs plugin only hands it to the theme, so another generator needs only another adapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .context import CONTEXTS
from .markup import environment
from .pages import PageSpec, plan
from .sitedata import SiteData, site_data

__all__ = [
    "PageSpec",
    "Rendered",
    "Renderer",
    "SiteData",
    "fragment_cache",
    "plan",
    "relative_base",
    "site_data",
    "toc_tokens",
]

_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[tuple[int, str, str]]  # (level, id, escaped text) for the table of contents

    def toc(self) -> list[Any]:
        """The headings as the theme's table of contents reads them (see toc_tokens)."""
        return toc_tokens(self.headings)


def relative_base(url: str) -> str:
    """The prefix that leads from a page at directory URL `url` back to the site root."""
    return "../" * url.count("/")


class Renderer:
    """Renders page specs to HTML fragments with one compiled Jinja environment."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.env = environment()

    def render(self, spec: PageSpec, edit_url: str | None = None) -> Rendered:
        context = CONTEXTS[spec.template](self.data, spec)
        base = relative_base(spec.url)
        html = self.env.get_template(spec.template).render(
            spec=spec, base=base, root=base or "./", site=self.data, edit_url=edit_url, **context
        )
        headings = [
            (int(level), anchor, _TAG.sub("", text).strip()) for level, anchor, text in _HEADING.findall(html)
        ]
        return Rendered(html, headings)


def fragment_cache() -> Any:
    """A template helper: `{% call catalog_cached(key…) %}…{% endcall %}` renders the body once
    per key for the whole build (the theme's nav is the same on all pages outside it)."""
    cache: dict[tuple[str, ...], Any] = {}

    def cached(*key: str, caller: Any) -> Any:
        if key not in cache:
            cache[key] = caller()
        return cache[key]

    return cached


def toc_tokens(headings: list[tuple[int, str, str]]) -> list[Any]:
    """The page's h1 with its h2 sections: the theme's skip link and contents sidebar use it."""
    tokens: list[dict[str, Any]] = []
    for level, anchor, text in headings:
        token = {"level": level, "id": anchor, "name": text, "children": []}
        if level == 1 or not tokens:
            tokens.append(token)
        else:
            tokens[-1]["children"].append(token)
    return tokens
