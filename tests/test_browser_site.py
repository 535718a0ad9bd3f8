"""The built demo site in headless Chromium: search, facets, compare, evidence downloads,
keyboard use, the Content-Security-Policy holding without breaking anything, and axe-core."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen

import pytest

from browser.harness import PageWatch, chromium, serve
from browser.sitekit import built_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    site = built_site(tmp_path_factory.mktemp("demo"), demo=True)
    index = json.loads(gzip.decompress((site / "assets/catalog/solutions-index.json.gz").read_bytes()))
    with serve(site) as url:
        yield url, index


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser: Any, demo: tuple[str, dict[str, Any]]) -> Iterator[tuple[Any, PageWatch, str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = PageWatch(page, demo[0])
    yield page, watch, demo[0]
    context.close()
    assert watch.errors == [], watch.errors  # a CSP violation shows up here as a console error
    assert watch.foreign == [], watch.foreign


# Page functions, not expressions: Playwright evaluates a string expression with eval() inside
# the page, which the site's Content-Security-Policy (rightly) blocks.
def _ready(page: Any) -> None:
    page.wait_for_function("() => document.getElementById('catalog-count').textContent.includes('match')")


def _count(page: Any) -> int:
    text = page.locator("#catalog-count").text_content() or ""
    return 0 if text.startswith("No") else int(text.split()[0].replace(",", ""))


def test_search_finds_a_solution_as_you_type(tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]) -> None:
    page, _, url = tab
    index = demo[1]
    name = index["name"][len(index["name"]) // 2]
    page.goto(url + "solutions/")
    _ready(page)
    assert _count(page) == index["count"]
    page.locator("#catalog-q").press_sequentially(name, delay=10)
    page.wait_for_function(
        """n => new URLSearchParams(location.search).get('q') === n
            && document.querySelector('#catalog-results .cat-card__title a')?.textContent === n""",
        arg=name,
    )
    assert 1 <= _count(page) < index["count"]
    assert page.locator("#catalog-more").is_hidden()  # no "Show more results (0 more)"
    assert parse_qs(urlparse(page.url).query)["q"] == [name]
    assert page.locator("#catalog-static").is_hidden()


def test_search_fetches_only_the_shards_of_the_words_typed(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    """The index's terms come in shards by first letter: typing "backup recovery" loads b and r
    (and the results match what the whole index gives; see test_search_relevance)."""
    page, _, url = tab
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(url + "solutions/")
    _ready(page)
    assert [p for p in fetched if "/search/" in p] == []  # nothing before a word is typed
    page.locator("#catalog-q").press_sequentially("backup recovery", delay=10)
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'backup recovery'")
    shards = sorted({p.rsplit("/", 1)[1] for p in fetched if "/assets/catalog/search/" in p})
    assert shards == ["b.json.gz", "r.json.gz"]
    assert 1 <= _count(page) < demo[1]["count"]


def test_a_facet_narrows_the_list_and_lives_in_the_url(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    index = demo[1]
    page.goto(url + "solutions/")
    _ready(page)
    category = index["facets"]["category"]
    expected = sum(1 for value in index["columns"]["category"] if value == 0)
    page.get_by_label(category["labels"][0], exact=False).first.check()
    page.wait_for_function(
        f"() => document.getElementById('catalog-count').textContent.startsWith('{expected} ')"
    )
    assert _count(page) == expected < index["count"]
    assert parse_qs(urlparse(page.url).query)["category"] == [category["values"][0]]
    shared = page.url
    page.goto(shared)  # a shared link opens on the same selection
    _ready(page)
    assert _count(page) == expected
    assert page.locator("#facet-category-0").is_checked()


def test_facets_work_from_the_keyboard(tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]) -> None:
    page, _, url = tab
    page.goto(url + "solutions/")
    _ready(page)
    before = _count(page)
    page.locator("#catalog-q").focus()
    page.keyboard.press("Tab")  # the filters' summary, open on a wide screen
    assert page.evaluate("document.activeElement.id") == "catalog-filter-summary"
    page.keyboard.press("Tab")  # then the first category
    assert page.evaluate("document.activeElement.id") == "facet-category-0"
    page.keyboard.press("Space")
    page.wait_for_function(
        f"() => !document.getElementById('catalog-count').textContent.startsWith('{before} ')"
    )
    assert _count(page) < before
    assert page.locator("#catalog-count").get_attribute("aria-live") == "polite"


def test_evidence_downloads_carry_filters_date_and_commit(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    index = demo[1]
    vendor = index["facets"]["vendor"]
    page.goto(url + "solutions/?vendor=" + vendor["values"][0])
    _ready(page)
    shown = _count(page)
    with page.expect_download() as download:
        page.locator("#catalog-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["id", "name"]  # the header first: the file opens as a table
    data = rows[1 : rows.index([])]
    assert len(data) == shown
    assert all(row[rows[0].index("summary")] for row in data)  # summaries are loaded for the file
    assert all(row[rows[0].index("url")].startswith(url + "solutions/") for row in data)
    stamp = {row[0]: row[1] for row in rows[rows.index([]) + 1 :]}
    assert stamp["# status as of"] == index["as_of"]
    assert stamp["# source commit"] == (index["commit"] or "unversioned")
    assert vendor["labels"][0] in stamp["# filters"]
    with page.expect_download() as download:
        page.locator("#catalog-json").click()
    body = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert body["evidence"]["filters"] == {"Vendor": [vendor["labels"][0]]}
    assert len(body["solutions"]) == shown


def test_compare_shows_two_solutions_terms_side_by_side(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    index = demo[1]
    first, second = index["id"][0], index["id"][-1]
    page.goto(url + f"compare/?s={first},{second}")
    page.wait_for_selector("table.cat-compare-table")
    header = page.locator("table.cat-compare-table thead").text_content() or ""
    assert index["name"][0] in header
    assert index["name"][-1] in header
    assert (
        page.locator("table.cat-compare-table th[scope=rowgroup]", has_text="Limitation of liability").count()
        == 1
    )
    row = page.locator("table.cat-compare-table tr", has_text="Cap basis").first
    assert row.locator("td").count() == 2
    with page.expect_download() as download:
        page.locator("#compare-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert any(r[:2] == ["Limitation of liability", "Cap basis"] for r in rows)


def test_compare_picker_adds_and_removes_by_keyboard(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    index = demo[1]
    page.goto(url + "compare/")
    page.wait_for_function("() => document.getElementById('compare-status').textContent.startsWith('Add')")
    for name in (index["name"][1], index["name"][2]):
        page.locator("#compare-q").fill(name)
        button = page.get_by_role("button", name=f"Add {name}")
        button.focus()
        page.keyboard.press("Enter")
    page.wait_for_selector("table.cat-compare-table")
    assert parse_qs(urlparse(page.url).query)["s"] == [f"{index['id'][1]},{index['id'][2]}"]
    page.get_by_role("button", name=f"Remove {index['name'][1]}").click()
    page.wait_for_function("() => !document.querySelector('table.cat-compare-table')")


def _shown_buyer_types(page: Any) -> list[str]:
    return [
        s.get_attribute("data-buyer-type") for s in page.locator("[data-buyer-type]").all() if s.is_visible()
    ]


def test_a_chosen_buyer_type_is_shown_alone_and_remembered(tab: tuple[Any, PageWatch, str]) -> None:
    page, _, url = tab
    page.goto(url + "solutions/mesa-pine-incident-response-retainer/")
    assert _shown_buyer_types(page) == ["state_agency", "local_government", "school_district"]
    page.locator("#buyer-choice-select").select_option("local_government")
    assert _shown_buyer_types(page) == ["local_government"]
    assert "Local government" in (page.locator("#buyer-choice-status").text_content() or "")
    for path in ("contracts/mesa-pine-cyber-response/", "scenarios/ransomware-at-state-agency/"):
        page.goto(url + path)  # another page: the choice holds
        assert _shown_buyer_types(page) == ["local_government"], path
        assert page.locator("#buyer-choice-select").input_value() == "local_government"
    page.locator("#buyer-choice-select").select_option("")
    assert len(_shown_buyer_types(page)) == 3


def test_without_script_every_buyer_type_is_shown(browser: Any, demo: tuple[str, Any]) -> None:
    url, _ = demo
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "solutions/mesa-pine-incident-response-retainer/")
    assert _shown_buyer_types(page) == ["state_agency", "local_government", "school_district"]
    assert not page.locator("#buyer-choice").is_visible()  # a control that would do nothing stays hidden
    page.goto(url + "scenarios/flood-or-hurricane-disaster-recovery/")
    assert page.locator(".cat-determination").count() == 8
    assert all(d.is_visible() for d in page.locator(".cat-determination").all())
    context.close()


def test_compare_shows_who_may_buy_waivers_and_clauses(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    page.goto(url + "compare/?s=harborline-records-vault,mesa-pine-incident-response-retainer")
    page.wait_for_selector("table.cat-compare-table")
    grid = page.locator("table.cat-compare-table")
    who = grid.locator("tr", has=page.locator("th", has_text="Who may buy")).locator("td").all_inner_texts()
    assert len(who) == 2
    assert all("State agency" in cell for cell in who)
    waived = (
        grid.locator("tr", has=page.locator("th", has_text="Waived findings")).locator("td").all_inner_texts()
    )
    assert "insurance-minimum" in waived[0]
    assert waived[1] == "none"
    cap = (
        grid.locator("tr", has=page.locator("th", has_text="Cap basis")).first.locator("td").all_inner_texts()
    )
    assert all("(Section" in cell or "(Article" in cell or "§" in cell for cell in cap), (
        cap
    )  # the clause cited
    with page.expect_download() as download:
        page.locator("#compare-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Group", "Term"]  # the header first
    assert rows[0][3] == "Harborline Records Vault: clause"
    links = next(r for r in rows if r[:2] == ["Facts", "Page"])
    assert links[2] == url + "solutions/harborline-records-vault/"
    cap_row = next(r for r in rows if r[1] == "Cap basis")
    assert cap_row[3]  # a clause for each value
    assert rows.index([]) > rows.index(cap_row)  # evidence after the data
    assert any(r and r[0] == "# status as of" for r in rows[rows.index([]) :])


def test_only_differences_leaves_no_empty_group(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]
) -> None:
    page, _, url = tab
    index = demo[1]
    page.goto(url + f"compare/?s={index['id'][0]},{index['id'][-1]}")
    page.wait_for_selector("table.cat-compare-table")
    page.locator("#compare-diff").check()
    page.wait_for_function("() => !document.querySelector('table.cat-compare-table tr:not(.cat-differs) td')")
    empty = page.evaluate(
        """() => [...document.querySelectorAll('table.cat-compare-table tbody')]
            .filter((body) => body.rows.length < 2).map((body) => body.textContent)"""
    )
    assert empty == []
    assert page.locator("table.cat-compare-table tbody").count() >= 2


def test_picks_for_comparison_survive_back(tab: tuple[Any, PageWatch, str], demo: tuple[str, Any]) -> None:
    page, _, url = tab
    index = demo[1]
    page.goto(url + "solutions/")
    _ready(page)
    for name in index["name"][:2]:
        page.get_by_label(f"Compare {name}", exact=True).check()
    assert parse_qs(urlparse(page.url).query)["compare"] == [f"{index['id'][0]},{index['id'][1]}"]
    page.locator("#catalog-compare-link").click()
    page.wait_for_selector("table.cat-compare-table")
    page.go_back()
    _ready(page)
    for name in index["name"][:2]:
        assert page.get_by_label(f"Compare {name}", exact=True).is_checked()
    assert page.locator("#catalog-compare-link").inner_text() == "Compare selected (2)"


def test_copied_determination_is_plain_text_with_list_items(browser: Any, demo: tuple[str, Any]) -> None:
    url = demo[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    page.goto(url + "scenarios/ransomware-at-state-agency/")
    actions = page.locator('[data-determination-actions="determination-state_agency-state_agency_emergency"]')
    actions.locator("[data-copy]").click()
    page.wait_for_function(
        """() => document.querySelector('[data-determination-actions="determination-state_agency-'
        + 'state_agency_emergency"] [role=status]').textContent === 'Copied.'"""
    )
    text = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    blocks = text.strip().split("\n\n")
    assert blocks[0].startswith("Written determination of emergency: ")
    assert "Basis for the selection of the contractor" in blocks
    items = [line for block in blocks for line in block.splitlines() if line.startswith("- ")]
    assert any("Mesa & Pine" in item for item in items)  # the contractor's own list, as items
    assert any("under contract" in item for item in items)  # each contract cited, as an item
    for block in blocks:
        lines = block.splitlines()
        assert len(lines) == 1 or all(line.startswith("- ") for line in lines), block


def test_compare_shows_a_solutions_own_terms_over_its_contracts(
    tab: tuple[Any, PageWatch, str], demo: tuple[str, dict[str, Any]]
) -> None:
    """A record gives each changed term as [path, value, clause] (value and clause as positions in
    the file's words) and its family and label once per file; the
    page shows the change under the term's label, and the contract's number from its own file."""
    page, _, url = tab
    index = demo[1]
    data = json.loads(gzip.decompress(urlopen(url + "compare/data/0.json.gz").read()))
    solution, record = next((i, r) for i, r in data["records"].items() if r.get("overrides"))
    path, at, _clause = record["overrides"][0]
    value = data["words"][at]  # the file's text, each once
    family, label = data["term_labels"][path]
    contract = json.loads(
        gzip.decompress(urlopen(url + f"compare/data/contracts/{record['contract_id']}.json.gz").read())
    )
    other = next(i for i in index["id"] if i != solution)
    page.goto(url + f"compare/?s={solution},{other}")
    page.wait_for_selector("table.cat-compare-table")
    header = page.locator("table.cat-compare-table thead").text_content() or ""
    assert index["name"][index["id"].index(solution)] in header
    assert f"under {contract['number']}" in header
    assert page.locator("table.cat-compare-table th[scope=rowgroup]", has_text=family).count() == 1
    row = page.locator("table.cat-compare-table tr", has=page.locator("th", has_text=label)).first
    assert value in (row.locator("td").first.text_content() or "")


def test_search_and_compare_work_in_a_browser_without_decompressionstream(
    browser: Any, demo: tuple[str, dict[str, Any]]
) -> None:
    """The index, its shards and summaries are published gzipped only; a browser without
    DecompressionStream (Safari before 16.4) inflates them with catalog-data.js's own gunzip."""
    url, index = demo
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    watch = PageWatch(page, url)
    page.goto(url + "solutions/")
    _ready(page)
    assert page.evaluate("() => typeof window.DecompressionStream") == "undefined"
    assert _count(page) == index["count"]
    name = index["name"][len(index["name"]) // 3]
    page.locator("#catalog-q").press_sequentially(name, delay=10)
    page.wait_for_function(
        "n => document.querySelector('#catalog-results .cat-card__title a')?.textContent === n", arg=name
    )
    summary = page.locator("#catalog-results li").first.text_content() or ""
    assert index["name"][len(index["name"]) // 3] in summary
    page.goto(url + f"compare/?s={index['id'][0]},{index['id'][-1]}")
    page.wait_for_selector("table.cat-compare-table")
    context.close()
    assert watch.errors == [], watch.errors


def test_gunzip_inflates_stored_fixed_and_dynamic_blocks(tab: tuple[Any, PageWatch, str]) -> None:
    """catalog-data.js's gunzip against Python's gzip at every level (level 0 writes stored blocks,
    short input fixed Huffman blocks, the rest dynamic ones), on text, random bytes and a mix."""
    page, _, url = tab
    page.goto(url + "solutions/")
    _ready(page)
    chance = random.Random(7)  # noqa: S311 - test data, not secrets
    samples = [
        b"",
        b"a",
        ("Umbrella; ünïcødé ☁ — terms " * 400).encode(),
        bytes(chance.getrandbits(8) for _ in range(5000)),
        b"".join(
            bytes(chance.getrandbits(8) for _ in range(chance.randint(0, 40))) + b"abc" * 30
            for _ in range(200)
        ),
    ]
    for sample in samples:
        for level in (0, 1, 6, 9):
            packed = gzip.compress(sample, compresslevel=level, mtime=0)
            got = page.evaluate("b => Array.from(window.CatalogData.gunzip(new Uint8Array(b)))", list(packed))
            assert bytes(got) == sample, (len(sample), level)
    broken = list(gzip.compress(samples[2], mtime=0))[:-40] + [0] * 8
    failed = page.evaluate(
        "b => { try { window.CatalogData.gunzip(new Uint8Array(b)); return ''; } catch (e) { return e.message; } }",
        broken,
    )
    assert failed.startswith(("gzip", "bad gzip"))
