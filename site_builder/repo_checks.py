"""Catalog files as git records them, checked alongside what is on disk.

The on-disk checks in `discover` see the checkout, but a checkout can hide what a pull request
really adds: with `core.symlinks=false` a committed symbolic link arrives as a small regular file
holding its target, with `core.fileMode=false` an executable bit is invisible, and an uninitialised
submodule is just an empty folder.  Git's index says what will be merged, so `git ls-files -s`
is asked once per run, for the whole catalog or only for the paths being checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import git
from .discover import CatalogFile
from .problems import Level, Problem

# Git file modes that never belong in the catalog, and what to do about each.
_MODES = {
    "120000": (
        "git records this file as a symbolic link (mode 120000); links are not allowed in the catalog",
        "replace it with a regular file: `git rm --cached {file}`, then add the entry's own YAML",
    ),
    "160000": (
        "git records this path as a submodule (mode 160000); the catalog holds only .yaml files",
        "remove it: `git rm --cached {file}`",
    ),
    "100755": (
        "git records this file as executable (mode 100755); catalog files must not be executable",
        "run `git update-index --chmod=-x {file}` and commit again",
    ),
}


def _in_work_tree(root: Path) -> bool:
    """Whether `root` lies in a git work tree, judged from the file system alone."""
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def git_modes(root: Path, paths: Sequence[str] | None = None) -> dict[str, str] | Problem | None:
    """The git mode of every tracked file under catalog/ (or only `paths`), keyed by path
    relative to `root`; None outside a git work tree; a warning if git cannot be asked."""
    if not _in_work_tree(root) or paths == []:
        return None
    # Listing the index runs no hook, and site_builder.git runs no other configured program.
    try:
        return _parse(
            git.run(root, "ls-files", "--stage", "-z", "--", *(["catalog/"] if paths is None else paths))
        )
    except git.GitError as exc:
        reason = str(exc)
    return Problem(
        "catalog",
        0,
        0,
        Level.WARNING,
        "file-type",
        f"git could not list the catalog's files, so their git modes were not checked ({reason[:200]})",
        pointer="",
        hint="run the check where `git ls-files` works (for a checkout owned by another user: "
        "`git config --global --add safe.directory <path>`)",
    )


def _parse(output: bytes) -> dict[str, str]:
    modes: dict[str, str] = {}
    for record in output.split(b"\0"):
        meta, tab, name = record.partition(b"\t")
        if not tab:
            continue
        modes[os.fsdecode(name)] = meta.split(b" ", 1)[0].decode("ascii", "replace")
    return modes


def mode_problems(modes: dict[str, str]) -> list[Problem]:
    """An error for every tracked link, submodule or executable, sorted by file."""
    problems = []
    for file, mode in sorted(modes.items()):
        if mode in _MODES:
            message, hint = _MODES[mode]
            problems.append(
                Problem(
                    file, 0, 0, Level.ERROR, "file-type", message, pointer="", hint=hint.format(file=file)
                )
            )
    return problems


def check_repository(
    root: Path,
    files: Iterable[CatalogFile],
    problems: Iterable[Problem],
    paths: Sequence[str] | None = None,
) -> tuple[list[CatalogFile], list[Problem]]:
    """Add git's view to the on-disk findings for `files`.

    A path git records as a link or submodule is not read at all (its content is not an entry);
    git's finding replaces an on-disk one for the same path, so each problem is reported once.
    """
    found = git_modes(root, paths)
    files, problems = list(files), list(problems)
    if found is None:
        return files, problems
    if isinstance(found, Problem):
        return files, [*problems, found]
    from_git = mode_problems(found)
    flagged = {p.file for p in from_git}
    unreadable = {file for file, mode in found.items() if mode in {"120000", "160000"}}
    kept = [p for p in problems if p.file.rstrip("/") not in flagged]
    return [f for f in files if f.file not in unreadable], kept + from_git
