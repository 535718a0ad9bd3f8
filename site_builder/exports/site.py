"""Write every export into a built site; the mkdocs plugin calls this after the pages are built.

The large files are written record by record as they are made (`jsonout.write_json`, the CSV and
calendar writers), so no whole document is held: at 50,000 solutions they held gigabytes. The bulk
files go through their compressor on the way (archives.py says why and how).

Paths (site-relative):

- `api/v1/index.json` lists the files below with the build's metadata, once;
- `api/v1/<kinds>/<id>.json` per entry, and `api/v1/catalog.json.gz` (every entry but the
  solutions in full, a row per solution: see catalog_json.py);
- `api/v1/solutions.csv.zip`, `api/v1/vehicles.csv.zip`, `api/v1/contracts.csv.zip`,
  `api/v1/vendors.csv.zip`, each holding the one CSV its name says;
- `api/v1/ocds-release-package.json.gz`, and the project's OCDS extension in `api/v1/ocds-extension/`;
- `feed.xml` (Atom) and `calendar.ics` (iCalendar), plain: readers and calendar applications
  subscribe to them by address;
- `schema/` with the schemas and the terms policy byte for byte, `index.html` and `index.json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..buildinfo import BuildInfo
from ..jsonout import json_bytes, write_json
from ..model import KINDS
from ..pipeline import Result
from . import API_DIR
from .archives import as_is, gzip_writer, gzipped, zip_writer, zipped
from .catalog_json import write_catalog
from .feed import atom_feed
from .ical import write_calendar
from .ocds import EXTENSION_DIR, extension_files, release_package
from .published import index_html, index_json, published_files
from .records import build_meta, build_records
from .settings import ExportSettings, read_settings
from .tabular import CSV_NAMES, tables, write_table

CATALOG = gzipped(f"{API_DIR}/catalog.json", "application/json")
OCDS_PACKAGE = gzipped(f"{API_DIR}/ocds-release-package.json", "application/json")
CALENDAR = as_is("calendar.ics", "text/calendar")
SPREADSHEETS = {name: zipped(f"{API_DIR}/{name}", "text/csv") for name in CSV_NAMES}
# The bulk files, written by streaming into them rather than held as bytes (write_site_exports).
STREAMED = (CATALOG, OCDS_PACKAGE, CALENDAR, *SPREADSHEETS.values())
# What index.json says of each file a consumer downloads whole.
DISTRIBUTIONS = (*STREAMED, as_is("feed.xml", "application/atom+xml"))


def export_files(
    result: Result,
    info: BuildInfo,
    settings: ExportSettings,
    meta: Mapping[str, Any],
    records: Mapping[str, list[dict[str, Any]]],
) -> dict[str, bytes]:
    """The small exports by site-relative path: all but the per-entry JSON files and STREAMED."""
    files: dict[str, bytes] = {
        "feed.xml": atom_feed(result.project.root, records, meta, settings, info.timestamp),
    }
    files.update({f"{EXTENSION_DIR}/{name}": content for name, content in extension_files(settings).items()})
    published = published_files(result.project.root)
    files.update({f"schema/{f.name}": f.content for f in published})
    files["schema/index.html"] = index_html(published, meta)
    files["schema/index.json"] = index_json(published, meta)
    paths = sorted([*files, *(d.path for d in STREAMED)])
    files[f"{API_DIR}/index.json"] = json_bytes(_index(meta, paths), pretty=True)
    return files


def _index(meta: Mapping[str, Any], paths: list[str]) -> dict[str, Any]:
    return {
        "meta": meta,
        "files": [*paths, *(f"{API_DIR}/{kind}/<id>.json" for kind in KINDS)],
        "distributions": [d.as_json() for d in sorted(DISTRIBUTIONS, key=lambda d: d.path)],
    }


def write_site_exports(
    result: Result, site_dir: Path, info: BuildInfo, *, settings: ExportSettings | None = None
) -> None:
    """Write all exports under `site_dir`. `settings` default to those in the project's mkdocs.yml;
    the plugin passes its own (`site_url`, `ocds_prefix`) so a build with another config file agrees."""
    if result.report.errors:
        raise ValueError("exports are written only for a catalog without errors")
    settings = settings or read_settings(result.project.root)
    meta = build_meta(result, info, settings)
    records = build_records(result)
    for path, content in export_files(result, info, settings, meta, records).items():
        _write(site_dir / path, content)
    # The big ones go to their files record by record: at 50,000 solutions catalog.json alone was
    # 200 MB, and holding every document at once took gigabytes.
    with gzip_writer(site_dir / CATALOG.path) as stream:
        write_catalog(stream, records, meta, site_dir)
    with gzip_writer(site_dir / OCDS_PACKAGE.path) as stream:
        write_json(stream, release_package(records, meta, settings))
    with _open(site_dir / CALENDAR.path) as stream:
        write_calendar(stream, records, meta, settings)
    for name, table in tables(records, result.project.policy.currency, settings):
        spreadsheet = SPREADSHEETS[name]
        with zip_writer(site_dir / spreadsheet.path, name) as stream:
            write_table(stream, table)


def _open(path: Path) -> BinaryIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("wb")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
