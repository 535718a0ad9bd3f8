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
