"""A folder a command writes whole (the site, a docs tree): refused unless it is empty or this
tool's own work, written beside it and put in place only once complete.

Every folder this tool writes holds `MARKER`; a folder that is neither empty nor marked is never
replaced, so no unrelated folder is ever deleted, and a failed run leaves the old one as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

MARKER = "assets/catalog/catalog.css"  # the pages' stylesheet: in every site and docs tree written
_PROJECT_FOLDERS = ("catalog", "schema", "docs", ".git")


def unsafe_target(root: Path, target: Path) -> str | None:
    """Why `target` must not be replaced by what a command writes, or None if it may."""
    if target == root or target in root.parents or root.is_relative_to(target):
        return f"{target} holds the project itself"
    for folder in _PROJECT_FOLDERS:
        if target.is_relative_to(root / folder):
            return f"{target} is inside the project's {folder}/ folder"
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"{target} is not a folder"
    if target.is_dir() and any(target.iterdir()) and not _marked(target):
        return f"{target} is not empty and does not look like a site this tool built"
    return None


def _marked(target: Path) -> bool:
    return (target / MARKER).is_file() or (target / "docs" / MARKER).is_file()


def staging_beside(target: Path) -> Path:
    """A new, empty folder next to `target`, on the same file system (so a rename moves it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))


def replace_with(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames; the old folder goes only after both."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
