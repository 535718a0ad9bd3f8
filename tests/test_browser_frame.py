"""The frame around every page type of the built demo in headless Chromium, at 1280, 900 and 390 px.

Entry pages (a solution, vendor, contract, vehicle or scenario) have the lighter frame: no tabs and
no table of contents, one navigation listing the site's top-level sections (the left sidebar on a
wide screen, the drawer on a phone, opened by pointer and by keyboard) and breadcrumbs above the
title, which are links back up. The other pages keep the tabs. On every page: nothing overlaps the
content and nothing scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from test_browser_classes import PAGE_TYPES

from browser.harness import PageWatch, chromium, serve
from browser.sitekit import built_site
from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 900, 390)
WIDE = 76.25 * 16  # the theme's breakpoint for a sidebar beside the content
ENTRY_KINDS = ("solution", "vendor", "contract", "vehicle", "scenario")
SECTIONS = [
    next(iter(item)) for item in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_site(tmp_path_factory.mktemp("demo"), demo=True)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _open(browser: Any, url: str, width: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


_BOX = "(el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def _visible(locator: Any) -> bool:
    return bool(
        locator.evaluate("el => el.checkVisibility({visibilityProperty: true}) && el.offsetWidth > 0")
    )


def _section_links(page: Any) -> list[str]:
    return page.locator(".md-sidebar--primary nav li a").evaluate_all(
        "links => links.map(a => a.textContent.trim())"
    )


def _drawer_open(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => { const d = document.querySelector('.md-sidebar--primary');"
            " return d.checkVisibility({visibilityProperty: true}) && d.getBoundingClientRect().left >= 0; }"
        )
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_nothing_scrolls_sideways_or_overlaps_the_content(
    browser: Any, demo: str, kind: str, width: int
) -> None:
    context, page = _open(browser, demo + PAGE_TYPES[kind], width)
    page.evaluate("() => window.scrollTo(10000, 0)")
    scrolled = page.evaluate("window.scrollX")
    article = page.locator("article").first.evaluate(_BOX) if page.locator("article").count() else None
    others = [
        page.locator(selector).first.evaluate(_BOX)
        for selector in (".md-header", ".md-sidebar--primary", ".md-tabs")
        if page.locator(selector).count() and _visible(page.locator(selector).first)
    ]
    context.close()
    assert scrolled == 0, f"{kind} at {width} px scrolls sideways"
    if article is not None:
        for box in others:
            if box[3] > 0:  # the header scrolled off does not count
                assert not _overlap(article, box), (kind, width, article, box)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_an_entry_page_has_the_lighter_frame_and_breadcrumbs(
    browser: Any, demo: str, kind: str, width: int
) -> None:
    context, page = _open(browser, demo + PAGE_TYPES[kind], width)
    assert page.locator(".md-tabs").count() == 0
    assert page.locator('[data-md-type="toc"], nav[aria-label="Table of contents"]').count() == 0
    assert page.locator(".md-sidebar--primary").count() == 1  # the one copy of the navigation
    assert _section_links(page) == SECTIONS  # the top-level sections, without nesting
    crumbs = page.locator('nav[aria-label="Breadcrumb"]')
    assert crumbs.count() == 1
    assert _visible(crumbs)
    items = crumbs.locator("li")
    links = crumbs.locator("li > a[href]")
    assert items.count() >= 3
    assert links.count() == items.count(), "every breadcrumb is a link"
    assert all(_visible(links.nth(i)) for i in range(links.count()))
    assert links.first.inner_text() == "Home"
    assert links.last.get_attribute("aria-current") == "page"
    assert crumbs.locator("[aria-current]").count() == 1
    title = page.locator("h1").evaluate(_BOX)
    assert crumbs.evaluate(_BOX)[3] <= title[1] + 1, "the breadcrumbs sit above the title"
    assert page.locator("h1").count() == 1
    sidebar = page.locator(".md-sidebar--primary")
    if width >= WIDE:  # a sidebar on the left of the content, listing the sections
        assert _visible(sidebar.locator("nav li a").first)
        assert sidebar.evaluate(_BOX)[2] <= page.locator("article").evaluate(_BOX)[0] + 1
    else:  # the drawer, closed until the menu button opens it
        assert not _drawer_open(page)
    home = links.first.get_attribute("href")
    links.nth(1).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert page.evaluate("location.pathname").count("/") == 2
    context.close()
    assert home == "../../"


@pytest.mark.parametrize("width", [900, 390])
@pytest.mark.parametrize("kind", [*ENTRY_KINDS, "home", "browse"])
def test_the_drawer_opens_by_pointer_and_by_keyboard_and_lists_the_sections(
    browser: Any, demo: str, kind: str, width: int
) -> None:
    context, page = _open(browser, demo + PAGE_TYPES[kind], width)
    assert not _drawer_open(page)
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    )
    assert _drawer_open(page)
    listed = _section_links(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.locator("#__drawer").focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    )
    assert _drawer_open(page)
    context.close()
    if kind in ENTRY_KINDS:
        assert listed == SECTIONS
    else:  # the theme's own navigation: the sections in order, the current one with its headings
        remaining = iter(listed)
        assert all(name in remaining for name in SECTIONS), listed


@pytest.mark.parametrize("kind", sorted(set(PAGE_TYPES) - set(ENTRY_KINDS) - {"not-found"}))
def test_other_pages_keep_the_tabs(browser: Any, demo: str, kind: str) -> None:
    context, page = _open(browser, demo + PAGE_TYPES[kind], 1280)
    tabs = page.locator(".md-tabs")
    shown = tabs.count() == 1 and _visible(tabs)
    names = tabs.locator("a").evaluate_all("links => links.map(a => a.textContent.trim())") if shown else []
    context.close()
    assert shown, kind
    assert names == SECTIONS


def test_the_logo_is_an_image_file_with_contrast(browser: Any, demo: str) -> None:
    context, page = _open(browser, demo + PAGE_TYPES["solution"], 390)
    logos = page.locator(".md-logo img")
    assert logos.count() == 1  # the header's; the drawer's title is the site's name alone
    assert page.locator(".md-logo svg").count() == 0
    sources = set(logos.evaluate_all("imgs => imgs.map(i => i.currentSrc)"))
    loaded = logos.first.evaluate("img => img.complete && img.naturalWidth > 0")
    background = page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    context.close()
    assert len(sources) == 1
    assert loaded
    svg = (REPO / "site_builder" / "assets" / "logo.svg").read_text(encoding="utf-8")
    assert 'fill="#fff"' in svg  # white on the header's dark blue (and the drawer's title bar)
    red, green, blue = (int(part) for part in background.removeprefix("rgb(").removesuffix(")").split(","))

    def luminance(value: int) -> float:
        channel = value / 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    dark = 0.2126 * luminance(red) + 0.7152 * luminance(green) + 0.0722 * luminance(blue)
    assert (1.05) / (dark + 0.05) >= 4.5  # WCAG's contrast of white on the header


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_pages_without_inline_script_still_run_the_theme_and_the_site_scripts(
    browser: Any, demo: str, kind: str
) -> None:
    """The theme's inline head script lives in assets/catalog/scope.js and its content-tabs script
    is left out, so no page has an inline script and its policy allows none: the theme's script
    must still find its storage helpers and start (it swaps the root's `no-js` class for `js`),
    with no script error and no refused script on any page type."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, demo.split("/", 3)[0] + "//" + demo.split("/", 3)[2] + "/")
    response = page.goto(demo + PAGE_TYPES[kind])
    html = response.text() if response else ""
    page.wait_for_load_state("networkidle")
    state = page.evaluate(
        "() => ({js: document.documentElement.classList.contains('js'),"
        " helpers: [typeof __md_get, typeof __md_set, typeof __md_hash].join(),"
        " scope: String(__md_scope)})"
    )
    context.close()
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    assert "script-src" not in policy.group(1)
    assert "default-src 'self'" in policy.group(1)
    assert state == {"js": True, "helpers": "function,function,function", "scope": demo.rstrip("/") + "/"}
    assert watch.errors == []


@pytest.mark.parametrize("kind", ["solution", "contract", "browse", "expiring"])
def test_every_badge_has_the_badge_look_from_its_one_short_class(browser: Any, demo: str, kind: str) -> None:
    """Badges carry one class each (`cat-b-<kind>`, no base class): each still gets the outlined,
    bold look and keeps its words on one line outside narrow tables."""
    context, page = _open(browser, demo + PAGE_TYPES[kind], 1280)
    looks = page.locator("[class^='cat-b-']").evaluate_all(
        "spans => spans.map(s => { const c = getComputedStyle(s);"
        " return [s.className, c.fontWeight, c.borderTopStyle, c.display].join(' '); })"
    )
    context.close()
    assert looks, kind
    for look in looks:
        name, weight, border, display = look.split(" ")
        assert (weight, border, display) == ("700", "solid", "inline-block"), look
        assert re.fullmatch(r"cat-b-[a-z_]+", name), look


@pytest.mark.parametrize("kind", ["solution", "contract"])
def test_row_header_cells_without_scope_are_still_row_headers(browser: Any, demo: str, kind: str) -> None:
    """The solution page's tables (and the buyer rows a contract page shares) leave out
    `scope="row"`: the browser must still expose every first-column <th> of a body row as the
    header of its row, which a screen reader announces with each cell."""
    context, page = _open(browser, demo + PAGE_TYPES[kind], 1280)
    texts = "cells => cells.map(c => c.textContent.replace(/\\s+/g, ' ').trim())"
    unscoped = page.locator("table.cat-table tbody tr > th:first-child:not([scope])").evaluate_all(texts)
    row_headers = page.locator("table.cat-table tbody").get_by_role("rowheader").evaluate_all(texts)
    context.close()
    if kind == "solution":
        assert len(unscoped) >= 4
    missing = [text for text in unscoped if text not in row_headers]
    assert missing == []


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_table_wrapper_scrolls_sideways_and_is_a_named_keyboard_stop(
    browser: Any, demo: str, kind: str
) -> None:
    """The tables' scrolling wrappers lost their class (catalog.css styles a region `div`): each
    must still scroll sideways on a phone, be reachable by keyboard and be named after its table."""
    context, page = _open(browser, demo + PAGE_TYPES[kind], 390)
    wrappers = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table.cat-table:not(.cat-compare-table)')].map((t) => {
            const w = t.parentElement, by = w.getAttribute('aria-labelledby');
            const name = by ? (document.getElementById(by) || {}).textContent : w.getAttribute('aria-label');
            return [w.getAttribute('role'), w.tabIndex, getComputedStyle(w).overflowX,
                    (name || '').trim() === t.caption.textContent.trim() && !!name];
        })"""
    )
    context.close()
    for wrapper in wrappers:
        assert wrapper == ["region", 0, "auto", True], (kind, wrapper)
