"""Where a solution is listed, in the real built HTML: one full card (with its summary) on its
category page, a compact row on its vendor's page, its contracts' pages and the paged A-to-Z
index; and on its own page one contract, ceiling rate or fee as a sentence, several as a table."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render import site_data
from site_builder.render.labels import label
from site_builder.render.sitedata import SiteData

from browser.sitekit import article, built_site, catalog_date, page, visible_text
from conftest import REPO, make_project

pytestmark = pytest.mark.slow

ROWS = re.compile(
    r'<ul class="cat-rows" (aria-label="[^"]+"|aria-labelledby="[^"]+")>\n(.*?)</ul>', re.DOTALL
)
ROW = re.compile(r'<li><a href="(?:\.\./)*solutions/([a-z0-9-]+)/">(.*?)</a>(.*?)</li>')
CARD = re.compile(r'<li><h3><a href="(?:\.\./)*solutions/([a-z0-9-]+)/">.*?</h3>(.*?)</li>', re.DOTALL)


def _data(root: Path) -> SiteData:
    with catalog_date():
        result = check(root)
    return site_data(result, build_info(root, result.catalog.today))


def _rows(text: str) -> list[tuple[str, str, str]]:
    """(id, link text, what follows the link) of every compact row of a page, checking that each
    list has an accessible name and that no two links of the page read the same."""
    found = []
    for name, body in ROWS.findall(article(text)):
        if name.startswith("aria-labelledby="):
            target = name.split('"')[1]
            assert re.search(rf'<h3 id="{target}">[^<]+</h3>', text), name
        else:
            assert name != 'aria-label=""'
        found += [(i, html.unescape(words), rest) for i, words, rest in ROW.findall(body)]
    texts = Counter(words for _, words, _ in found)
    assert [words for words, count in texts.items() if count > 1] == []
    return found


def _pages(site: Path, first: str) -> list[str]:
    """A list page and the pages after it (first/page/2/, ...)."""
    texts = [page(site, first)]
    number = 2
    while (site / first / "page" / str(number) / "index.html").is_file():
        texts.append(page(site, f"{first}page/{number}/"))
        number += 1
    return texts


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteData]:
    return built_site(tmp_path_factory.mktemp("demo"), demo=True), _data(REPO)


def test_every_solution_of_a_vendor_or_contract_is_one_row_of_its_page(demo: tuple[Path, SiteData]) -> None:
    site, data = demo
    indexes = data.indexes
    for vendor in data.catalog.vendors.values():
        rows = _rows(page(site, f"vendors/{vendor.id}/"))
        assert sorted(i for i, _, _ in rows) == sorted(indexes.solutions_by_vendor.get(vendor.id, [])), (
            vendor.id
        )
        for i, _, rest in rows:
            solution = data.catalog.solutions[i]
            assert vendor.name not in visible_text(rest)  # the page's own vendor is not repeated
            assert label("category", solution.category) in visible_text(rest)
            assert str(solution.data["summary"]) not in rest
    for contract in data.catalog.contracts.values():
        text = page(site, f"contracts/{contract.id}/")
        rows = _rows(text)
        ids = indexes.solutions_by_contract.get(contract.id, [])
        assert sorted(i for i, _, _ in rows) == sorted(ids), contract.id
        for i, _, rest in rows:
            solution = data.catalog.solutions[i]
            assert contract.number not in rest
            assert str(solution.data["summary"]) not in rest
            maker = data.catalog.vendors[solution.vendor_id].name
            assert (maker in html.unescape(rest)) == (solution.vendor_id != contract.vendor_id)
        # grouped by category, the groups and the rows in each A to Z
        headings = re.findall(r'<h3 id="in-\d+">([^<]+)</h3>', text)
        assert headings == sorted(headings, key=str.casefold)
        assert len(headings) == len({data.catalog.solutions[i].category for i in ids})


def test_rows_are_a_to_z_and_carry_the_badges_of_their_solution(demo: tuple[Path, SiteData]) -> None:
    site, data = demo
    for vendor in data.catalog.vendors.values():
        rows = _rows(page(site, f"vendors/{vendor.id}/"))
        names = [data.catalog.solutions[i].name.casefold() for i, _, _ in rows]
        assert names == sorted(names)
        for i, _, rest in rows:
            solution = data.catalog.solutions[i]
            status = data.indexes.status[i]
            assert f'<span class="cat-b-{status.status.value}">' in rest
            assert ('<span class="cat-b-ready">Emergency-ready</span>' in rest) == solution.emergency_ready


def test_every_solution_is_on_exactly_one_category_page_with_its_summary(demo: tuple[Path, SiteData]) -> None:
    site, data = demo
    seen: Counter[str] = Counter()
    for category in data.indexes.solutions_by_category:
        for text in _pages(site, f"categories/{category}/"):
            for i, body in CARD.findall(article(text)):
                seen[i] += 1
                assert data.catalog.solutions[i].category == category
                assert str(data.catalog.solutions[i].data["summary"]) in visible_text(body)
    assert seen == Counter(dict.fromkeys(data.catalog.solutions, 1))
    assert not list(site.glob("solutions/page/*"))  # the demo's index fits on one page
    index = _rows(page(site, "solutions/"))
    assert sorted(i for i, _, _ in index) == sorted(data.catalog.solutions)
    assert 'href="../categories/">category</a>' in article(page(site, "solutions/"))


def _acme_manager_named_like_the_training(folder: Path) -> None:
    """Acme's case manager takes the name of Blue River's training: namesakes of two vendors."""
    manager = folder / "acme-case-manager.yaml"
    manager.write_text(
        manager.read_text("utf-8").replace(
            "name: Acme Case Manager", "name: Blue River Security Awareness Training"
        ),
        "utf-8",
    )


def test_the_paged_index_lists_every_solution_once_a_to_z_and_tells_namesakes_apart(tmp_path: Path) -> None:
    """150 solutions of which 121 share one name (120 of one vendor, one of another): every one
    is on exactly one page of the index, the pages run A to Z, and each page's links differ."""
    root = make_project(tmp_path / "project")
    folder = root / "catalog" / "solutions"
    source = (folder / "blue-river-training.yaml").read_text("utf-8")
    for number in range(120):
        new_id = f"training-{number:03d}"
        (folder / f"{new_id}.yaml").write_text(source.replace("blue-river-training", new_id), "utf-8")
    for number in range(27):
        new_id = f"course-{number:02d}"
        text = source.replace("blue-river-training", new_id)
        text = text.replace("name: Blue River Security Awareness Training", f"name: Course {number:02d}")
        (folder / f"{new_id}.yaml").write_text(text, "utf-8")
    _acme_manager_named_like_the_training(folder)
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    site = tmp_path / "site"
    texts = _pages(site, "solutions/")
    assert len(texts) == 2
    listed = [row for text in texts for row in _rows(text)]
    ids = [i for i, _, _ in listed]
    assert sorted(ids) == sorted(p.stem for p in folder.glob("*.yaml"))
    assert len(ids) == len(set(ids))
    data = _data(root)
    keys = [(data.catalog.solutions[i].name.casefold(), i) for i in ids]
    assert keys == sorted(keys)
    for i, words, rest in listed:
        solution = data.catalog.solutions[i]
        vendor = data.catalog.vendors[solution.vendor_id].name
        assert words.startswith(solution.name)
        assert vendor in html.unescape(words + rest)  # beside the link, or in it to tell it apart
        assert label("category", solution.category) in html.unescape(words + rest)
    # Each page says which names it spans and where the summaries are.
    first, second = (visible_text(text) for text in texts)
    assert "From Acme Desktop Suite to Blue River Security Awareness Training, 100 a page" in first
    assert "From Blue River Security Awareness Training to Course 26, 100 a page" in second
    assert 'href="../../../categories/">category</a>' in texts[1]


def test_namesakes_of_two_vendors_are_told_apart_by_vendor(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    _acme_manager_named_like_the_training(root / "catalog" / "solutions")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    data = _data(root)
    acme, river = (data.catalog.vendors[v].name for v in ("acme-gov", "blue-river"))
    for url in ("solutions/", "contracts/umbrella-software/"):
        links = {i: words for i, words, _ in _rows(page(tmp_path / "site", url))}
        assert links["acme-case-manager"] == f"Blue River Security Awareness Training ({acme})"
        assert links["blue-river-training"] == f"Blue River Security Awareness Training ({river})"
        assert links["acme-desktop-suite"] == "Acme Desktop Suite"


def _section(text: str, anchor: str) -> str:
    start = text.index(f'<h2 id="{anchor}">')
    end = text.find("<h2 ", start + 1)
    return text[start : end if end > 0 else len(text)]


def _check_shapes(site: Path, data: SiteData) -> Counter[tuple[str, bool]]:
    """Checks each solution page's contracts, ceiling rates and fees; counts the shapes seen."""
    shapes: Counter[tuple[str, bool]] = Counter()
    for solution in data.catalog.solutions.values():
        text = article(page(site, f"solutions/{solution.id}/"))
        contracts = _section(text, "contracts")
        shapes["contracts", len(solution.offerings) > 1] += 1
        if len(solution.offerings) == 1:
            contract = data.catalog.contracts[solution.offerings[0].contract_id]
            assert "<table" not in contracts
            words = visible_text(contracts)
            assert (
                f"Bought under contract {contract.number} ({html.unescape(contract.data['title'])})" in words
            )
            assert f"from {contract.start.isoformat()} to {contract.end.isoformat()}: " in words
            assert f'<span class="cat-b-{contract.validity.status.value}">' in contracts
            assert f'href="../../contracts/{contract.id}/"' in contracts
        else:
            assert contracts.count("<tr>") == 1 + len(solution.offerings)
            for offering in solution.offerings:
                assert data.catalog.contracts[offering.contract_id].number in contracts
        own = [
            row
            for offering in solution.offerings
            for group in data.offering_groups(solution, offering)
            for row in group.rows
            if row.source == "this solution"
        ]
        if own:
            terms = _section(text, "terms")
            single = len(own) == 1 and len(solution.offerings) == 1
            shapes["terms", not single] += 1
            assert ('id="terms-table"' in terms) == (not single), solution.id
            if single:
                assert f"with one term {solution.name} sets itself:" in visible_text(terms)
                assert f"<dt>{html.escape(own[0].label)}" not in terms  # the family comes first
                assert f": {own[0].label} {own[0].value}" in visible_text(terms)
        pricing = solution.data.get("pricing") or {}
        for key, caption, start in (
            ("ceiling_rates", "Ceiling rates of", "Ceiling rate for"),
            ("fees", "Fees of", "Fee for"),
        ):
            items = pricing.get(key) or []
            if not items:
                continue
            shapes[key, len(items) > 1] += 1
            prices = _section(text, "prices")
            if len(items) == 1:
                assert caption not in prices
                assert f"{start} {items[0]['name']}: " in html.unescape(visible_text(prices))
            else:
                table = prices[prices.index(caption) :].split("</table>", 1)[0]
                assert table.count("<tr>") == 1 + len(items)
    return shapes


def test_one_contract_rate_or_fee_is_a_sentence_and_several_a_table(demo: tuple[Path, SiteData]) -> None:
    shapes = _check_shapes(*demo)
    # the demo has both shapes of contracts, ceiling rates and own terms, and single fees
    kinds = ("contracts", "ceiling_rates", "terms")
    assert {shape for shape in shapes if shape[0] in kinds} == {(k, n) for k in kinds for n in (False, True)}
    assert ("fees", False) in shapes


def test_several_fees_are_a_table(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    fees = ["{name: Onboarding, per: once, amount: 500}", "{name: Premium support, per: month, amount: 90}"]
    for name, listed in (("acme-case-manager", fees), ("acme-desktop-suite", fees[:1])):
        path = root / "catalog" / "solutions" / f"{name}.yaml"
        text = re.sub(
            r"^(pricing: \{.*)\}$",
            rf"\1, fees: [{', '.join(listed)}]}}",
            path.read_text("utf-8"),
            flags=re.MULTILINE,
        )
        assert "fees:" in text
        path.write_text(text, "utf-8")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    shapes = _check_shapes(tmp_path / "site", _data(root))
    assert shapes["fees", True] == 1
    assert shapes["fees", False] == 1
