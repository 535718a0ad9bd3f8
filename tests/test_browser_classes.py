"""Every page type of the built demo in headless Chromium, so a whole class of defect cannot come
back: axe-core (WCAG 2.1 AA, serious and critical) at 1280 and 390 px; nothing visible that needs
script when script is off; no keyboard stop off-screen on a phone; tables that fit a phone; the
emergency panel within two phone screens; and, on paper, every column and the page's address.

The page types come from the site's own plan (one page per template), so a new template is
tested without being listed here."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render import plan, site_data

from browser.harness import PageWatch, axe_source, chromium, run_axe, serve
from browser.sitekit import built_site, catalog_date
from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _page_types() -> dict[str, str]:
    """One URL per page template (the first page the plan gives it), plus the docs and 404 pages."""
    root = REPO
    with catalog_date():
        result = check(root)
    data = site_data(result, build_info(root, result.catalog.today))
    found: dict[str, str] = {}
    for spec in plan(data):
        found.setdefault(spec.template.removesuffix(".html.j2"), spec.url)
    ids = sorted(data.catalog.solutions)
    found["compare"] = f"compare/?s={ids[0]},{ids[len(ids) // 2]},{ids[-1]}"
    found["about"] = "about/"
    found["not-found"] = "404.html"
    return found


PAGE_TYPES = _page_types()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = built_site(tmp_path_factory.mktemp("demo"), demo=True)
    with serve(site) as url:
        yield url, site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _open(
    browser: Any, url: str, viewport: dict[str, int], *, script: bool = True
) -> tuple[Any, Any, PageWatch]:
    context = browser.new_context(viewport=viewport, java_script_enabled=script)
    page = context.new_page()
    watch = PageWatch(page, url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, watch


def test_every_template_is_a_page_type() -> None:
    templates = {
        p.name.removesuffix(".html.j2") for p in (REPO / "site_builder" / "templates").glob("[!_]*.j2")
    }
    assert templates <= set(PAGE_TYPES), templates - set(PAGE_TYPES)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_serious_violation(browser: Any, demo: tuple[str, Path], kind: str, width: int) -> None:
    context, page, watch = _open(browser, demo[0] + PAGE_TYPES[kind], {"width": width, "height": 900})
    violations = run_axe(page, axe_source())
    context.close()
    assert violations == [], json.dumps(violations, indent=1)
    assert watch.errors == []
    assert watch.foreign == []


# A control a person can see that does something only a script makes it do.
_SCRIPTED = """() => {
  const seen = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true})
    && el.getBoundingClientRect().width > 1 && el.getBoundingClientRect().height > 1;
  const found = [];
  for (const el of document.querySelectorAll('button, input, select, textarea, [aria-disabled], [role=button]')) {
    if (!seen(el)) continue;
    const form = el.form;
    const submits = el.type === 'submit' && form && form.getAttribute('action');
    if (!submits) found.push(el.outerHTML.slice(0, 160));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (seen(a) && /^(javascript:|#$)/.test(a.getAttribute('href'))) found.push(a.outerHTML.slice(0, 160));
  }
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.children.length === 0 && seen(el) && /Loading/.test(el.textContent)) found.push('text: ' + el.textContent);
  }
  return found;
}"""


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_without_script_no_visible_control_needs_it(browser: Any, demo: tuple[str, Path], kind: str) -> None:
    for viewport in (DESKTOP, PHONE):
        context, page, _ = _open(browser, demo[0] + PAGE_TYPES[kind], viewport, script=False)
        found = page.evaluate(_SCRIPTED)
        text = page.locator("article").inner_text() if page.locator("article").count() else ""
        context.close()
        assert found == [], (viewport, found)
        if kind in {"browse", "compare", "home"}:
            assert "JavaScript" in text, "a page whose tool needs script says so and offers the plain way"


def test_a_search_link_without_script_says_the_search_did_not_run(
    browser: Any, demo: tuple[str, Path]
) -> None:
    context, page, _ = _open(browser, demo[0] + "solutions/?q=backup", DESKTOP, script=False)
    text = page.locator("article").inner_text()
    context.close()
    assert "Search and filters need JavaScript" in text


def _tab_stops(page: Any, limit: int = 60) -> list[dict[str, Any]]:
    stops = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const el = document.activeElement; const b = el.getBoundingClientRect();
            return {id: el.id, html: el.outerHTML.slice(0, 120), left: b.left, right: b.right, top: b.top,
                    bottom: b.bottom, width: b.width,
                    visible: el === document.body || el.checkVisibility({visibilityProperty: true}),
                    outline: getComputedStyle(el).outlineStyle}; }"""
        )
        if stop["html"].startswith("<body"):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_on_a_phone_every_keyboard_stop_is_on_screen(browser: Any, demo: tuple[str, Path], kind: str) -> None:
    context, page, _ = _open(browser, demo[0] + PAGE_TYPES[kind], PHONE)
    stops = _tab_stops(page)
    context.close()
    assert stops, "nothing takes the keyboard"
    assert stops[0]["id"] == "__drawer" or "md-skip" in stops[0]["html"]
    for stop in stops:
        if stop["id"] == "__drawer":
            continue  # shows its focus on the menu button it sits under (tested below)
        hidden_skip = "md-skip" in stop["html"] or "cat-skip" in stop["html"]
        assert stop["visible"], stop
        assert stop["right"] > 0, stop  # never off to a side
        assert stop["left"] < PHONE["width"], stop
        assert hidden_skip or stop["width"] > 0, stop


def test_phone_menu_opens_and_closes_from_the_keyboard(browser: Any, demo: tuple[str, Path]) -> None:
    context, page, _ = _open(browser, demo[0] + PAGE_TYPES["solution"], PHONE)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "__drawer"
    label = page.locator('label.md-header__button[for="__drawer"]')
    assert page.evaluate("document.activeElement.labels[1].textContent.trim()") == "Menu"
    assert label.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # the focus shows
    drawer = page.locator(".md-sidebar--primary")
    assert not drawer.evaluate("el => el.checkVisibility({visibilityProperty: true})")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    )
    assert drawer.evaluate("el => el.checkVisibility({visibilityProperty: true})")
    for _ in range(12):  # the drawer's links are reached and shown on screen
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
    focused = page.evaluate(
        "(() => { const b = document.activeElement.getBoundingClientRect(); return [b.left, b.right]; })()"
    )
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    assert focused[0] >= 0
    assert focused[1] <= PHONE["width"]
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "__drawer"
    assert not page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press("Space")  # and Space alone, with no script needed, toggles it back
    assert page.evaluate("document.getElementById('__drawer').checked")
    context.close()


def test_skip_to_results_jumps_over_the_filters(browser: Any, demo: tuple[str, Path]) -> None:
    context, page, _ = _open(browser, demo[0] + "solutions/", DESKTOP)
    page.wait_for_function("() => document.getElementById('catalog-count').textContent.includes('match')")
    page.locator("#catalog-browse").evaluate("el => el.focus()")
    page.locator(".cat-skip").focus()
    assert page.locator(".cat-skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    stops = 0
    while stops < 6 and not page.evaluate("!!document.activeElement.closest('#catalog-results')"):
        page.keyboard.press("Tab")
        stops += 1
    title = page.evaluate(
        "document.activeElement.closest('h3') && document.activeElement.closest('h3').className"
    )
    context.close()
    assert title == "cat-card__title"  # the first result's title, a heading
    assert stops <= 4  # past the list's download and compare buttons only, not ~55 filters


def test_tables_fit_a_phone_and_numbers_stay_whole(browser: Any, demo: tuple[str, Path]) -> None:
    for kind, path in sorted(PAGE_TYPES.items()):
        context, page, _ = _open(browser, demo[0] + path, PHONE)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('.cat-table-wrap, div[role=region]')]
                .filter((w) => !w.querySelector('.cat-compare-table') && w.scrollWidth > w.clientWidth + 1)
                .map((w) => w.getAttribute('aria-label') || w.getAttribute('aria-labelledby'))"""
        )
        broken = page.evaluate(
            """() => [...document.querySelectorAll('.cat-nowrap, .cat-cards > li > h3 + p > span')]
                .filter((el) => el.getClientRects().length > 1).map((el) => el.textContent)"""
        )
        context.close()
        assert wide == [], (kind, wide)
        assert broken == [], (kind, broken)


def test_emergency_panel_is_within_two_phone_screens(browser: Any, demo: tuple[str, Path]) -> None:
    ready = [
        p.stem
        for p in sorted((REPO / "catalog" / "solutions").glob("*.yaml"))
        if (yaml.safe_load(p.read_bytes()).get("emergency") or {}).get("ready")
    ]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for solution in ready:
        page.goto(demo[0] + f"solutions/{solution}/")
        bottom = page.evaluate(
            """() => { const p = document.querySelector('.cat-emergency');
            const facts = p.querySelector('dl') || p; const call = p.querySelector('h2 + p');
            return Math.max(facts.getBoundingClientRect().bottom, call.getBoundingClientRect().bottom) + scrollY; }"""
        )
        assert bottom <= 2 * PHONE["height"], (solution, bottom)
    context.close()


def _pdf_text(page: Any) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="Letter", print_background=True)))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


@pytest.mark.parametrize("kind", ["solution", "contract", "scenario", "compare", "vendor"])
def test_printed_pages_carry_their_address(browser: Any, demo: tuple[str, Path], kind: str) -> None:
    context, page, _ = _open(browser, demo[0] + PAGE_TYPES[kind], DESKTOP)
    if kind == "compare":
        page.wait_for_selector("table.cat-compare-table")
    text = " ".join(_pdf_text(page).split())
    address = page.url if kind == "compare" else SITE_URL + PAGE_TYPES[kind]
    context.close()
    assert f"Printed from {address}".replace(" ", "") in text.replace(" ", ""), text[-400:]


def test_printed_comparison_keeps_every_column_and_no_controls(browser: Any, demo: tuple[str, Path]) -> None:
    ids = [p.stem for p in sorted((REPO / "catalog" / "solutions").glob("*.yaml"))]
    picks = [ids[0], ids[10], ids[20], ids[-1]]
    context, page, _ = _open(browser, demo[0] + "compare/?s=" + ",".join(picks), DESKTOP)
    page.wait_for_selector("table.cat-compare-table")
    names = page.locator("table.cat-compare-table thead a").all_inner_texts()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 900})  # a Letter sheet's printable width at 96 dpi
    overflow = page.evaluate(
        """() => { const t = document.querySelector('table.cat-compare-table');
        return [t.getBoundingClientRect().right, document.documentElement.clientWidth,
                [...document.querySelectorAll('#compare-q, #compare-csv, .cat-chips button')]
                .filter((el) => el.checkVisibility()).length]; }"""
    )
    text = " ".join(_pdf_text(page).split())
    context.close()
    assert overflow[0] <= overflow[1], overflow
    assert overflow[2] == 0, "the picker and buttons are not printed"
    assert len(names) == 4
    for name in names:
        assert " ".join(name.split()) in text, name


def _pdf_pages(page: Any) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="Letter", print_background=True)))
    return [p.extract_text() or "" for p in reader.pages]


@pytest.mark.parametrize("kind", ["solution", "contract"])
def test_no_printed_sheet_ends_with_a_heading(browser: Any, demo: tuple[str, Path], kind: str) -> None:
    """A heading, a table's caption or a group's header row at the foot of a sheet, its content on
    the next, is stranded."""
    ids = sorted(p.stem for p in (REPO / "catalog" / f"{kind}s").glob("*.yaml"))
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    stranded = []
    for entry in ids:
        page.goto(demo[0] + f"{kind}s/{entry}/")
        headings = {
            " ".join(t.split())
            for t in page.locator(
                "article h2, article h3, article caption, th[scope=rowgroup]"
            ).all_inner_texts()
            if t.strip()
        }
        sheets = _pdf_pages(page)
        for number, text in enumerate(sheets[:-1], start=1):
            lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
            if lines and lines[-1] in headings:
                stranded.append(f"{entry}, sheet {number}: {lines[-1]}")
    context.close()
    assert stranded == []


def test_every_scenario_shows_its_first_number_within_two_phone_screens(
    browser: Any, demo: tuple[str, Path]
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in sorted((REPO / "catalog" / "scenarios").glob("*.yaml")):
        page.goto(demo[0] + f"scenarios/{path.stem}/")
        bottom = page.evaluate(
            """() => { const call = document.querySelector('.cat-emergency-card .cat-emergency__call');
            return call.getBoundingClientRect().bottom + scrollY; }"""
        )
        assert bottom <= 2 * PHONE["height"], (path.stem, bottom)
    context.close()
