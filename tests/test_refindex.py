"""The reference index (`site_builder/refindex.py`) gives the answers reading every file gives,
whatever happened to the files or to the index between runs: every id of every kind asked of
every folder, and every problem a one-file check reports, compared with the index and without."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from gitrepo import git, init

from site_builder import cachefile, pipeline, refindex, selection
from site_builder.model import KINDS
from site_builder.problems import Problem

from conftest import make_project

CACHE = cachefile.CACHE_DIR


@pytest.fixture(autouse=True)
def _no_clock_tick(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are all changed "just now", and the index would read every one
    of them again on each run, so its record would never be what answers. Without the
    allowance for the clock's tick, a record is trusted as soon as it is made. The racy test
    takes every change as within a tick instead (how long ago "just now" was depends on the
    machine)."""
    allowance = 10**18 if "racy" in request.node.name else -(10**18)  # all racy, or none
    monkeypatch.setattr(cachefile, "tick", lambda info: allowance)


@contextmanager
def _uncached() -> Iterator[None]:
    """Every file read, as before the index (grep picking the files where it is at hand)."""
    with mock.patch.object(refindex, "naming", return_value=None):
        yield


def _ids(root: Path) -> dict[str, list[str]]:
    return {kind: sorted(p.stem for p in (root / "catalog" / kind).glob("*.yaml")) for kind in KINDS}


def _answers(root: Path) -> dict[tuple[str, tuple[str, ...]], list[str]]:
    """Which files of each folder name the ids of every kind at once (the first question, which
    has the index learn them all), nothing the index knows, and then each id that runs ask about
    (vehicles, contracts and solutions) alone, in the folders runs ask about."""
    ids = _ids(root)
    everything = tuple(sorted({i for kind in KINDS for i in ids[kind]}))
    asked = [(folder, question) for folder in KINDS for question in (everything, ("no-such-entry",))]
    singles = sorted({i for kind in ("vehicles", "contracts", "solutions") for i in ids[kind]})
    asked += [(folder, (i,)) for folder in ("contracts", "solutions", "scenarios") for i in singles]
    return {
        (folder, question): [f.file for f in selection.dependents(root, *question, folder=folder)]
        for folder, question in asked
    }


def _checks(root: Path) -> dict[str, tuple[int, list[Problem]]]:
    """What `catalog validate PATH` finds for each contract and vehicle (their runs look for
    dependents) and for a few solutions."""
    paths = sorted((root / "catalog" / "contracts").glob("*.yaml"))
    paths += sorted((root / "catalog" / "vehicles").glob("*.yaml"))
    paths += sorted((root / "catalog" / "solutions").glob("*.yaml"))[:3]
    found = {}
    for path in paths:
        report = pipeline.check(root, [path]).report
        found[path.name] = (report.files_checked, list(report.problems))
    return found


def _assert_same(root: Path, *, checks: bool = False) -> None:
    indexed = _answers(root)
    with _uncached():
        plain = _answers(root)
    assert indexed == plain
    assert any(indexed[key] for key in indexed if key[0] == "solutions")  # the question is not empty
    if checks:
        indexed_checks = _checks(root)
        with _uncached():
            assert indexed_checks == _checks(root)


def _naming_contract(root: Path) -> tuple[Path, str]:
    """A solution and one contract it names."""
    contracts = _ids(root)["contracts"]
    for path in sorted((root / "catalog" / "solutions").glob("*.yaml")):
        found = _REFERENCE.search(path.read_text(encoding="utf-8"))
        if found and found[1] in contracts:
            return path, found[1]
    raise AssertionError("no solution names a contract")


_REFERENCE = re.compile(r"contract: ([a-z0-9-]+)(?=[,}\n])")


def _rename_reference(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    renamed = re.sub(rf"contract: {re.escape(old)}(?=[,}}\n])", f"contract: {new}", text, count=1)
    assert renamed != text
    path.write_text(renamed, encoding="utf-8")


def _add_contract(root: Path, new: str) -> None:
    source = min((root / "catalog" / "contracts").glob("*.yaml"))
    (root / "catalog" / "contracts" / f"{new}.yaml").write_text(
        source.read_text(encoding="utf-8").replace(f"id: {source.stem}\n", f"id: {new}\n"), encoding="utf-8"
    )


@pytest.fixture(params=["demo", "good"])
def copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", request.param, demo=request.param == "demo")


def test_edits_of_every_kind_give_the_answers_of_reading_every_file(copy: Path) -> None:
    root = copy
    _assert_same(root, checks=True)
    assert (root / CACHE / "references-solutions.txt").is_file()

    # A reference renamed: the solution now names another contract.
    path, named = _naming_contract(root)
    _add_contract(root, "second-umbrella")
    _rename_reference(path, named, "second-umbrella")
    _assert_same(root, checks=True)

    # A reference removed (to a contract that does not exist) and one added (in a comment: the
    # whole-id test is textual, so it counts too).
    path, named = _naming_contract(root)
    _rename_reference(path, named, "gone")
    third = max((root / "catalog" / "solutions").glob("*.yaml"))
    third.write_text(third.read_text(encoding="utf-8") + f"# see also {named}\n", encoding="utf-8")
    _assert_same(root, checks=True)

    # A file deleted, and one added under a new name.
    path, named = _naming_contract(root)
    text = path.read_text(encoding="utf-8")
    path.unlink()
    (root / "catalog" / "solutions" / "added-later.yaml").write_text(
        text.replace(f"id: {path.stem}\n", "id: added-later\n"), encoding="utf-8"
    )
    _assert_same(root, checks=True)

    # A contract added: an id the index has not been asked for yet, named by a solution.
    _add_contract(root, "brand-new-umbrella")
    path, named = _naming_contract(root)
    _rename_reference(path, named, "brand-new-umbrella")
    _assert_same(root, checks=True)

    # The cache deleted between runs.
    shutil.rmtree(root / CACHE)
    _assert_same(root)


@pytest.mark.parametrize(
    "damage",
    ["truncated", "a byte changed", "a name dropped", "empty", "garbage", "a folder", "a link", "a pipe"],
)
def test_a_damaged_or_unreadable_cache_is_rebuilt_silently(project: Path, damage: str) -> None:
    root = project
    _assert_same(root)
    cache = root / CACHE / "references-solutions.txt"
    data = cache.read_bytes()
    if damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "a byte changed":
        middle = len(data) // 2
        cache.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    elif damage == "a name dropped":  # well formed but wrong, and the listing still agrees
        header, known, digest, folder, names, keys, inverted, records, end = data.split(b"\n\f\n")
        lines = inverted.split(b"\n")
        named = next(i for i, line in enumerate(lines) if line.endswith(b".yaml"))
        lines[named] = (
            lines[named].rsplit(b"/", 1)[0] if b"/" in lines[named] else lines[named].split(b"\t")[0] + b"\t"
        )
        inverted = b"\n".join(lines)
        parts = [header, known, digest, folder, names, keys, inverted, records, end]
        cache.write_bytes(b"\n\f\n".join(parts))
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "garbage":
        cache.write_bytes(os.urandom(5000) + b"\xff\xfe\n\f\n" * 3)
    elif damage == "a folder":
        cache.unlink()
        cache.mkdir()
    elif damage == "a link":
        cache.unlink()
        cache.symlink_to(root / "catalog" / "solutions" / next(iter(_ids(root)["solutions"])))
    else:
        cache.unlink()
        os.mkfifo(cache)
    _assert_same(root, checks=True)


def test_a_same_size_edit_with_its_modification_time_restored_is_seen(project: Path) -> None:
    """Only the change time tells: with no allowance for the clock's tick, the record made before
    the edit is trusted only if size, both times and inode agree, and the change time moved."""
    root = project
    _assert_same(root)
    path, named = _naming_contract(root)
    before = path.stat()
    renamed = named[:-1] + ("x" if named[-1] != "x" else "y")  # same length, another id
    _rename_reference(path, named, renamed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert path.name not in [f.path.name for f in selection.dependents(root, named)]
    _assert_same(root, checks=True)


def test_a_racy_file_changed_within_a_clock_tick_of_its_record_is_read_again(project: Path) -> None:
    """A second edit in the same tick would leave every time as it was: such a file gets no
    trusted line in the record, so the next run reads it again."""
    root = project
    path, named = _naming_contract(root)
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # changed just now
    selection.dependents(root, named)
    stored = refindex._Stored.read(root, "references-solutions.txt")
    assert stored is not None
    assert dict(zip(stored.names(), stored.keys.split("\n"), strict=True))[path.name] == "racy"
    assert stored.digest == "racy"  # the whole listing is compared again next time
    _assert_same(root)


def test_a_copied_cache_is_foreign_and_rebuilt(project: Path, tmp_path: Path) -> None:
    """A record names the file it was written to: a copy (or one committed and checked out) is
    never believed, even though its content is whole."""
    root = project
    _assert_same(root)
    copied = tmp_path / "copied"
    shutil.copytree(root, copied, symlinks=True)
    assert refindex._Stored.read(copied, "references-solutions.txt") is None
    path, _ = _naming_contract(copied)
    path.unlink()
    _assert_same(copied)


def _hammer(root: str, ids: list[str], rounds: int) -> None:
    for _ in range(rounds):
        for entry_id in ids:
            refindex.naming(Path(root), "solutions", [entry_id])


def test_concurrent_runs_leave_a_true_record(project: Path) -> None:
    """Runs writing the record at once while files change: every record written is whole, and
    the answers afterwards are those of reading every file."""
    root = project
    contracts = _ids(root)["contracts"]
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(root), contracts[i::3], 15)) for i in range(3)]
    for worker in workers:
        worker.start()
    solutions = sorted((root / "catalog" / "solutions").glob("*.yaml"))
    for round_ in range(30):
        path = solutions[round_ % len(solutions)]
        path.write_text(
            path.read_text(encoding="utf-8") + f"# {contracts[round_ % len(contracts)]}\n", encoding="utf-8"
        )
        time.sleep(0.01)
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert refindex._Stored.read(root, "references-solutions.txt") is not None
    assert not [p for p in (root / CACHE).iterdir() if p.name.startswith(".references")]  # no leftovers
    _assert_same(root)


def test_the_cache_is_ignored_by_git_and_by_the_catalog_check(demo_project: Path, run_cli: object) -> None:
    root = init(demo_project)
    contract = min((root / "catalog" / "contracts").glob("*.yaml"))
    done = run_cli("-C", root, "validate", contract)  # type: ignore[operator]
    assert done.exit_code == 0, done.output
    assert (root / CACHE / "references-solutions.txt").is_file()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert (
        git(root, "check-ignore", f"{CACHE}/references-solutions.txt") == f"{CACHE}/references-solutions.txt"
    )
    done = run_cli("-C", root, "validate")  # type: ignore[operator]
    assert done.exit_code == 0, done.output
    assert CACHE not in done.output + done.stderr


def test_a_read_only_project_is_checked_without_a_cache(project: Path) -> None:
    """Where the cache cannot be written (a read-only checkout), every run looks again."""
    root = project
    (root / CACHE).write_text("not a folder", encoding="utf-8")  # mkdir fails as it would read-only
    _assert_same(root, checks=True)
    assert (root / CACHE).read_text(encoding="utf-8") == "not a folder"


def test_text_no_id_can_be_is_answered_by_reading(project: Path) -> None:
    assert refindex.naming(project, "solutions", ["Not An Id"]) is None
    assert refindex.naming(project, "solutions", []) is None
    assert selection.dependents(project, "Not An Id") == []


def test_the_cli_reports_the_same_with_and_without_the_cache(demo_project: Path) -> None:
    """The real command in fresh processes: building the record, answering from it, and again
    with the record deleted."""
    root = demo_project
    contract = sorted((root / "catalog" / "contracts").glob("*.yaml"))[1]
    catalog = Path(sys.executable).with_name("catalog")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [catalog, "-C", root, "validate", contract], capture_output=True, text=True, check=False
        )

    first, second = run(), run()
    shutil.rmtree(root / CACHE)
    third = run()
    assert (
        (first.returncode, first.stdout)
        == (second.returncode, second.stdout)
        == (third.returncode, third.stdout)
    )
    assert "files" in first.stdout


def _settle(folder: Path) -> None:
    """Wait until no file of `folder`, nor the folder, changed within a clock tick."""
    newest = max((p.stat() for p in (folder, *folder.iterdir())), key=lambda i: i.st_ctime_ns)
    wait = newest.st_ctime_ns + cachefile.tick(newest) - time.time_ns()
    time.sleep(max(0, wait) / 1e9 + 0.01)


def test_an_unchanged_folder_is_answered_from_the_record_alone(project: Path) -> None:
    """The common case: the listing's digest equals the record's, and no file is read."""
    root = project
    path, named = _naming_contract(root)
    _settle(root / "catalog" / "solutions")
    first = refindex.naming(root, "solutions", [named])
    assert first is not None
    assert path.name in first
    stored = refindex._Stored.read(root, "references-solutions.txt")
    assert stored is not None
    assert stored.digest == refindex._listing(root / "catalog" / "solutions").digest  # type: ignore[union-attr]
    looked = mock.patch.object(refindex._Index, "update", side_effect=AssertionError("files looked at"))
    with looked, mock.patch.object(refindex, "_read", side_effect=AssertionError("a file read")):
        assert refindex.naming(root, "solutions", [named]) == first


def test_the_folder_is_listed_again_only_when_its_names_changed(project: Path) -> None:
    """While the folder's own times are those of the record, its files are those the record
    names (each still stat'ed); a file added, renamed or removed changes them."""
    root = project
    folder = root / "catalog" / "solutions"
    path, named = _naming_contract(root)
    _settle(folder)
    first = refindex.naming(root, "solutions", [named])
    assert first is not None
    with mock.patch.object(os, "listdir", side_effect=AssertionError("listed")):
        assert refindex.naming(root, "solutions", [named]) == first
    path.write_text(path.read_text(encoding="utf-8").replace(named, "gone"), encoding="utf-8")  # in place
    _settle(folder)
    with mock.patch.object(os, "listdir", side_effect=AssertionError("listed")):
        assert refindex.naming(root, "solutions", [named]) == [n for n in first if n != path.name]
    path.rename(folder / "renamed-later.yaml")
    _settle(folder)
    with mock.patch.object(os, "listdir", wraps=os.listdir) as listed:
        assert refindex.naming(root, "solutions", ["gone"]) == ["renamed-later.yaml"]
    assert listed.called
    _assert_same(root, checks=True)
