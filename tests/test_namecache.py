"""The names remembered for the id check (`site_builder/namecache.py`) give the problems the whole
listing gives, for every file checked alone, whatever happened to the folder between runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from unittest import mock

import pytest

from site_builder import cachefile, namecache, pipeline
from site_builder.model import KINDS
from site_builder.problems import Problem

CACHE = cachefile.CACHE_DIR


@pytest.fixture(autouse=True)
def _no_clock_tick(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders changed by a test are all changed "just now" and would be listed on every run;
    without the allowance for the clock's tick, the remembered names answer. The racy test takes
    every change as within a tick instead (how long ago "just now" was depends on the machine)."""
    allowance = 10**18 if "racy" in request.node.name else -(10**18)  # all racy, or none
    monkeypatch.setattr(cachefile, "tick", lambda info: allowance)


def _listed(root: Path, kind: str, keys: object) -> list[str]:
    return os.listdir(root / "catalog" / kind)  # noqa: PTH208  (as before the cache)


def _problems(root: Path) -> dict[str, list[Problem]]:
    """Every catalog file's own check, as `catalog validate PATH` runs it."""
    paths = sorted(p for kind in KINDS for p in (root / "catalog" / kind).glob("*.yaml"))
    return {p.name: pipeline.check(root, [p]).report.problems for p in paths}


def _assert_same(root: Path) -> None:
    remembered = _problems(root)
    with mock.patch.object(namecache, "sharing", _listed):
        listed = _problems(root)
    assert remembered == listed


def _copy_entry(root: Path, kind: str, source: str, new: str) -> None:
    text = (root / "catalog" / kind / f"{source}.yaml").read_text(encoding="utf-8")
    (root / "catalog" / kind / f"{new}.yaml").write_text(
        text.replace(f"id: {source}\n", f"id: {new}\n"), encoding="utf-8"
    )


def test_colliding_names_added_removed_and_renamed_are_found_as_by_listing(project: Path) -> None:
    root = project
    _assert_same(root)
    solutions = sorted(p.stem for p in (root / "catalog" / "solutions").glob("*.yaml"))
    first = solutions[0]
    look_alike = first.replace("m", "rn", 1) if "m" in first else first.replace("i", "l", 1)
    assert look_alike != first
    _copy_entry(root, "solutions", first, look_alike)  # a look-alike added
    _assert_same(root)
    assert any(
        p.rule == "id-duplicate"
        for p in pipeline.check(root, [root / f"catalog/solutions/{first}.yaml"]).report.problems
    )
    (root / "catalog" / "solutions" / f"{look_alike}.yaml").rename(
        root / "catalog" / "solutions" / f"{first}-2.yaml"
    )
    _assert_same(root)  # renamed away
    _copy_entry(root, "solutions", solutions[1], solutions[1].replace("-", "", 1))  # hyphens only
    (root / "catalog" / "solutions" / "NOT-AN-ID.yaml").write_text("id: x\n", encoding="utf-8")
    _assert_same(root)
    (root / "catalog" / "solutions" / f"{first}-2.yaml").unlink()  # removed
    _assert_same(root)
    shutil.rmtree(root / CACHE)  # the cache deleted
    _assert_same(root)
    for cached in (root / CACHE).glob("names-*.txt"):  # the cache damaged
        cached.write_bytes(cached.read_bytes()[:-7])
    _assert_same(root)


def test_a_racy_folder_is_listed_again(project: Path) -> None:
    """A folder changed within a clock tick of its listing is not trusted next time."""
    root = project
    path = min((root / "catalog" / "solutions").glob("*.yaml"))
    pipeline.check(root, [path])
    body = cachefile.read(root, "names-solutions.txt", "catalog-name-keys 1")
    assert body is not None
    assert body.startswith("racy")
    _assert_same(root)


def test_few_and_many_keys_are_looked_up_alike() -> None:
    """A few keys are searched for in the remembered text, many found in its lines: both give
    every name under each key, and nothing else."""
    keys = [f"k{n:03d}" for n in range(40)]
    lines = sorted(f"{key}\t{key}-{copy}.yaml" for key in keys[::2] for copy in range(_copies(key)))
    text = "\n".join(lines)
    for count in (1, 2, namecache._FEW, namecache._FEW + 1, len(keys)):
        asked = [*keys[:count], "absent"]
        expected = sorted(line.split("\t")[1] for line in lines if line.split("\t")[0] in asked)
        assert sorted(namecache._lookup(text, asked)) == expected, count


def _copies(key: str) -> int:
    return 1 + int(key[1:]) % 3
