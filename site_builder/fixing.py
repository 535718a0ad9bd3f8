"""`catalog fix`: make the fixes findings carry, and say what still needs a person.

Corrections are made by default; a suggestion ("did you mean") only with `suggestions`, and a
commitment (a term or a plan, true only if the signed documents say so) only with `commitments`.
A file is written only if the hardened loader reads the result, and atomically; then the
catalog is checked again, and a file whose fixes brought a finding about how it is written
(its YAML, its shape, its text) is put back as it was. Findings the entry's other checks make
once its errors are gone were hidden, not brought: they are reported as still to do. Nothing
here formats text: `report.py` does.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import yamledit, yamlsafe
from .discover import read_bytes, relative
from .pipeline import check
from .problems import Change, Fix, FixKind, Problem, Report
from .rules import RULES

# Findings about how a file is written: a fix that brings one has broken the file.
BREAKING_FAMILIES = frozenset({"file", "yaml", "schema", "content"})
# Findings that stop a file being read at all: what it holds was never checked.
UNREAD_FAMILIES = frozenset({"file", "yaml"})
FILE_OPS = frozenset({"rename-file", "clear-executable"})
WHY_NOT = {
    FixKind.SUGGESTION: "a guess to confirm: take it with --with-suggestions once you have checked it",
    FixKind.COMMITMENT: "a commitment: write it with --with-commitments only if your company or the signed "
    "contract agrees to it",
}


@dataclass(frozen=True)
class Outcome:
    problem: Problem
    applied: bool
    reason: str = ""  # why it was not applied, or what happened after


@dataclass
class FixRun:
    outcomes: list[Outcome] = field(default_factory=list)  # every finding with a fix, in file order
    diffs: dict[str, str] = field(default_factory=dict)  # file → what was (or would be) written
    remaining: Report = field(default_factory=Report)  # the check after the fixes
    dry_run: bool = False

    @property
    def applied(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.applied]


@dataclass
class _Edit:
    """One file's fixes: its text before and after, and what else is done to the file."""

    file: str
    original: bytes
    text: str | None
    loads: bool  # whether the loader read the original
    applied: list[Problem] = field(default_factory=list)
    file_ops: list[Change] = field(default_factory=list)


def identity(problem: Problem) -> tuple[str, str, str, str]:
    """A finding regardless of where lines moved."""
    return problem.file, problem.rule, problem.pointer, problem.message


def run_fixes(
    root: Path,
    paths: Sequence[Path] = (),
    *,
    suggestions: bool = False,
    commitments: bool = False,
    dry_run: bool = False,
    today: date | None = None,
) -> FixRun:
    root = root.resolve()
    targets = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    before = check(root, targets, today)
    named = {relative(root, Path(os.path.normpath(t))) for t in targets}
    run = FixRun(dry_run=dry_run)
    wanted = {
        FixKind.CORRECTION,
        *((FixKind.SUGGESTION,) if suggestions else ()),
        *((FixKind.COMMITMENT,) if commitments else ()),
    }
    edits: dict[str, _Edit] = {}
    for problem, fix in _in_order((p, p.fix) for p in before.report.sorted() if p.fix is not None):
        if named and problem.file not in named:
            continue
        if fix.kind not in wanted:
            run.outcomes.append(Outcome(problem, False, WHY_NOT[fix.kind]))
            continue
        edit = edits.get(problem.file) or edits.setdefault(problem.file, _open(root, problem.file))
        run.outcomes.append(_apply(edit, problem, fix))
    ready = {file: edit for file, edit in edits.items() if edit.applied}
    for edit in ready.values():
        refusal = _refusal(edit)
        if refusal:
            run.outcomes = [_undo(o, edit, refusal) for o in run.outcomes]
        else:
            run.diffs[edit.file] = _diff(edit)
    ready = {f: e for f, e in ready.items() if f in run.diffs}
    if dry_run or not ready:
        run.remaining = before.report
        return run
    undo = {file: _write(root, edit) for file, edit in ready.items()}
    after = check(root, [root / name for name in _fixed_names(ready, named)] if named else [], today)
    known = {identity(p) for p in before.report.problems}
    unread = {p.file for p in before.report.problems if _family(p) in UNREAD_FAMILIES}
    back = {_renamed(edit): file for file, edit in ready.items()}
    brought: dict[str, list[Problem]] = {}
    for problem in after.report.problems:
        original = back.get(problem.file, problem.file)
        # A new finding of how a file that was read is written means the fix broke it: put it
        # back. One the checks make once a file can be read, or once its errors are gone, was
        # hidden, not brought: keep it.
        breaks = original not in unread and _family(problem) in BREAKING_FAMILIES
        if original in ready and breaks and (original, *identity(problem)[1:]) not in known:
            brought.setdefault(original, []).append(problem)
    for file, found in brought.items():
        undo[file]()
        del run.diffs[file]
        reason = f"put back: it would have brought {found[0].message} ({found[0].rule})"
        run.outcomes = [_undo(o, ready[file], reason) for o in run.outcomes]
    if brought:
        after = check(root, targets, today)
    still = {(back.get(p.file, p.file), *identity(p)[1:]) for p in after.report.problems}
    run.outcomes = [
        Outcome(o.problem, True, "written, but the finding is still reported")
        if o.applied and identity(o.problem) in still
        else o
        for o in run.outcomes
    ]
    run.remaining = after.report
    return run


def _family(problem: Problem) -> str:
    rule = RULES.get(problem.rule)
    return rule.family if rule is not None else "file"


def _in_order(found: Iterable[tuple[Problem, Fix]]) -> list[tuple[Problem, Fix]]:
    """Text deletions from the end of the file, then the data's changes, then removals of list
    items from the end of their list: each leaves the places the others name where they were."""

    def text_position(pair: tuple[Problem, Fix]) -> tuple[int, int]:
        found = [c.value for c in pair[1].changes if c.op == "delete-text"]
        return (-int(found[0]["line"]), -int(found[0]["column"])) if found else (0, 0)

    def removal(pair: tuple[Problem, Fix]) -> tuple[int, ...]:
        removes = [
            c.path for c in pair[1].changes if c.op == "remove" and c.path.rsplit("/", 1)[-1].isdigit()
        ]
        return tuple(-int(part) for part in removes[0].split("/")[1:] if part.isdigit()) if removes else ()

    listed = list(found)
    texts = sorted((p for p in listed if text_position(p) != (0, 0)), key=text_position)
    removals = sorted((p for p in listed if removal(p)), key=removal)
    return texts + [p for p in listed if not removal(p) and text_position(p) == (0, 0)] + removals


def _open(root: Path, file: str) -> _Edit:
    raw = read_bytes(root / file)
    text, problems = yamlsafe.decode(raw, file)
    loads = text is not None and not problems and not yamlsafe.load(text, file)[1]
    return _Edit(file, raw, text, loads)


def _apply(edit: _Edit, problem: Problem, fix: Fix) -> Outcome:
    changes = [c for c in fix.changes if c.op not in FILE_OPS]
    if changes and edit.text is None:
        return Outcome(problem, False, "the file cannot be read as UTF-8 text; fix that first")
    try:
        text = yamledit.apply(edit.text, changes) if changes and edit.text is not None else edit.text
    except yamledit.EditError as exc:
        return Outcome(problem, False, str(exc))
    if edit.loads and text is not None and yamlsafe.load(text, edit.file)[1]:
        refused = yamlsafe.load(text, edit.file)[1][0]
        return Outcome(problem, False, f"the result would not load: {refused.message}")
    edit.text = text
    edit.applied.append(problem)
    edit.file_ops += [c for c in fix.changes if c.op in FILE_OPS]
    return Outcome(problem, True)


def _refusal(edit: _Edit) -> str:
    """Why the edited file may not be written (the loader refuses it), or ""."""
    if edit.text is None:
        return ""
    text, problems = yamlsafe.decode(edit.text.encode("utf-8"), edit.file)
    if text is not None and not problems:
        problems = yamlsafe.load(text, edit.file)[1]
    if not problems:
        return ""
    first = problems[0]
    return f"not written: the file would still not load ({first.line}:{first.column} {first.message})"


def _undo(outcome: Outcome, edit: _Edit, reason: str) -> Outcome:
    if outcome.applied and outcome.problem in edit.applied:
        return Outcome(outcome.problem, False, reason)
    return outcome


def _renamed(edit: _Edit) -> str:
    moves = [str(c.value) for c in edit.file_ops if c.op == "rename-file"]
    return moves[-1] if moves else edit.file


def _fixed_names(ready: dict[str, _Edit], named: set[str]) -> list[str]:
    return sorted({_renamed(ready[n]) if n in ready else n for n in named})


def _diff(edit: _Edit) -> str:
    old = edit.original.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (edit.text or "").splitlines(keepends=True) if edit.text is not None else old
    target = _renamed(edit)
    lines = list(difflib.unified_diff(old, new, f"a/{edit.file}", f"b/{target}"))
    notes = [f"# {c.op} {c.value or ''}".rstrip() + "\n" for c in edit.file_ops]
    return "".join(notes + lines)


def _write(root: Path, edit: _Edit) -> Callable[[], None]:
    """Write the file atomically, then its mode and name; returns a callable that undoes it all."""
    path = root / edit.file
    mode = stat.S_IMODE(path.lstat().st_mode)
    if edit.text is not None and edit.text.encode("utf-8") != edit.original:
        _atomic_write(path, edit.text.encode("utf-8"), mode)
    new_mode = mode & ~0o111 if any(c.op == "clear-executable" for c in edit.file_ops) else mode
    if new_mode != mode:
        path.chmod(new_mode)
    target = root / _renamed(edit)
    moved = target != path
    if moved:
        os.link(path, target)  # refuses to replace an existing file, unlike a rename
        path.unlink()

    def undo() -> None:
        if moved:
            os.link(target, path)
            target.unlink()
        _atomic_write(path, edit.original, mode)

    return undo


def _atomic_write(path: Path, data: bytes, mode: int) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".fix-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
