"""Helpers shared by the tests of `site_builder.exports` (no tests of its own)."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from site_builder.buildinfo import build_info
from site_builder.exports.settings import ExportSettings
from site_builder.exports.site import write_site_exports
from site_builder.model import KINDS
from site_builder.pipeline import Result, check

SITE_URL = "https://data.example.gov/"


def export_site(
    root: Path, site: Path, settings: ExportSettings | None = None, today: date | None = None
) -> Result:
    """Check `root` and write every export into `site`, as the build's last step does."""
    result = check(root, today=today)
    assert not result.report.errors, result.report.errors
    write_site_exports(result, site, build_info(root, result.catalog.today), settings=settings)
    return result


def yaml_files(root: Path) -> dict[str, set[str]]:
    """The ids of the YAML files of each kind, as a contributor sees them on disk."""
    return {kind: {p.stem for p in (root / "catalog" / kind).glob("*.yaml")} for kind in KINDS}


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def git(root: Path, *args: str, when: str = "2026-10-01T12:00:00Z") -> str:
    """Run git with a fixed identity and date, so commits are reproducible."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Catalog Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.gov",
        "GIT_COMMITTER_NAME": "Catalog Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.gov",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(root: Path, message: str, when: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)
    return git(root, "rev-parse", "HEAD")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def gunzipped(path: Path) -> bytes:
    """A published `.gz` file's content, after checking that its header holds nothing of the build
    machine or the clock (no file name, modification time 0), so two builds give the same bytes."""
    raw = path.read_bytes()
    assert raw[:3] == b"\x1f\x8b\x08", f"{path} is not gzip (deflate)"
    flags, mtime = raw[3], int.from_bytes(raw[4:8], "little")
    assert flags & 0x08 == 0, f"{path} carries a file name"
    assert mtime == 0, f"{path} carries a modification time"
    return gzip.decompress(raw)


def read_gzipped_json(path: Path) -> Any:
    return json.loads(gunzipped(path).decode("utf-8"))


def unzipped_csv(folder: Path, name: str) -> bytes:
    """The CSV in `<folder>/<name>.zip`, after checking it is the archive's one member, under that
    name, deflated, with the fixed date, permissions and made-by system that keep it reproducible."""
    with zipfile.ZipFile(folder / f"{name}.zip") as archive:
        assert archive.namelist() == [name]
        assert archive.testzip() is None  # every CRC checks out
        info = archive.getinfo(name)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.create_system == 3  # Unix, so the permissions below are read
        assert info.external_attr >> 16 == stat.S_IFREG | 0o644
        assert info.comment == b""
        assert info.extra == b""
        return archive.read(name)


def full_catalog(site: Path) -> dict[str, Any]:
    """`api/v1/catalog.json.gz`, unpacked, with each solution's index row replaced by its full record (at the
    address `meta.solution_record` gives for its id): the whole catalog as a consumer puts it together."""
    api = site / "api" / "v1"
    document: dict[str, Any] = read_gzipped_json(api / "catalog.json.gz")
    document["solutions"] = [
        json.loads(
            (site / document["meta"]["solution_record"].format(id=row["id"])).read_text(encoding="utf-8")
        )["solution"]
        for row in document["solutions"]
    ]
    return document
