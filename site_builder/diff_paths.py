"""Which changed files need a maintainer: everything that is not a catalog entry.

A pull request runs its own code in CI, so a change to the validator, the workflows, the site's
configuration (mkdocs.yml is loaded as code), the packaging (a new `setup.py` runs on install) or
the schemas changes what judges it. Each such path is listed by area, never summarized away.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from .diff_model import PathChange
from .discover import ENTRY_NAME
from .model import KINDS
from .revisions import RawChange

STATUS = {"A": "added", "D": "deleted", "M": "modified", "T": "type changed"}

# First match wins: (area, folders ending in "/" or file-name patterns).
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Workflows and review rules", (".github/",)),
    ("Schemas and terms policy", ("schema/",)),
    (
        "Site configuration",
        ("mkdocs.yml", "site_builder/templates/", "site_builder/theme/", "site_builder/assets/"),
    ),
    ("Site pages and documentation", ("docs/", "*.md")),
    (
        "Packaging",
        (
            "pyproject.toml",
            "setup.py",
            "setup.cfg",
            "MANIFEST.in",
            "requirements*.txt",
            "constraints*.txt",
            "Pipfile*",
        ),
    ),
    (
        "Checks and repository settings",
        (
            ".pre-commit-config.yaml",
            ".pre-commit-hooks.yaml",
            ".yamllint.yaml",
            ".gitattributes",
            ".gitignore",
        ),
    ),
    ("Code", ("site_builder/", "tests/", "benchmarks/", ".ci/", "dev")),
)
ORDER = [area for area, _ in AREAS] + ["Catalog files that are not entries", "Other files"]


def area_of(path: str) -> str:
    for area, patterns in AREAS:
        for pattern in patterns:
            if path.startswith(pattern) if pattern.endswith("/") else fnmatchcase(path, pattern):
                return area
    if path.startswith("catalog/"):
        return "Catalog files that are not entries"
    return "Code" if path.endswith((".py", ".pth", ".sh", ".js")) else "Other files"


def is_entry(path: str) -> bool:
    """A path `catalog diff` reads as an entry (the entries section tells its change)."""
    parts = path.split("/")
    return (
        len(parts) == 3
        and parts[0] == "catalog"
        and parts[1] in KINDS
        and bool(ENTRY_NAME.fullmatch(parts[2]))
    )


def _note(change: RawChange) -> str:
    modes = {"120000": "a symbolic link", "160000": "a submodule", "100755": "executable"}
    after = modes.get(change.new_mode, "")
    before = modes.get(change.old_mode, "")
    if change.status == "D":
        return f"was {before}" if before else ""
    if after and after != before:
        return f"now {after}" if change.status != "A" else after
    if before and not after:
        return f"no longer {before}"
    return ""


def outside_catalog(changes: Iterable[RawChange]) -> tuple[PathChange, ...]:
    """Every changed path except the catalog's entry files (those with a regular file mode)."""
    found = [
        PathChange(c.path, STATUS.get(c.status, c.status), area_of(c.path), _note(c))
        for c in changes
        if not (is_entry(c.path) and {c.old_mode, c.new_mode} <= {"000000", "100644"})
    ]
    return tuple(sorted(found, key=lambda p: (ORDER.index(p.area), p.path)))
