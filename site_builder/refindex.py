"""Which files of a catalog folder name which ids, remembered between runs.

A one-contract check must find the solutions that name the contract; at 50,000 solutions, reading
every file for that is most of the run. This index answers the same question from a file kept in
the project's cache folder (`.catalog-cache/`, git-ignored by its own `.gitignore`), and gives
exactly the answer reading every file gives (`selection.dependents` without it):

- For each file it records the ids it holds as whole ids (maximal runs of `a-z`, `0-9` and `-`,
  the only characters of an id), among the ids asked for so far. An id asked for the first time
  is looked for in every file (by grep where it is at hand), and is known from then on.
- A record is trusted only while the file's size, modification and change times (nanoseconds)
  and inode are those it was made with. The whole folder's listing of them is compared at once
  (by a digest of the names and numbers, recorded with the listing), and only files whose line
  differs are looked at: read again, and their ids found again unless the content hash is the
  one recorded. The change time cannot be set back, so a file edited and
  given its old modification time is read again too. A file changed within a clock tick of its
  record ("racily clean": a second edit in the same tick leaves every time as it was) gets no
  trusted line, so it is read again until its record is older than that.
- The folder is not listed again while its own times and inode are those of the record (adding,
  removing or renaming a file changes them; a folder changed within a clock tick of the record
  is listed again): its files are those the record names, each stat'ed as above.
- A missing, unreadable, damaged or foreign record is rebuilt silently, and records are
  replaced atomically (cachefile.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from array import array
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from . import cachefile, grepfiles
from .cachefile import SEPARATOR

_FORMAT = "catalog-reference-index 4"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WHOLE_IDS = re.compile(rb"[a-z0-9-]+")
_ENTRY_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")  # as discover.ENTRY_NAME
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def naming(root: Path, folder: str, ids: Iterable[str]) -> list[str] | None:
    """The sorted names of the regular files with an entry's name directly in catalog/`folder`
    that hold any of `ids` as a whole id; None when an id is not one an entry can have or the
    folder cannot be listed (the caller then reads the files itself)."""
    wanted = frozenset(ids)
    if not wanted or not all(_ID.fullmatch(entry_id) for entry_id in wanted):
        return None
    path = root / "catalog" / folder
    cache = f"references-{folder}.txt"
    stored = _Stored.read(root, cache)
    listing = _listing(path, stored)
    if listing is None:
        return None
    if stored is not None and stored.digest == listing.digest and wanted <= stored.known:
        return stored.names_holding(wanted)  # nothing changed since the record: the common case
    index = (stored.parse() if stored is not None else None) or _Index(frozenset(), {}, {})
    index.update(path, listing)
    if not wanted <= index.known:
        index.learn(path, wanted - index.known, listing)
    cachefile.write(root, cache, _FORMAT, index.body(listing))
    return sorted(name for name, (_, held) in index.records.items() if not wanted.isdisjoint(held))


class _Listing:
    """Each regular file of the folder with its stat key: kept as numbers, compared with the
    record by a digest of them all, and written out as text only when the record is rewritten
    (formatting 50,000 keys cost a fifth of the listing)."""

    def __init__(self, folder: str, names: list[str], numbers: list[int], racy: set[str]) -> None:
        self.folder = folder  # the folder's own stat key, or "racy"
        self.names = names  # in the directory's order
        self.numbers = numbers  # size, modification and change times (ns) and inode of each name
        self.racy = racy

    @cached_property
    def keys(self) -> dict[str, str]:
        n = self.numbers
        return {
            name: f"{n[at]} {n[at + 1]} {n[at + 2]} {n[at + 3]}"
            for at, name in zip(range(0, len(n), 4), self.names, strict=True)
        }

    @cached_property
    def digest(self) -> str:
        """The listing in a few bytes (a record made with a racily clean file holds "racy")."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update("\n".join(self.names).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(array("q", self.numbers).tobytes())
        except OverflowError:  # an inode number beyond 63 bits
            digest.update("\n".join(self.keys.values()).encode())
        return digest.hexdigest()


_RACY = "racy"  # a key no stat gives: a racily clean file's line never matches


def _listing(folder: Path, stored: _Stored | None = None) -> _Listing | None:
    """The folder's regular files and their stat keys. The names are those of the record when
    the folder's own times and inode are those it was made with (adding, removing or renaming a
    file changes them), else listed again."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    regular: list[str] = []
    numbers: list[int] = []
    racy: set[str] = set()
    started = time.time_ns()
    widest = started - cachefile.WIDEST_TICK
    try:
        info = os.fstat(descriptor)  # before listing: a change made meanwhile shows next time
        listed = f"{info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino} {info.st_dev}"
        if max(info.st_mtime_ns, info.st_ctime_ns) >= started - cachefile.tick(info):
            listed = _RACY  # a second change within the clock's tick would not show
        if stored is not None and stored.folder == listed != _RACY:
            names = stored.names()
        else:
            names = os.listdir(descriptor)  # noqa: PTH208  (in the directory's order, stable while unchanged)
        if "\n" in "".join(names):
            return None  # a name the record's lines cannot hold: no index for this folder
        lstat, is_regular, add, keep = os.lstat, stat.S_ISREG, regular.append, numbers.extend
        for name in names:
            try:
                info = lstat(name, dir_fd=descriptor)
            except OSError:
                continue  # gone meanwhile
            if is_regular(info.st_mode):
                add(name)
                keep((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
                recent = info.st_ctime_ns >= widest or info.st_mtime_ns >= widest  # rare: cheap test first
                if recent and max(info.st_mtime_ns, info.st_ctime_ns) >= started - cachefile.tick(info):
                    racy.add(name)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return _Listing(listed, regular, numbers, racy)


class _Stored:
    """A record as read, split into its parts but not parsed (the common case needs little)."""

    def __init__(self, parts: list[str]) -> None:
        known, self.digest, self.folder, self._names, self.keys, inverted, self.records, _ = parts
        self.known = frozenset(known.split())
        self.inverted = "\n" + inverted + "\n"

    @classmethod
    def read(cls, root: Path, name: str) -> _Stored | None:
        body = cachefile.read(root, name, _FORMAT)
        parts = body.split(SEPARATOR) if body is not None else []
        if len(parts) != 8 or parts[7] != "end":
            return None
        return cls(parts)

    def names(self) -> list[str]:
        """The folder's regular files when the record was made, in the directory's order."""
        return self._names.split("\n") if self._names else []

    def names_holding(self, wanted: frozenset[str]) -> list[str]:
        found: set[str] = set()
        for entry_id in wanted:
            start = self.inverted.find(f"\n{entry_id}\t")
            if start >= 0:
                line = self.inverted[start + 1 : self.inverted.index("\n", start + 1)]
                found.update(line.split("\t")[1].split("/"))
        found.discard("")
        return sorted(found)

    def parse(self) -> _Index | None:
        try:
            names = self.names()
            lines = self.keys.split("\n") if names else []
            if len(lines) != len(names):
                return None
            keys = dict(zip(names, lines, strict=True))
            records = {}
            for line in filter(None, self.records.split("\n")):
                name, digest, held = line.split("\t")
                records[name] = (digest, frozenset(held.split()))
        except ValueError:
            return None
        return _Index(self.known, keys, records)


class _Index:
    def __init__(
        self, known: frozenset[str], keys: dict[str, str], records: dict[str, tuple[str, frozenset[str]]]
    ) -> None:
        self.known = known
        self.keys = keys  # name → the stat key the record was made with ("racy": not trusted)
        self.records = records  # name → (content digest, the known ids it holds); none: no ids

    def update(self, folder: Path, listing: _Listing) -> None:
        """Bring the records up to the folder's files: drop the gone, look again at the changed."""
        for name in set(self.records) - set(listing.keys):
            del self.records[name]
        for name, key in listing.keys.items():
            if self.keys.get(name) == key:
                continue
            if not _ENTRY_NAME.fullmatch(name) or not self.known:
                self.records.pop(name, None)  # never an entry, or no id to look for yet
                continue
            try:
                content = _read(folder / name)
            except OSError:
                self.records.pop(name, None)
                listing.racy.add(name)  # unreadable now: looked at again next time
                continue
            digest = hashlib.blake2b(content, digest_size=16).hexdigest()
            previous = self.records.get(name)
            if previous is not None and previous[0] == digest:
                continue  # same bytes, new times: the ids recorded still hold
            self.records[name] = (digest, _ids_in(content, self.known))
        self.keys = dict(listing.keys)

    def learn(self, folder: Path, new: frozenset[str], listing: _Listing) -> None:
        """Look for ids asked for the first time in every file, and know them from now on."""
        self.known |= new
        candidates = _grep(folder, new)
        names = [n for n in self.keys if n in candidates] if candidates is not None else list(self.keys)
        for name in names:
            if not _ENTRY_NAME.fullmatch(name):
                continue
            try:
                content = _read(folder / name)
            except OSError:
                listing.racy.add(name)
                continue
            # The key was taken before this read: if the file changed in between, the next run
            # sees another key and compares this digest, made from the bytes the ids come from.
            digest = hashlib.blake2b(content, digest_size=16).hexdigest()
            self.records[name] = (digest, _ids_in(content, self.known))

    def body(self, listing: _Listing) -> str:
        """The record to write: what is known, the listing it holds for, each id's files, and
        each file's digest and ids."""
        inverted: dict[str, list[str]] = {entry_id: [] for entry_id in self.known}
        for name, (_, held) in sorted(self.records.items()):
            for entry_id in held:
                inverted[entry_id].append(name)
        parts = [
            " ".join(sorted(self.known)),
            _RACY if listing.racy else listing.digest,
            listing.folder,
            "\n".join(self.keys),
            "\n".join(_RACY if name in listing.racy else key for name, key in self.keys.items()),
            "\n".join(f"{i}\t{'/'.join(names)}" for i, names in sorted(inverted.items())),
            "\n".join(f"{n}\t{d}\t{' '.join(sorted(h))}" for n, (d, h) in sorted(self.records.items())),
            "end",
        ]
        return SEPARATOR.join(parts)


def _ids_in(content: bytes, known: frozenset[str]) -> frozenset[str]:
    return known.intersection(token.decode("ascii") for token in set(_WHOLE_IDS.findall(content)))


def _grep(folder: Path, ids: frozenset[str]) -> set[str] | None:
    """The names of the files in `folder` holding any of `ids` as bytes (a superset of those
    holding them as whole ids); None without grep, or when it reports trouble."""
    found = grepfiles.candidates(folder, [entry_id.encode() for entry_id in sorted(ids)])
    return set(found) if found is not None else None


def _read(path: Path) -> bytes:
    descriptor = os.open(path, _READ_FLAGS)
    try:
        chunks = [os.read(descriptor, 1 << 18)]
        while chunks[-1]:
            chunks.append(os.read(descriptor, 1 << 18))
    finally:
        os.close(descriptor)
    return b"".join(chunks)
