"""`catalog export`: the site's data files without building the site, or (`--format docs`) the
whole site as a plain mkdocs project (see docstree.py).

Exit codes: 0 written; 1 the catalog has errors (printed to standard error, nothing written);
2 usage (csv or docs without --output, a bad --ocds-prefix, or an output that cannot be
written). A broken policy or mkdocs.yml raises ConfigError, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from ..buildinfo import build_info
from ..docstree import write_docs_tree
from ..jsonout import json_bytes, plain
from ..outdir import unsafe_target
from ..pipeline import Result, check
from ..report import format_text
from ..sitebuild import BuildError
from .ocds import release_package
from .records import build_meta, build_records, catalog_document
from .settings import OCDS_PREFIX, make_settings, read_settings
from .tabular import csv_files

FORMATS = ("json", "csv", "ocds", "docs")
FOLDERS = ("csv", "docs")  # formats written into a folder


def run_export(
    root: Path, fmt: str, output: Path | None, as_of: date | None, ocds_prefix: str | None = None
) -> int:
    if fmt not in FORMATS:
        return _usage(f'unknown format "{fmt}"; use one of {", ".join(FORMATS)}')
    if fmt in FOLDERS and output is None:
        what = "four files (solutions, vehicles, contracts, vendors)" if fmt == "csv" else "a docs tree"
        return _usage(f"--format {fmt} writes {what}; give --output DIR")
    if fmt == "csv" and output is not None and output.exists() and not output.is_dir():
        return _usage(f"{output} is a file; --format csv needs a folder to write four files into")
    if fmt not in FOLDERS and output is not None and output.is_dir():
        return _usage(f"{output} is a folder; give a file name for --format {fmt}")
    if ocds_prefix is not None and not OCDS_PREFIX.fullmatch(ocds_prefix):
        return _usage(f'--ocds-prefix "{ocds_prefix}" is not ocds- and six lowercase letters or digits')
    if fmt == "docs" and output is not None:
        problem = unsafe_target(root.resolve(), output.absolute())
        if problem:
            return _usage(f"refusing to write the docs tree there: {problem}. Choose an empty or new folder.")
    result = check(root, today=as_of)
    if result.report.errors:
        sys.stderr.write(format_text(result.report) + "\n")
        sys.stderr.write("Nothing was exported: fix the errors above first.\n")
        return 1
    if result.report.warnings:
        sys.stderr.write(format_text(result.report) + "\n")
    settings = read_settings(result.project.root)
    if ocds_prefix is not None:
        settings = make_settings(settings.site_url, ocds_prefix)
    info = build_info(result.project.root, result.catalog.today)
    meta = build_meta(result, info, settings)
    records = build_records(result)
    try:
        if fmt == "docs" and output is not None:  # docs without an output was refused above
            return _docs(result, output.absolute(), ocds_prefix)
        if fmt == "csv" and output is not None:  # csv without an output was refused above
            output.mkdir(parents=True, exist_ok=True)
            for name, content in csv_files(records, result.project.policy.currency, settings).items():
                _write_atomic(output / name, content)
            return 0
        if fmt == "json":
            content = json_bytes(catalog_document(records, meta), pretty=output is None)
        else:
            content = json_bytes(plain(release_package(records, meta, settings)), pretty=output is None)
        if output is None:
            sys.stdout.write(content.decode("utf-8"))
            sys.stdout.flush()
        else:
            _write_atomic(output, content)
    except OSError as exc:
        return _usage(f"cannot write {exc.filename or output}: {exc.strerror}")
    return 0


def _docs(result: Result, output: Path, ocds_prefix: str | None) -> int:
    try:
        write_docs_tree(result, output, ocds_prefix)
    except BuildError as exc:
        return _usage(str(exc))
    sys.stderr.write(
        f"Wrote the site as a plain mkdocs project in {output}: build it with `mkdocs build -f "
        f"{output / 'mkdocs.yml'}` (no catalog plugin needed).\n"
    )
    return 0


def _usage(message: str) -> int:
    sys.stderr.write(f"catalog export: {message}\n")
    return 2


def _write_atomic(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        Path(temporary).chmod(0o644)  # mkstemp makes it private; exports are public files
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
