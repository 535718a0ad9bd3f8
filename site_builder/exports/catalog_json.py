"""`api/v1/catalog.json` (published as `catalog.json.gz`) and the per-entry files, written in one
pass, record by record.

Each solution's full record is published once, in `api/v1/solutions/<id>.json`. `catalog.json`
carries the vendors, vehicles, contracts and scenarios in full (there are few of them, and a
solution's record is read relative to its contracts) and, per solution, an index row: enough to
choose which records to fetch (name, vendor, category, contracts, status, whether it can be
ordered); `meta.solution_record` and `meta.solution_page` say where its record and page are. Publishing every solution in both files made
them half the open data.

A per-entry file's `meta` says which build it comes from (`source_commit`, `as_of`: its statuses
are as of that day); `api/v1/index.json` beside it carries the build's full metadata (API version,
policy, counts, the law, the words of status codes) once.

Nothing is held whole: each record is serialized once, written to its own file, and put into
`catalog.json` (a contract's record, say) as the same bytes, while `catalog.json` is streamed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Self

from ..jsonout import Raw, Streamed, dumps, write_json
from ..model import KINDS, SINGULAR
from . import API_DIR
from .recordform import published
from .records import contract_terms

# Where a solution's full record is, for a consumer who has only catalog.json.
RECORD_PATH = f"{API_DIR}/solutions/{{id}}.json"
PAGE_PATH = "solutions/{id}/"


def entry_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """What a per-entry file says about its build: the commit it was built from and the day its
    statuses are as of. The rest is once in api/v1/index.json (the file's address says the API
    version, and the index is always beside it)."""
    return {"source_commit": meta["source_commit"], "as_of": meta["as_of"]}


def catalog_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """catalog.json's `meta`: the build's, and where each solution's full record and page are."""
    return {**meta, "solution_record": RECORD_PATH, "solution_page": PAGE_PATH}


def solution_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A solution's row in catalog.json: what a consumer picks records by. Where its record and
    page are follows from its id (`meta.solution_record`, `meta.solution_page`)."""
    computed = record["computed"]
    return {
        "id": record["id"],
        "name": record["name"],
        "vendor": record["vendor"],
        "category": record["category"],
        "contracts": [offering["contract"] for offering in computed["offerings"]],
        "status": computed["status"],
        "orderable": computed["orderable"],
    }


def entry_head(kind: str, meta_text: bytes) -> bytes:
    """The start of every per-entry file of a kind: the file is this, the record, then `}` and a
    newline: `{"meta": ..., "<singular kind>": record}`, compact, `meta` first."""
    return b'{"meta":' + meta_text + b',"' + SINGULAR[kind].encode() + b'":'


# Where the system has no gathered write or no directory descriptors (Windows), each file is
# written by its path instead: the same bytes, a little more work per file.
GATHERED_WRITES = hasattr(os, "writev") and os.open in os.supports_dir_fd


class EntryFiles:
    """The files of one folder of per-entry records, each written whole by a single `write`: there
    are tens of thousands of them, and a file object per file (buffer, size and terminal checks)
    cost more than the writing. Nothing is written without a folder."""

    _FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)

    def __init__(self, folder: Path | None) -> None:
        self.path = folder
        self.folder: int | None = None
        if folder is not None and GATHERED_WRITES:
            self.folder = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self.folder is not None:
            os.close(self.folder)
            self.folder = None

    def write(self, name: str, parts: list[bytes]) -> None:
        """Write the file `name` as the parts joined (gathered by the system, never copied here)."""
        if self.path is None:
            return
        if self.folder is None:
            (self.path / name).write_bytes(b"".join(parts))
            return
        file = os.open(name, self._FLAGS, 0o666, dir_fd=self.folder)  # as open(..., "wb") makes it
        try:
            written = os.writev(file, parts)
            if written < sum(len(part) for part in parts):  # a write may take less than all of it
                view = memoryview(b"".join(parts))[written:]
                while view:
                    view = view[os.write(file, view) :]
        finally:
            os.close(file)


def streamed_document(
    records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], site_dir: Path | None
) -> dict[str, Any]:
    """catalog.json as a document to stream (`jsonout.write_json`); when `site_dir` is given,
    each entry's own file is written as its record goes by."""
    terms = contract_terms(records)
    meta_text = dumps(entry_meta(meta)).encode("utf-8")

    def rows(kind: str) -> Iterator[Any]:
        folder = site_dir / API_DIR / kind if site_dir else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        head = entry_head(kind, meta_text)
        with EntryFiles(folder) as files:
            for record in records[kind]:
                text = dumps(published(kind, record, terms)).encode("utf-8")
                files.write(f"{record['id']}.json", [head, text, b"}\n"])
                yield solution_row(record) if kind == "solutions" else Raw(text)

    return {"meta": catalog_meta(meta), **{kind: Streamed(rows(kind)) for kind in KINDS}}


def write_catalog(
    stream: BinaryIO, records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], site_dir: Path
) -> None:
    """Write catalog.json into `stream` (the site publishes it gzipped) and every per-entry file
    under `site_dir`."""
    write_json(stream, streamed_document(records, meta, site_dir))


def plain_document(records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any]) -> dict[str, Any]:
    """catalog.json as one plain document, for checking the streamed file against `json_bytes`."""
    terms = contract_terms(records)
    return {
        "meta": catalog_meta(meta),
        **{
            kind: [
                solution_row(r) if kind == "solutions" else published(kind, r, terms) for r in records[kind]
            ]
            for kind in KINDS
        },
    }
