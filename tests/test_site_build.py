"""The site built from the good fixture with the real mkdocs: every entry has its page, with its
name and terms, at its fixed URL; lists and counts agree with the catalog."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import gitrepo
import pytest
import yaml

from site_builder.build import build_site

from browser.sitekit import article, built_site, page, visible_text
from conftest import FIXTURES, REPO, make_project

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


def test_solution_page_shows_the_terms_it_sets_and_links_to_its_contracts_terms(site: Path) -> None:
    text = article(page(site, "solutions/acme-case-manager/"))
    words = visible_text(text)
    assert (
        "The pre-negotiated terms of contract PM-0001 apply, with one term Acme Case Manager sets itself:"
        in words
    )
    assert 'href="../../contracts/umbrella-software/#terms"' in text
    # the solution tightens the contract's 72 h breach notice to 24 h: its one term, a definition
    # rather than a table of one row
    assert 'id="terms-table"' not in text
    assert "Data protection: Confirmed breach notice 24 h Tightened contract: 72 h" in words
    assert words.count("Tightened") == 1
    assert "Cyber and privacy liability" not in words  # the contract's, on the contract's page


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
    assert "Cyber and privacy liability, per claim $5M" in words


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
    assert "api/v1/catalog.json.gz" in page(site, "")


def test_search_index_has_every_solution_once(site: Path) -> None:
    index = json.loads(gzip.decompress((site / "assets/catalog/solutions-index.json.gz").read_bytes()))
    # Gzipped only, shards and summaries too: the pages inflate them, with no plain copy beside.
    assert not list((site / "assets/catalog").rglob("*.json"))
    assert list((site / "assets/catalog/search").glob("*.json.gz"))
    assert list((site / "assets/catalog/summaries").glob("*.json.gz"))
    assert index["id"] == sorted(_entries("solutions"))
    assert index["count"] == len(_entries("solutions"))
    assert index["as_of"] == "2026-11-25"
    vendors = index["facets"]["vendor"]["values"]
    assert [vendors[i] for i in index["columns"]["vendor"]] == [
        str(s["vendor"]) for _, s in sorted(_entries("solutions").items())
    ]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_source_builds_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    root = make_project(tmp_path / "project")
    assert build_site(root, tmp_path / "one", strict=True) == 0
    assert build_site(root, tmp_path / "two", strict=True) == 0
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "sitemap.xml" in one


def test_failed_build_keeps_the_previous_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(root, site, strict=True) == 0
    before = _tree(site)
    broken = root / "catalog" / "solutions" / "acme-desktop-suite.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("risk_tier: low", "risk_tier: lowest"), "utf-8"
    )
    assert build_site(root, site, strict=True) == 1
    assert _tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    out = capsys.readouterr().out
    assert "catalog/solutions/acme-desktop-suite.yaml" in out
    assert "risk_tier" in out


@pytest.mark.parametrize("where", ["unrelated", "root", "catalog"])
def test_build_refuses_a_folder_it_did_not_make(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    targets = {"unrelated": tmp_path / "notes", "root": root, "catalog": root / "catalog" / "site"}
    reasons = {
        "unrelated": "is not empty and does not look like a site this tool built",
        "root": "holds the project itself",
        "catalog": "is inside the project's catalog/ folder",
    }
    target = targets[where]
    target.mkdir(parents=True, exist_ok=True)
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    assert build_site(root, target, strict=True) == 2
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    err = capsys.readouterr().err
    assert f"refusing to write the site there: {target} {reasons[where]}." in err
    assert "Choose an empty or new folder." in err


def test_expired_contract_is_shown_but_does_not_fail_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    contract = root / "catalog" / "contracts" / "umbrella-software.yaml"
    text = contract.read_text(encoding="utf-8")
    text = text.replace('end: "2029-01-31"', 'end: "2026-10-31"').replace(
        'decision_by: "2028-08-01"', 'decision_by: "2026-06-01"'
    )
    contract.write_text(text, encoding="utf-8")
    assert build_site(root, tmp_path / "site", strict=True) == 0
    words = visible_text(article(page(tmp_path / "site", "contracts/umbrella-software/")))
    assert "Expired" in words
    assert "PM-0001" in visible_text(article(page(tmp_path / "site", "expiring/")))


def test_the_demo_builds_with_a_page_per_entry(tmp_path: Path) -> None:
    site = built_site(tmp_path, demo=True)
    for kind in ("solutions", "vendors", "contracts", "scenarios"):
        ids = sorted(p.stem for p in (REPO / "catalog" / kind).glob("*.yaml"))
        assert ids, kind
        built = sorted(p.parent.name for p in (site / kind).glob("*/index.html") if p.parent.name != "page")
        assert built == ids, kind
    assert "fictional" in page(site, "")


def test_a_build_asks_git_what_it_is_of_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commit and its date come from one git process per build, and are what the site says:
    the sitemap's dates (mkdocs', pinned to the commit) and the source the pages name."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "project")
    gitrepo.init(root)
    head = gitrepo.git(root, "rev-parse", "HEAD")
    calls = tmp_path / "git-calls.txt"
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    real = shutil.which("git")
    assert real is not None
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{calls}"\nexec "{real}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    assert build_site(root, tmp_path / "site", strict=True) == 0
    # what names the commit and its date (the feed's history asks git other things)
    lines = calls.read_text("utf-8").splitlines()
    asked = [line for line in lines if line.endswith(" rev-parse HEAD") or " log -1 " in line]
    assert len(asked) == 1, lines
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2026-11-01</lastmod>" in sitemap
    assert head[:12] in (tmp_path / "site" / "index.html").read_text("utf-8")
    meta = json.loads(gzip.decompress((tmp_path / "site/api/v1/catalog.json.gz").read_bytes()))["meta"]
    assert (meta["source_commit"], meta["source_commit_time"]) == (head, "2026-11-01T00:00:00Z")
