"""All exports together: byte-identical rebuilds, schemas published byte for byte, errors refused."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_exports_support import commit_all, export_site, git, replace_in, site_bytes

from site_builder.buildinfo import build_info
from site_builder.exports.site import write_site_exports
from site_builder.pipeline import check


def test_two_builds_of_the_same_commit_are_byte_identical(
    demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git(demo_project, "init", "-q", "-b", "main")
    commit = commit_all(demo_project, "Demo catalog", "2026-11-01T09:30:00Z")
    export_site(demo_project, tmp_path / "one")
    export_site(demo_project, tmp_path / "two")
    one, two = site_bytes(tmp_path / "one"), site_bytes(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
    meta = json.loads(one["api/v1/catalog.json"])["meta"]
    assert meta["source_commit"] == commit
    assert meta["published"] == meta["source_commit_time"] == "2026-11-01T09:30:00Z"


def test_source_date_epoch_pins_the_published_time(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15T08:00:00Z
    export_site(project, tmp_path / "site")
    meta = json.loads((tmp_path / "site/api/v1/catalog.json").read_text(encoding="utf-8"))["meta"]
    assert meta["published"] == "2027-01-15T08:00:00Z"
    assert b"DTSTAMP:20270115T080000Z" in (tmp_path / "site/calendar.ics").read_bytes()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]


def test_schemas_and_policy_are_published_byte_for_byte_with_an_index(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    published = tmp_path / "site" / "schema"
    sources = [*sorted((project / "schema").glob("*.schema.json")), project / "schema/terms-policy.yaml"]
    for source in sources:
        assert (published / source.name).read_bytes() == source.read_bytes(), source.name
    index = json.loads((published / "index.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in index["files"]] == [s.name for s in sources]
    for entry, source in zip(index["files"], sources, strict=True):
        assert entry["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    links = _Links()
    links.feed((published / "index.html").read_text(encoding="utf-8"))
    assert {s.name for s in sources} <= set(links.hrefs)
    assert b"<script" not in (published / "index.html").read_bytes()


def test_a_catalog_with_errors_is_refused(project: Path, tmp_path: Path) -> None:
    replace_in(project / "catalog/solutions/acme-desktop-suite.yaml", "risk_tier: low", "risk_tier: extreme")
    result = check(project)
    assert result.report.errors
    with pytest.raises(ValueError, match="without errors"):
        write_site_exports(result, tmp_path / "site", build_info(project, result.catalog.today))
    assert not (tmp_path / "site").exists()
