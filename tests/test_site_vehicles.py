"""Vehicles on the site, built with the real mkdocs from the demo: the vehicle page lists its
awardees and where their terms differ, and a solution under an award shows each term's layer and
the signed instrument behind every term an award or an override states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from site_builder import terms

from browser.sitekit import article, built_site, page, visible_text
from conftest import REPO

pytestmark = pytest.mark.slow

VEHICLE = "ogs-it-umbrella-73600"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("demo"), demo=True)


def entries(kind: str) -> dict[str, dict[str, object]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (REPO / "catalog" / kind).glob("*.yaml")
    }


def test_every_vehicle_page_lists_each_award_under_it(site: Path) -> None:
    contracts = entries("contracts")
    for vehicle_id in entries("vehicles"):
        words = visible_text(article(page(site, f"vehicles/{vehicle_id}/")))
        awards = [c for c in contracts.values() if c.get("vehicle") == vehicle_id]
        assert awards, vehicle_id
        for award in awards:
            assert str(award["number"]) in words, (vehicle_id, award["id"])
            assert f'href="../../contracts/{award["id"]}/"' in page(site, f"vehicles/{vehicle_id}/")


def test_the_vehicle_page_shows_where_the_awards_differ(site: Path) -> None:
    html = article(page(site, f"vehicles/{VEHICLE}/"))
    table = html[html.index('class="cat-table cat-differences"') :]
    table = table[: table.index("</table>")]
    rows = {
        visible_text(row.split("</th>", 1)[0]): [
            visible_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    }
    # Common 48 h; Bluestem's and Larkspur's awards tighten it to 24 h, Harborline's keeps it.
    common, bluestem, harborline, larkspur = rows["Data protection: confirmed breach notice"]
    assert common == "48 h"
    assert bluestem.startswith("24 h")
    assert "Tightened" in bluestem
    assert harborline == "48 h"
    assert larkspur.startswith("24 h")
    words = visible_text(html)
    assert "Open: any interested vendor could bid" in words
    assert "With reopening competition" in words


def test_a_solution_under_an_award_names_each_layer_and_its_signature(site: Path) -> None:
    """The solution page shows what it sets itself and where that was signed; the award's layers
    over the vehicle are on the contract page it links to."""
    text = article(page(site, "solutions/harborline-records-vault/"))
    words = visible_text(text)
    assert 'href="../../contracts/harborline-it-umbrella/#terms"' in text
    assert "Confirmed breach notice 24 h Tightened contract: 48 h (Appendix B §32)" in words
    # One rider signed every term it sets: said once, under the table.
    assert (
        "Each term set above was signed in Rider 1 to contract PM20871: Harborline Records Vault, 2026-07-03."
    ) in words
    contract = visible_text(article(page(site, "contracts/harborline-it-umbrella/")))
    assert (
        "award under the umbrella contract IT Umbrella Contract (Manufacturer Based) (Group 73600, Award 22802)"
        in contract
    )
    assert "award signed in Executed contract PM20871, 2025-03-14" in contract


def test_every_override_shown_on_the_site_says_where_it_was_signed(site: Path) -> None:
    """The class, not the instance: every demo solution with overrides, every row they set."""
    checked = once = 0
    for solution_id, data in entries("solutions").items():
        overrides = data.get("terms_overrides")
        if not overrides:
            continue
        html = article(page(site, f"solutions/{solution_id}/"))
        # The table of the terms it sets itself; a row runs to the next row or the end of its
        # group (rows leave out optional end tags). One term under one contract is a definition.
        if 'id="terms-table"' in html:
            table = html[html.index('id="terms-table"') :].split("</table>", 1)[0].split("</thead>", 1)[1]
            own = re.findall(r"<tr[^>]*><th>.*?(?=<tr|</tbody>)", table, re.DOTALL)
        else:
            section = html[html.index('<h2 id="terms">') :].split("<h2 ", 2)[1]
            table = section.split('<dl class="cat-facts">', 1)[1].split("</dl>", 1)[0]
            own = re.findall(r"<dt>.*?</dd>", table, re.DOTALL)
            assert len(own) == 1, solution_id
        leaves = [p for p, _ in terms.iter_leaves(overrides) if not p.endswith(".section")]
        assert len(own) >= len(leaves), solution_id  # once per contract it is offered under
        # Either every row names its instrument, or one instrument signed them all and the
        # table says so once, in its footer.
        footer = re.search(r"<tfoot>.*?</tfoot>", table, re.DOTALL)
        for row in own:
            assert ('<span class="cat-signed">signed in <a href="https://' in row) != bool(footer), (
                solution_id,
                row,
            )
        if footer:
            assert 'Each term set above was signed in <a href="https://' in footer.group(0), solution_id
            assert sum(row.count("<td") for row in own) >= 2, solution_id  # values, not one
            once += 1
        checked += 1
    assert checked >= 10
    assert 0 < once < checked  # the demo has both forms
