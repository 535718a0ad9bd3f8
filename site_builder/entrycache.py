"""Entries that passed their own checks, remembered by their bytes, for checks of named files.

A changed contract brings every solution under it into its check, and at 50,000 solutions one
contract can have hundreds: reading, parsing and checking each file on its own (text, schema, id)
was most of such a run once finding them was fast. What those checks conclude depends only on the
file's bytes, its folder and name, the schemas and the code, so a file that passed them is kept in
the cache folder (cachefile.py) under a hash of all of those: its parsed values, as JSON. Anything
else changed gives another key, and a file with problems is never kept (it is checked again, so
its problems are reported as the checks word them). The rules across entries always run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import sys
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Any

from . import cachefile

_FORMAT = "catalog-entry 1"
# The libraries whose answers the checks of one file rest on (their files' size and time stand
# for their version: reading their metadata would cost more than a check).
_LIBRARIES = ("yaml", "jsonschema_rs", "markdown_it", "confusable_homoglyphs")


class EntryCache:
    def __init__(self, root: Path, schemas: dict[str, Any]) -> None:
        self.root = root
        self.schemas = schemas

    @cached_property
    def _fingerprint(self) -> bytes:
        """What a file's own checks depend on besides the file: the code and the schemas.

        The package's modules stand for themselves by name, size and modification time, as they
        do for Python's own compiled-module cache: reading them all cost more than a one-solution
        check's own work."""
        digest = hashlib.blake2b(digest_size=16)
        for line in sorted(_module_stats(Path(__file__).parent, "")):
            digest.update(line.encode() + b"\0")
        for name in _LIBRARIES:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            info = Path(origin).stat() if origin else None
            digest.update(
                f"{name} {origin} {info.st_size if info else ''} {info.st_mtime_ns if info else ''}".encode()
            )
        digest.update(f"{sys.version} {unicodedata.unidata_version}".encode())  # the text checks' tables
        digest.update(json.dumps(self.schemas, sort_keys=True).encode())
        return digest.digest()

    def _name(self, kind: str, entry_id: str, raw: bytes) -> str:
        digest = hashlib.blake2b(self._fingerprint, digest_size=20)
        digest.update(f"{kind}/{entry_id}\0".encode())
        digest.update(raw)
        return f"entries/{digest.hexdigest()}.json"

    def get(self, kind: str, entry_id: str, raw: bytes) -> Any | None:
        """The values of a file that passed its own checks with these bytes, or None."""
        body = cachefile.read(self.root, self._name(kind, entry_id, raw), _FORMAT)
        if body is None:
            return None
        try:
            return json.loads(body)
        except ValueError:
            return None

    def put(self, kind: str, entry_id: str, raw: bytes, data: Any) -> None:
        """Keep the values of a file that passed its own checks, if JSON gives them back exactly."""
        text = json.dumps(data, ensure_ascii=False)
        if _same(json.loads(text), data):
            cachefile.write(self.root, self._name(kind, entry_id, raw), _FORMAT, text)


def _module_stats(folder: Path, prefix: str) -> list[str]:
    """ "<path> <size> <modification time>" of every Python file under `folder`, which is the
    package: its modules and data only, no links out of it."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    found += _module_stats(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                info = entry.stat()
                found.append(f"{prefix}{entry.name} {info.st_size} {info.st_mtime_ns}")
    return found


def _same(left: Any, right: Any) -> bool:
    """Equal, and of the same types throughout (1, 1.0 and True are equal in Python)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)
