"""The names in a catalog folder whose ids would collide with given ones, remembered between runs.

A one-file check compares the file's id with every other file name of its folder (ids must differ
by more than case, hyphens or look-alike characters: identity.py). At 50,000 solutions, listing
the folder and working out every name's comparison key is a third of the check after start-up.
The names and their keys are kept in the cache folder (cachefile.py), sorted by key, for as long
as the folder's own modification and change times and inode are those they were listed with:
adding, removing or renaming a file changes them. A folder changed within a clock tick of its
listing is listed again on the next run, as a second change in the same tick would not show.
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Collection
from pathlib import Path

from . import cachefile
from .cachefile import SEPARATOR
from .skeleton import comparison_keys

_FORMAT = "catalog-name-keys 1"
_RACY = "racy"


def sharing(root: Path, kind: str, keys: Collection[str]) -> list[str]:
    """The names in catalog/`kind` (the whole names, extension included, as os.listdir gives
    them) whose stem, the name up to its last dot, has one of `keys` as comparison key."""
    folder = root / "catalog" / kind
    name = f"names-{kind}.txt"
    started = time.time_ns()
    try:
        info = folder.lstat()
    except OSError:
        return []
    listed = f"{info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino} {info.st_dev}"
    body = cachefile.read(root, name, _FORMAT)
    if body is not None:
        stored, _, lines = body.partition(SEPARATOR)
        if stored == listed:
            return _lookup(lines, keys)
    try:
        names = os.listdir(folder)  # noqa: PTH208  (plain names suffice)
    except OSError:
        return []
    stems = [n.rsplit(".", 1)[0] for n in names]
    keyed = list(zip(comparison_keys(stems), names, strict=True))
    wanted = set(keys)
    found = [n for key, n in keyed if key in wanted]
    if not any("\n" in n for n in names):  # a name no line can hold: listed on every run
        racy = max(info.st_mtime_ns, info.st_ctime_ns) >= started - cachefile.tick(info)
        text = "\n".join(sorted(f"{key}\t{n}" for key, n in keyed))
        cachefile.write(root, name, _FORMAT, f"{_RACY if racy else listed}{SEPARATOR}{text}")
    return found


def _lookup(text: str, keys: Collection[str]) -> list[str]:
    """The names under `keys` in lines "key<TAB>name" sorted as text (a key is letters and
    digits, which all sort after a tab, so the lines of one key are together). For a few keys
    (a one-file check has one) the text is searched, for many it is split in lines once."""
    wanted = set(keys)
    found = []
    if len(wanted) > _FEW:
        lines = text.split("\n")
        for key in wanted:
            start = f"{key}\t"
            at = bisect.bisect_left(lines, start)
            while at < len(lines) and lines[at].startswith(start):
                found.append(lines[at][len(start) :])
                at += 1
        return found
    text = "\n" + text + "\n"  # every line between line feeds
    for key in wanted:
        start = f"\n{key}\t"
        at = text.find(start)
        while at >= 0:
            end = text.index("\n", at + 1)
            found.append(text[at + len(start) : end])
            at = end if text.startswith(start, end) else -1
    return found


_FEW = 8  # keys searched for in the text, each a pass over it: beyond, splitting it costs less
