"""Helpers for the site tests: build a fixture project once per module with the real mkdocs."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.build import build_site

from conftest import AS_OF, make_project


@contextlib.contextmanager
def catalog_date() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CATALOG_DATE", AS_OF)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.delenv("GITHUB_ACTIONS", raising=False)
        yield


def built_site(tmp: Path, fixture: str = "good", *, demo: bool = False, strict: bool = True) -> Path:
    """Build a copy of a fixture (or the demo) into tmp/site and return the site folder."""
    root = make_project(tmp / "project", fixture, demo=demo)
    with catalog_date():
        code = build_site(root, tmp / "site", strict=strict)
    assert code == 0, f"build of {fixture if not demo else 'demo'} failed with exit code {code}"
    return tmp / "site"


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    """The page's own content, without the theme's header, nav and footer."""
    start = text.index("<article")
    return text[start : text.index("</article>", start)]


_INLINE = re.compile(r"</?(?:a|span|strong|em|code|small|b|i)\b[^>]*>", re.IGNORECASE)


def visible_text(fragment: str) -> str:
    """Text a reader sees: inline tags dropped, block tags as spaces, entities decoded."""
    text = re.sub(r"<[^>]+>", " ", _INLINE.sub("", fragment))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
