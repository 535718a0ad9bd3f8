"""Every page of the built demo and of the good fixture: no internal link or resource leads
nowhere. The checker itself is tested on a small hand-made site first, so it can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from browser.links import broken_links
from browser.sitekit import built_site
from conftest import REPO

pytestmark = pytest.mark.slow

SITE_URL = str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])


def test_the_checker_finds_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "index.html").write_text(
        '<a href="a/b/">ok</a><a href="a/c/">gone</a><a href="#top">no anchor</a>'
        f'<link href="{SITE_URL}a/b/"><a href="https://elsewhere.example/">out</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "b" / "index.html").write_text(
        '<p id="here"></p><a href="../../">up</a><a href="../../x.css">no</a><a href="#here">in</a>'
        '<script src="../b/"></script><a href="?q=1">query</a>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path, SITE_URL)
    assert problems == [
        "a/b/index.html: <a href='../../x.css'> leads to no file",
        "index.html: <a href='a/c/'> leads to no file",
        "index.html: <a href='#top'>: no element with id 'top' on that page",
    ]


@pytest.mark.parametrize("which", ["demo", "good"])
def test_every_internal_link_of_every_page_resolves(tmp_path: Path, which: str) -> None:
    site = built_site(tmp_path, demo=which == "demo")
    pages = list(site.rglob("*.html"))
    assert len(pages) > (80 if which == "demo" else 10)
    assert broken_links(site, SITE_URL) == []
