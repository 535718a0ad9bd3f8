"""Which entries are the same entry: ids that collide, and files rejected before reading."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .discover import CatalogFile
from .model import KINDS
from .problems import Level, Problem
from .skeleton import comparison_key, comparison_keys


def identity_key(entry_id: str) -> str:
    """What two ids must not share: the comparison key names share too (see skeleton.py)."""
    return comparison_key(entry_id)


def rejected_keys(problems: Iterable[Problem]) -> set[str]:
    """Entries that exist in a catalog folder but were rejected before reading (a link, an
    executable file): references to them are not reported again."""
    keys = set()
    for problem in problems:
        parts = problem.file.split("/")
        if len(parts) == 3 and parts[0] == "catalog" and parts[1] in KINDS and parts[2].endswith(".yaml"):
            keys.add(f"{parts[1]}/{parts[2].removesuffix('.yaml')}")
    return keys


def duplicate_ids(sources: Iterable[CatalogFile], names: Mapping[str, list[str]]) -> list[Problem]:
    """Ids that collide within a kind, by file name (ids equal file names once valid).

    `names` lists the other file names of a kind; a partial run sees its neighbours only that way.
    """
    sources = list(sources)
    by_kind: dict[str, dict[str, list[str]]] = {}
    for source in sources:
        by_kind.setdefault(source.kind, {}).setdefault(identity_key(source.id), []).append(source.id)
    for kind, listing in names.items():
        # Only the keys of the files checked are looked up: other names matter where they share one.
        wanted = by_kind.setdefault(kind, {})
        stems = [name.rsplit(".", 1)[0] for name in listing]
        for stem, key in zip(stems, comparison_keys(stems), strict=True):
            ids = wanted.get(key)
            if ids is not None and stem not in ids:
                ids.append(stem)
    problems = []
    for source in sources:
        same = sorted(set(by_kind[source.kind][identity_key(source.id)]) - {source.id})
        if same:
            others = ", ".join(f"catalog/{source.kind}/{other}.yaml" for other in same)
            problems.append(
                Problem(
                    source.file,
                    1,
                    1,
                    Level.ERROR,
                    "id-duplicate",
                    f'the id "{source.id}" is too similar to {others}',
                    pointer="/id",
                    hint="rename one of them; ids must differ by more than case, hyphens or look-alike characters",
                )
            )
    return problems
