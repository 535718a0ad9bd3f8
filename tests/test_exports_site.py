"""All exports together: byte-identical rebuilds, schemas published byte for byte, errors refused."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from test_exports_support import (
    commit_all,
    export_site,
    git,
    gunzipped,
    read_gzipped_json,
    replace_in,
    site_bytes,
    unzipped_csv,
)

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
    archives = [path for path in one if path.endswith((".gz", ".zip")) and path.startswith("api/")]
    assert len(archives) == 6  # the compressed bulk files are among the identical bytes
    meta = json.loads(gzip.decompress(one["api/v1/catalog.json.gz"]))["meta"]
    assert meta["source_commit"] == commit
    assert meta["published"] == meta["source_commit_time"] == "2026-11-01T09:30:00Z"


def test_source_date_epoch_pins_the_published_time(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15T08:00:00Z
    export_site(project, tmp_path / "site")
    meta = read_gzipped_json(tmp_path / "site/api/v1/catalog.json.gz")["meta"]
    assert meta["published"] == "2027-01-15T08:00:00Z"
    assert b"DTSTAMP:20270115T080000Z" in (tmp_path / "site/calendar.ics").read_bytes()


def test_every_bulk_file_opens_as_index_json_describes_it(demo_project: Path, tmp_path: Path) -> None:
    """Each of index.json's `distributions` is in `files`, on disk, and unpacks (gzip, or a zip
    with exactly the one member named) into content of its media type; every file the site
    publishes whole is among them, and none is also published plain."""
    export_site(demo_project, tmp_path / "site")
    site = tmp_path / "site"
    index = json.loads((site / "api/v1/index.json").read_text(encoding="utf-8"))
    distributions = index["distributions"]
    assert [d["path"] for d in distributions] == sorted(d["path"] for d in distributions)
    described = {d["path"] for d in distributions}
    assert described == {
        "api/v1/catalog.json.gz",
        "api/v1/ocds-release-package.json.gz",
        *(f"api/v1/{kind}.csv.zip" for kind in ("solutions", "vehicles", "contracts", "vendors")),
        "calendar.ics",
        "feed.xml",
    }
    assert described <= set(index["files"])
    for distribution in distributions:
        path = site / distribution["path"]
        if distribution.get("compress_format") == "application/gzip":
            assert set(distribution) == {"path", "media_type", "compress_format"}
            content = gunzipped(path)
            assert not path.with_suffix("").exists(), "published compressed only"
        elif distribution.get("package_format") == "application/zip":
            assert set(distribution) == {"path", "media_type", "package_format", "member"}
            assert distribution["member"] == path.name.removesuffix(".zip")
            content = unzipped_csv(path.parent, distribution["member"])
            assert not (path.parent / distribution["member"]).exists(), "published compressed only"
        else:
            assert set(distribution) == {"path", "media_type"}
            content = path.read_bytes()
        media_type = distribution["media_type"]
        if media_type == "application/json":
            assert isinstance(json.loads(content), dict)
        elif media_type == "text/csv":
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
            assert rows[0][0] == "ID"
            assert len(rows) > 1
        elif media_type == "text/calendar":
            assert icalendar.Calendar.from_ical(content).walk("VEVENT")
        else:
            assert media_type == "application/atom+xml"
            root = ET.fromstring(content)  # noqa: S314 -- our own output
            assert root.tag == "{http://www.w3.org/2005/Atom}feed"


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
