"""Find the files under `catalog/`: every one is an entry to check or a problem, never skipped."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .model import KINDS
from .problems import Change, Fix, Level, Problem

ENTRY_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml")
# Names Windows reserves for devices, with or without an extension ("con.yaml" cannot be checked
# out there); the digits include the superscripts Windows also treats as device numbers.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789\u00b9\u00b2\u00b3"}
)


def windows_reserved(name: str) -> bool:
    """Whether Windows refuses a file of this name: a device name before the first dot."""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


@dataclass(frozen=True)
class CatalogFile:
    kind: str
    id: str
    path: Path  # absolute
    file: str  # project-relative, "/"-separated


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _layout(
    file: str, message: str, hint: str, rule: str = "file-layout", fix: Change | None = None
) -> Problem:
    return Problem(
        file, 0, 0, Level.ERROR, rule, message, pointer="", hint=hint, fix=Fix((fix,)) if fix else None
    )


def classify(
    root: Path, path: Path, *, file: str | None = None, parts: tuple[str, ...] | None = None
) -> CatalogFile | Problem:
    """Decide what one path under `catalog/` is, from its place, name and file type alone.
    A caller that walks the folders passes the path's project-relative `file` and its `parts`
    below `catalog/`, which it knows already (computing them is most of the cost here)."""
    file = relative(root, path) if file is None else file
    parts = path.relative_to(root / "catalog").parts if parts is None else parts
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return _layout(
            file, f"the file cannot be read ({exc.strerror})", "check its permissions", "file-type"
        )
    if stat.S_ISLNK(mode):
        return _layout(
            file,
            "symbolic links are not allowed in the catalog",
            "replace the link with a regular file holding the entry",
            "file-type",
        )
    if not stat.S_ISREG(mode):
        return _layout(
            file,
            "only regular files are allowed in the catalog",
            "remove it; entries are plain .yaml files",
            "file-type",
        )
    if mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        return _layout(
            file,
            "catalog files must not be executable",
            f"run `chmod -x {file}` (or `git update-index --chmod=-x {file}`)",
            "file-type",
            Change("clear-executable", ""),
        )
    folders = ", ".join(f"catalog/{kind}/" for kind in KINDS)
    if len(parts) != 2 or parts[0] not in KINDS:
        return _layout(
            file, "the file is not in one of the catalog's folders", f"move it into one of {folders}"
        )
    name = parts[1]
    if name.rstrip(". ") != name:
        return _layout(
            file,
            f'the file name "{name}" ends in a dot or a space',
            f"rename it to {name.rstrip('. ')}: Windows drops the ending, so the two names are one file there",
        )
    if windows_reserved(name):
        return _layout(
            file,
            f'the file name "{name}" is a device name on Windows',
            "choose another id: Windows cannot check out a file of this name, whatever its extension",
        )
    if not ENTRY_NAME.fullmatch(name):
        renamed = f"{name[:-4]}.yaml"
        if name.lower().endswith(".yml") and ENTRY_NAME.fullmatch(renamed):
            return _layout(
                file,
                f'the file name "{name}" is not a valid entry file name',
                f"rename it to {renamed}",
                fix=Change("rename-file", "", f"{file.rsplit('/', 1)[0]}/{renamed}"),
            )
        if name.lower().endswith(".yml"):
            hint = f"rename it to {renamed}"
        elif not name.endswith(".yaml"):
            hint = "entries are YAML files ending in .yaml"
        else:
            hint = "use lowercase letters and digits in words joined by single hyphens, e.g. acme-crm.yaml"
        return _layout(file, f'the file name "{name}" is not a valid entry file name', hint)
    return CatalogFile(parts[0], name[: -len(".yaml")], path, file)


def discover(root: Path) -> tuple[list[CatalogFile], list[Problem]]:
    """All entry files under `root/catalog`, sorted, and a problem for every other path there."""
    catalog = root / "catalog"
    files: list[CatalogFile] = []
    problems: list[Problem] = []
    if not catalog.is_dir() or catalog.is_symlink():
        problems.append(
            _layout(
                "catalog",
                "there is no catalog/ folder here",
                "run the command in the project folder or pass -C DIR",
            )
        )
        return files, problems
    for dirpath, dirnames, filenames in os.walk(catalog, followlinks=False):
        here = Path(dirpath)
        depth = len(here.relative_to(catalog).parts)
        for dirname in sorted(dirnames):
            sub = here / dirname
            if sub.is_symlink():
                problems.append(
                    _layout(
                        relative(root, sub),
                        "symbolic links are not allowed in the catalog",
                        "replace the link with the files it points to",
                        "file-type",
                    )
                )
            elif depth > 0 or dirname not in KINDS:
                folders = ", ".join(KINDS)
                problems.append(
                    _layout(
                        relative(root, sub) + "/",
                        f'"{dirname}" is not a catalog folder',
                        f"the catalog holds only the folders {folders}, with no sub-folders",
                    )
                )
        dirnames[:] = [d for d in dirnames if depth == 0 and d in KINDS and not (here / d).is_symlink()]
        prefix = relative(root, here)
        below = here.relative_to(catalog).parts
        for filename in filenames:
            found = classify(root, here / filename, file=f"{prefix}/{filename}", parts=(*below, filename))
            (files if isinstance(found, CatalogFile) else problems).append(found)  # type: ignore[arg-type]
    files.sort(key=lambda f: f.file)
    return files, problems


def read_bytes(path: Path) -> bytes:
    """Read a file without following a symbolic link swapped in after discovery, and without
    waiting on a named pipe (opening one for reading would block until someone writes)."""
    descriptor = os.open(path, _READ_FLAGS)
    try:  # plain reads: a file object would cost more than reading a catalog file does
        chunks = [os.read(descriptor, _CHUNK)]
        while chunks[-1]:
            chunks.append(os.read(descriptor, _CHUNK))
    finally:
        os.close(descriptor)
    return b"".join(chunks)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_CHUNK = 1 << 18
