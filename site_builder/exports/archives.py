"""The bulk files as they are published: compressed, with the same bytes from every build.

At 20,000 solutions the bulk files were 37 MB of a site that must stay under 1 GB at 50,000,
and they shrink to a tenth compressed. Bulk open data at that scale is commonly published
compressed (OCDS publishers ship `.json.gz` or `.zip` bulk files), so they are published
compressed only:

- the JSON files, read by programs, as gzip (`<name>.json.gz`), which every language's standard
  library reads, with no file name and a zero modification time in the header;
- the CSV files, opened by people in a spreadsheet, as zip (`<name>.csv.zip`): a `.gz` does not
  open by double-click on a government laptop, a `.zip` does on every Windows and macOS. One CSV
  per archive, at a fixed date and time, with fixed permissions and made-by system, deflated.

Both are written as the file is made (the writers stream into them), and both hold nothing that
depends on the clock or the machine, so the same commit gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

# The search index uses the same level: 1–2 % smaller than the default for a fraction of a second.
LEVEL = 9
# The earliest time a zip entry can carry (MS-DOS dates start in 1980): a date that says nothing.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BUFFER = 1 << 16  # bytes gathered before a streamed file's compressor is called
_UNIX = 3  # "made by" system: Unix, so the permissions below are read
_PERMISSIONS = (stat.S_IFREG | 0o644) << 16  # a plain file anyone may read


@dataclass(frozen=True)
class Distribution:
    """How `api/v1/index.json` describes a published bulk file (DCAT's terms: the media type of
    what is inside, and the compression or packaging around it)."""

    path: str  # site-relative
    media_type: str  # of the content, once unpacked
    compress_format: str | None = None  # gzip: the file is the content, compressed
    package_format: str | None = None  # zip: the file holds the content as `member`
    member: str | None = None

    def as_json(self) -> dict[str, str]:
        found = {
            "path": self.path,
            "media_type": self.media_type,
            "compress_format": self.compress_format,
            "package_format": self.package_format,
            "member": self.member,
        }
        return {key: value for key, value in found.items() if value is not None}


def gzipped(path: str, media_type: str) -> Distribution:
    return Distribution(f"{path}.gz", media_type, compress_format="application/gzip")


def zipped(path: str, media_type: str) -> Distribution:
    return Distribution(
        f"{path}.zip", media_type, package_format="application/zip", member=path.rpartition("/")[2]
    )


def as_is(path: str, media_type: str) -> Distribution:
    return Distribution(path, media_type)


@contextmanager
def gzip_writer(path: Path) -> Iterator[BinaryIO]:
    """A stream whose bytes land gzip-compressed in `path`: no name, mtime 0 in the header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=LEVEL, mtime=0) as packed,
    ):
        # The writers write a record (or a comma) at a time: gathered into large pieces, the
        # compressor is called a few hundred times instead of once per piece. Deflate's output does
        # not depend on how its input is cut (nothing is flushed before the end), so neither do
        # the bytes.
        gathered = io.BufferedWriter(cast(io.RawIOBase, packed), buffer_size=BUFFER)
        try:
            yield cast(BinaryIO, gathered)  # a binary stream in all but its declared type
        finally:
            gathered.detach()  # flushes what is gathered; `packed` is closed by its own `with`


@contextmanager
def zip_writer(path: Path, member: str) -> Iterator[BinaryIO]:
    """A stream whose bytes land deflated in `path`, a zip holding them as its only file `member`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _PERMISSIONS
    # `ZipFile.open` takes the level from the entry it is given, not from the archive.
    info._compresslevel = LEVEL  # type: ignore[attr-defined]
    with zipfile.ZipFile(path, "w") as archive, archive.open(info, "w") as stream:
        yield cast(BinaryIO, stream)
