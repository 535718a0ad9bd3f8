"""The files of the project's cache folder (`.catalog-cache/`): written whole or not at all, and
believed only when whole, unaltered and written here.

Each file starts with a line naming its format, the device and inode it was written to and a
checksum of the rest. A torn, damaged or foreign file (another format, or a copy: a copy or a
checkout has another inode, so a cache committed to a repository is never believed) reads as
missing, and its maker rebuilds it. Files are written to a temporary file and renamed into
place, so concurrent runs never see half of one; a folder that cannot be written to only means
the next run works it out again. The folder carries its own `.gitignore`, so it is never committed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

CACHE_DIR = ".catalog-cache"
SEPARATOR = "\n\f\n"  # between a file's parts: no file name or id holds a line feed
_SEPARATOR_BYTES = SEPARATOR.encode()
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def path_of(root: Path, name: str) -> Path:
    return root / CACHE_DIR / name


def read(root: Path, name: str, file_format: str) -> str | None:
    """The body of a cache file, or None when it is missing, unreadable, damaged or foreign."""
    try:
        descriptor = os.open(path_of(root, name), _READ_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        chunks = [os.read(descriptor, status.st_size + 1)]  # all of it at once, as a rule
        while chunks[-1]:
            chunks.append(os.read(descriptor, 1 << 20))
    except OSError:
        return None
    finally:
        os.close(descriptor)
    # The checksum is taken of the body's bytes as read, and only the body is decoded: the
    # records of a 50,000-solution folder are megabytes, read on every one-file check.
    raw = b"".join(chunks)
    cut = raw.find(_SEPARATOR_BYTES)
    if cut < 0:
        return None
    body = memoryview(raw)[cut + len(_SEPARATOR_BYTES) :]
    header = raw[:cut].decode("utf-8", "surrogateescape")
    digest = hashlib.blake2b(body, digest_size=16).hexdigest()
    if header != f"{file_format} {status.st_dev} {status.st_ino} {digest}":
        return None
    return str(body, "utf-8", "surrogateescape")


def write(root: Path, name: str, file_format: str, body: str) -> None:
    """Replace a cache file atomically; silently nothing where the folder cannot be written."""
    import tempfile  # here: most runs only read the cache

    directory = root / CACHE_DIR
    target = directory / name
    try:
        directory.mkdir(exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.is_file():
            ignore.write_text("# Made by `catalog`: a cache, never committed.\n*\n", encoding="utf-8")
        target.parent.mkdir(exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            status = os.fstat(handle.fileno())
            header = f"{file_format} {status.st_dev} {status.st_ino} {_checksum(body)}"
            handle.write(f"{header}{SEPARATOR}{body}".encode("utf-8", "surrogateescape"))
        Path(temporary).replace(target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _checksum(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def tick(info: os.stat_result) -> int:
    """How close to now a change must be for a second one to leave a file's times unchanged:
    the file system's clock tick (whole seconds where it keeps no fractions, up to 2 s)."""
    coarse = info.st_mtime_ns % 1_000_000_000 == 0 and info.st_ctime_ns % 1_000_000_000 == 0
    return WIDEST_TICK if coarse else 100_000_000


WIDEST_TICK = 2_000_000_000
