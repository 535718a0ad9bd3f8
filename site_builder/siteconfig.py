"""`mkdocs.yml` read by the hardened loader before mkdocs reads it.

mkdocs parses its configuration with PyYAML's full loader, where a tag is code:
`!!python/object/apply:os.system [...]` runs a command while the file is being read, before any
plugin (ours included) is called.  A pull request can change `mkdocs.yml`, and CI builds the pull
request, so the file is checked here first, with the loader catalog entries go through: one
document, no anchors or aliases, no duplicate keys, no hidden characters, bounded size, and only
the two tags mkdocs documents for its configuration, `!ENV` (a value from the environment) and
`!relative` (a path relative to the file).  Any other tag is an error naming its line.  A file
named by `INHERIT:` is read by mkdocs the same way, so it is checked too.

Where it runs: `catalog validate` (the first step of every CI workflow), `catalog build` and
`catalog serve` (before mkdocs is called).  A plain `mkdocs build` or `mkdocs serve` reads the
file before the plugin exists, so nothing in this package can stop it there; the plugin checks
the file again and fails such a build, but only after mkdocs has read it.  That is why the
workflows never call mkdocs directly (a test keeps it so).
"""

from __future__ import annotations

from pathlib import Path

from . import yamlsafe
from .discover import read_bytes, relative
from .problems import Level, Problem

CONFIG_FILE = "mkdocs.yml"
ALLOWED_TAGS = frozenset({"!ENV", "!relative"})
_MAX_INHERITS = 5


def check_site_config(root: Path, name: str = CONFIG_FILE) -> list[Problem]:
    """Every problem that makes `root/name` (and what it inherits) unsafe for mkdocs to read."""
    problems: list[Problem] = []
    seen: set[Path] = set()
    path = root / name
    for _ in range(_MAX_INHERITS):
        if not path.is_file() or path.resolve() in seen:
            break
        seen.add(path.resolve())
        file = relative(root, path)
        found, inherited = _check_one(path, file)
        problems += found
        if found or inherited is None:
            break
        path = (path.parent / inherited).resolve()
        if not path.is_relative_to(root.resolve()):
            problems.append(
                Problem(
                    file,
                    0,
                    0,
                    Level.ERROR,
                    "yaml-tag",
                    f"INHERIT names {inherited}, outside the project",
                    hint="inherit only from a file inside the project, which is checked like this one",
                )
            )
            break
    return problems


def _check_one(path: Path, file: str) -> tuple[list[Problem], str | None]:
    """The problems of one configuration file, and the file it inherits from, if any."""
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return [
            Problem(file, 0, 0, Level.ERROR, "file-type", f"{file} cannot be read ({exc.strerror})",
                    hint="make it a regular file")
        ], None  # fmt: skip
    text, problems = yamlsafe.decode(raw, file)
    if text is None:
        return problems, None
    data, problems = yamlsafe.load(text, file, allowed_tags=ALLOWED_TAGS)
    problems = [_about_config(problem) for problem in problems]
    inherited = data.get("INHERIT") if isinstance(data, dict) else None
    return problems, inherited if isinstance(inherited, str) else None


def _about_config(problem: Problem) -> Problem:
    """A loader problem in the words of a configuration file: which tags are allowed, and why."""
    if problem.rule != "yaml-tag":
        return problem
    return Problem(
        problem.file,
        problem.line,
        problem.column,
        problem.level,
        problem.rule,
        problem.message.replace("are not allowed", "are not allowed in the site configuration")
        + "; mkdocs would run such a tag as code while reading the file",
        hint="remove the tag; only !ENV and !relative are allowed here",
    )
