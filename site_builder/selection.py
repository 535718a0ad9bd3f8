"""What a partial run (`catalog validate PATH …`) reads: the named files, the entries they refer
to, and the solutions under a named contract — never the whole catalog."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from . import grepfiles, refindex
from .discover import CatalogFile, classify, relative
from .problems import ConfigError, Level, Problem


class HasData(Protocol):
    @property
    def data(self) -> Any: ...


def is_project_file(root: Path, target: Path) -> bool:
    """A schema, the policy or mkdocs.yml: a change there can affect every entry."""
    path = Path(os.path.normpath(target if target.is_absolute() else Path.cwd() / target))
    return path.is_relative_to(root / "schema") or path == root / "mkdocs.yml"


def select(root: Path, targets: list[Path]) -> tuple[list[CatalogFile], list[Problem]]:
    """The named catalog files, and a problem for each that is not a possible entry."""
    selected: list[CatalogFile] = []
    problems: list[Problem] = []
    catalog_dir = root / "catalog"
    for target in targets:
        path = Path(os.path.normpath(target if target.is_absolute() else Path.cwd() / target))
        if not path.is_relative_to(catalog_dir):
            raise ConfigError(
                [
                    _usage(
                        root,
                        path,
                        "only files in catalog/ (or the schemas and policy, "
                        "which check everything) can be named",
                        "run `catalog validate` without paths to check everything",
                    )
                ]
            )
        if not path.exists() and not path.is_symlink():
            raise ConfigError([_usage(root, path, "no such file", "check the path")])
        found = classify(root, path)
        (selected if isinstance(found, CatalogFile) else problems).append(found)  # type: ignore[arg-type]
    return selected, problems


def _usage(root: Path, path: Path, message: str, hint: str) -> Problem:
    return Problem(relative(root, path), 0, 0, Level.ERROR, "usage", message, pointer="", hint=hint)


L = TypeVar("L", bound=HasData)


def with_context(root: Path, selected: list[CatalogFile], load: Callable[[CatalogFile], L]) -> dict[str, L]:
    """Load the selected files, the entries they refer to, solutions that refer to a selected
    contract (a contract's change can break them) and scenarios that pre-position a selected
    contract or solution (their requirements and eligibility are checked against it).  Those
    solutions and scenarios join `selected`, so their problems are reported too.  A scenario's
    solutions bring their contracts: what a buyer may order depends on them. A contract brings
    its vehicle (an award's terms start from the vehicle's), and a selected vehicle its awards and
    what is offered under them."""
    loaded: dict[str, L] = {}
    # The answer of each reference followed: the solutions under a contract name the same
    # vendor and contract over and over, and each look costs a stat and two path computations.
    followed: dict[tuple[str, str], Any] = {}

    def add(source: CatalogFile) -> L:
        if source.file not in loaded:
            loaded[source.file] = load(source)
        return loaded[source.file]

    def add_ref(kind: str, ref: Any) -> Any:
        """Load the entry `ref` of `kind` if it is a possible entry; its data, or None."""
        if not isinstance(ref, str) or not ref:
            return None
        if (kind, ref) in followed:
            return followed[kind, ref]
        followed[kind, ref] = None  # while it is being followed (a contract loads its vehicle)
        path = root / "catalog" / kind / f"{ref}.yaml"
        if path.exists():
            found = classify(root, path)
            if isinstance(found, CatalogFile):
                data = add(found).data
                if kind == "contracts" and isinstance(data, dict):
                    add_ref("vehicles", data.get("vehicle"))  # an award's terms start from its vehicle's
                followed[kind, ref] = data
        return followed[kind, ref]

    queue = list(selected)
    for source in selected:
        if source.kind == "vehicles":  # a vehicle's change reaches every award and what is under it
            awards = dependents(root, source.id, folder="contracts")
            queue += [a for a in awards if a not in queue]
            queue += dependents(root, *(a.id for a in awards))
    for source in list(queue):
        if source.kind == "contracts":
            queue += [s for s in dependents(root, source.id) if s not in queue]
    named = {s.id for s in queue if s.kind in {"contracts", "solutions"}}
    queue += [s for s in dependents(root, *sorted(named), folder="scenarios") if s not in queue]
    for source in queue:
        data = add(source).data
        if not isinstance(data, dict):
            continue
        add_ref("vendors", data.get("vendor"))
        add_ref("vehicles", data.get("vehicle"))
        for item in data.get("offered_under", []):
            add_ref("contracts", item.get("contract"))
        for ref in data.get("ready_solutions", []):
            solution = add_ref("solutions", ref)
            offered = solution.get("offered_under") if isinstance(solution, dict) else None
            for item in offered if isinstance(offered, list) else []:
                add_ref("contracts", item.get("contract") if isinstance(item, dict) else None)
        for ref in data.get("ready_contracts", []):
            add_ref("contracts", ref)
        follow_on = data.get("follow_on")
        add_ref("contracts", follow_on.get("contract") if isinstance(follow_on, dict) else None)
    selected[:] = list(
        dict.fromkeys([*selected, *(s for s in queue if s.kind in {"solutions", "scenarios"})])
    )
    return loaded


def dependents(root: Path, *ids: str, folder: str = "solutions") -> list[CatalogFile]:
    """Entries of `folder` that mention any of the ids as a whole id: "umbrella-1" is not found
    in "umbrella-10" (ids are lowercase letters, digits and hyphens)."""
    needles = [entry_id.encode() for entry_id in ids]
    found: list[CatalogFile] = []
    if not needles:
        return found
    folder_path = root / "catalog" / folder
    if not folder_path.is_dir():
        return found
    indexed = refindex.naming(root, folder, ids)  # the same whole-id test, remembered per file
    if indexed is not None:
        classified = [classify(root, folder_path / name) for name in indexed]
        return [item for item in classified if isinstance(item, CatalogFile)]
    whole = re.compile(
        rb"(?<![a-z0-9-])(?:"
        + b"|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
        + rb")(?![a-z0-9-])"
    )
    # Without the index (asked for text no id can be), every file is read, so this loop is kept
    # lean: names sorted as strings, unbuffered reads (a buffered reader costs twice the time
    # here), and the plain substring test first (the whole-id pattern only confirms what it
    # finds). Where grep is at hand it reads the folder first and only the files it names are
    # read here, by the same test.
    names = grepfiles.candidates(folder_path, needles)
    for name in sorted(os.listdir(folder_path)) if names is None else names:  # noqa: PTH208
        path = folder_path / name
        try:
            with open(path, "rb", buffering=0, opener=_no_follow) as handle:
                text = handle.read()
                if not any(needle in text for needle in needles) or not whole.search(text):
                    continue
        except OSError:
            continue
        item = classify(root, path)
        if isinstance(item, CatalogFile):
            found.append(item)
    return found


def _no_follow(path: str, flags: int) -> int:
    # O_NONBLOCK: a named pipe among the solutions must not stall the run waiting for a writer.
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
