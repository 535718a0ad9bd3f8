"""The site built from the good fixture with the real mkdocs: every entry has its page, with its
name and terms, at its fixed URL; lists and counts agree with the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from browser.sitekit import article, built_site, page, visible_text
from conftest import FIXTURES

pytestmark = pytest.mark.slow

GOOD = FIXTURES / "good" / "catalog"


def _entries(kind: str) -> dict[str, dict[str, object]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((GOOD / kind).glob("*.yaml"))
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("good"))


@pytest.mark.parametrize("kind", ["solutions", "vendors", "contracts", "scenarios"])
def test_every_entry_has_its_page_with_its_name(site: Path, kind: str) -> None:
    for entry_id, data in _entries(kind).items():
        text = visible_text(article(page(site, f"{kind}/{entry_id}/")))
        assert str(data.get("name") or data.get("title")) in text, (kind, entry_id)


def test_solution_page_shows_effective_terms_with_the_tightened_one_marked(site: Path) -> None:
    text = article(page(site, "solutions/acme-case-manager/"))
    words = visible_text(text)
    assert "Effective terms of Acme Case Manager under contract PM-0001" in words
    assert "Cyber and privacy liability, per claim $5M" in words
    # the solution tightens the contract's 72 h breach notice to 24 h
    assert "Confirmed breach notice 24 h Tightened contract: 72 h" in words
    assert words.count("Tightened") == 2  # the explanation above the table, and the one row


def test_solution_page_links_vendor_contract_and_its_yaml(site: Path) -> None:
    text = article(page(site, "solutions/acme-case-manager/"))
    assert 'href="../../vendors/acme-gov/"' in text
    assert 'href="../../contracts/umbrella-software/"' in text
    assert (
        'href="https://code.example.gov/procurement/it-catalog/edit/main/catalog/solutions/acme-case-manager.yaml"'
        in text
    )
    assert "status as of 2026-11-25" in text


def test_contract_page_lists_its_solutions_and_full_terms(site: Path) -> None:
    words = visible_text(article(page(site, "contracts/umbrella-software/")))
    for solution in _entries("solutions").values():
        assert str(solution["name"]) in words
    assert "Terms of contract PM-0001" in words
    assert "Confirmed breach notice 72 h" in words


def test_lists_reach_every_entry_without_javascript(site: Path) -> None:
    for kind in ("solutions", "vendors", "contracts", "scenarios"):
        listing = article(page(site, f"{kind}/"))
        for entry_id in _entries(kind):
            assert f'href="../{kind}/{entry_id}/"' in listing, (kind, entry_id)


def test_home_counts_match_the_catalog(site: Path) -> None:
    words = visible_text(article(page(site, "")))
    assert f"{len(_entries('solutions'))} solutions" in words
    assert f"{len(_entries('vendors'))} vendors" in words
    assert f"{len(_entries('contracts'))} contracts" in words
    assert "api/v1/catalog.json" in page(site, "")


def test_search_index_has_every_solution_once(site: Path) -> None:
    index = json.loads((site / "assets/catalog/solutions-index.json").read_text(encoding="utf-8"))
    assert index["id"] == sorted(_entries("solutions"))
    assert index["count"] == len(_entries("solutions"))
    assert index["as_of"] == "2026-11-25"
    vendors = index["facets"]["vendor"]["values"]
    assert [vendors[i] for i in index["columns"]["vendor"]] == [
        str(s["vendor"]) for _, s in sorted(_entries("solutions").items())
    ]
