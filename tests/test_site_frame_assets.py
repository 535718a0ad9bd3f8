"""What the entry pages' frame leaves out of the theme must be unused on this site: checked
against the installed theme's own files, so a theme upgrade that starts using them fails here."""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

import yaml

from conftest import REPO

THEME = Path(str(getattr(find_spec("material"), "origin", ""))).parent / "templates" / "assets"


def _selectors(css: str) -> set[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = set()
    for match in re.finditer(r"([^{}]+)\{", css):
        for raw in match.group(1).split(","):
            selector = raw.strip()
            if selector and not selector.startswith("@") and not re.fullmatch(r"from|to|[\d.]+%", selector):
                found.add(selector)
    return found


def test_no_rule_of_the_theme_palette_stylesheet_applies_to_the_site() -> None:
    """The pages do not link palette.css: its every rule is for a named primary or accent colour,
    the dark scheme or the palette toggle, and the site sets custom colours in the light scheme
    with no toggle."""
    palette = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["palette"]
    assert palette == {"scheme": "default", "primary": "custom", "accent": "custom"}
    [sheet] = (THEME / "stylesheets").glob("palette.*.min.css")
    selectors = _selectors(sheet.read_text(encoding="utf-8"))
    assert len(selectors) > 20
    unused = re.compile(
        r"\[data-md-color-(primary|accent)=(?!custom\])[\w-]+\]|\[data-md-color-scheme=slate\]|\[data-md-color-switching\]"
    )
    assert [selector for selector in selectors if not unused.search(selector)] == []


def test_the_theme_script_mounts_the_dialog_only_where_it_is_and_reads_no_logo_component() -> None:
    """The frame drops the clipboard dialog and the logo's data-md-component: the bundle finds its
    dialogs with the all-matches lookup (none is fine) and never asks for a logo component; the
    search toggle, which it does require, stays."""
    [bundle] = (THEME / "javascripts").glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert re.search(r'\.\.\.(\w+)\("dialog"\)\.map\(', text)
    assert '"logo"' not in text
    assert "[data-md-toggle=search]" in text


def test_the_skip_link_and_banner_wrappers_are_read_by_neither_script_nor_stylesheet() -> None:
    """compact_frame drops the theme's `data-md-component` wrappers of the skip link and the
    banner: the bundle never looks up a skip component, mounts the announce one only to make the
    banner dismissible (a feature the site leaves off), and the stylesheet styles neither."""
    [bundle] = (THEME / "javascripts").glob("bundle.*.min.js")
    script = bundle.read_text(encoding="utf-8")
    assert '"skip"' not in script
    assert re.search(r'if\(!\w+\("announce\.dismiss"\)', script)
    features = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    assert "announce.dismiss" not in features
    [sheet] = (THEME / "stylesheets").glob("main.*.min.css")
    styles = sheet.read_text(encoding="utf-8")
    assert "data-md-component=skip" not in styles
    assert "data-md-component=announce" not in styles


def test_the_header_topic_component_and_the_footer_are_read_only_by_features_the_site_leaves_off() -> None:
    """An entry page's header has no `data-md-component="header-topic"` and the page no footer:
    the bundle names the header topic only in the list of components instant navigation swaps
    between pages (a feature the site leaves off), and never looks for a footer. The header title
    component, which slides the page's title in as it scrolls, stays."""
    [bundle] = (THEME / "javascripts").glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert text.count("header-topic") == 1
    swapped = re.search(r'\[("\[data-md-component=[\w-]+\]",?)+', text)
    assert swapped
    assert '"[data-md-component=header-topic]"' in swapped.group(0)
    assert '"[data-md-component=container]"' in swapped.group(0)  # the page swap's list
    assert re.search(r'\w+\("navigation\.instant"\)&&\w+\(\{sitemap\$', text)  # the only way in
    assert "footer" not in text
    assert 'me("header-title")' in text or re.search(r'\w+\("header-title"\)', text)
    features = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    assert "navigation.instant" not in features


def test_the_drawer_title_and_the_header_title_keep_their_look_without_the_dropped_markup() -> None:
    """The stylesheet places the header's two titles through the wrapper the entry header leaves
    out (catalog.css gives the title its place instead), and keeps room for a logo in the
    drawer's title only for the logo the entry pages leave out."""
    [sheet] = (THEME / "stylesheets").glob("main.*.min.css")
    styles = sheet.read_text(encoding="utf-8")
    assert re.search(
        r"\.md-header__title>\.md-header__ellipsis\{position:relative;width:100%;height:100%\}", styles
    )
    assert ".md-nav--primary .md-nav__title .md-logo{position:absolute" in styles
    catalog = (REPO / "site_builder" / "assets" / "catalog.css").read_text(encoding="utf-8")
    assert ".md-header__title:not(:has(> .md-header__ellipsis)) {\n  position: relative;" in catalog
    assert '.md-nav--primary .md-nav__title[for="__drawer"]:not(:has(.md-logo)) {' in catalog
