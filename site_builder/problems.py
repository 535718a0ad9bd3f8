"""Problems found in a catalog: plain data until an edge formats them."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class FixKind(StrEnum):
    CORRECTION = "correction"  # what the file means to say, written as the schema wants it
    SUGGESTION = "suggestion"  # a close match ("did you mean"): a person confirms it
    COMMITMENT = "commitment"  # records a term or a plan: true only if the signed documents say so


@dataclass(frozen=True)
class Change:
    """One edit of a file.

    Of its data, at the JSON pointer `path`: `set` writes `value` (making the mappings above it),
    `add` appends `value` to a list (making the list), `remove` deletes a key or item (and the
    mappings it leaves empty), `rename` gives a key the name `value` in place.  Of the file itself
    (`path` empty): `delete-text` removes `value["text"]` at `value["line"]`/`["column"]` (a
    file the loader refuses has no data to edit), `rename-file` moves it to the project-relative
    `value`, `clear-executable` drops its executable bits.  `found` and `line` are filled in
    when the problem is located: the deepest part of `path` the file already has, and its line.
    """

    op: str
    path: str
    value: Any = None
    found: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Fix:
    """A mechanical fix: changes `catalog fix` can make to the problem's file."""

    changes: tuple[Change, ...]
    kind: FixKind = FixKind.CORRECTION


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located in a file.

    `file` is relative to the project root and `/`-separated; `line` and `column` are 1-based
    (0 when the problem concerns the file as a whole).  `pointer` is the JSON pointer of the field
    the problem is about, and `term` the dotted term path a waiver may name.
    """

    file: str
    line: int
    column: int
    level: Level
    rule: str
    message: str
    # Keyword-only: three strings in a row are easy to swap by position.
    _: KW_ONLY
    pointer: str = ""
    hint: str = field(default="", compare=False)
    term: str = field(default="", compare=False)
    # The first day on which the finding holds only because time passed (a contract ended, a
    # certificate or a waiver expired), None when the data itself causes it; see lapses.py.
    lapsed: date | None = field(default=None, compare=False)
    # The entry (`contracts/<id>`) whose file the fix belongs in, when it is not this file: a
    # term the solution's contract does not state; see placement.py.
    fix_in: str = field(default="", compare=False)
    # The edit that resolves it, when one can be named without a person's judgement (see Fix).
    fix: Fix | None = field(default=None, compare=False)
    # What a person must add when no fix can be named: fields to fill in (`set` with value None),
    # or items to add with what is known of them (`add` with a partial item). Alternatives when
    # several: any one will do. The scaffold and the contribute page lay these fields out.
    asks: tuple[Change, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


@dataclass
class Report:
    """All problems of one run, plus how many files were checked."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))


class ConfigError(Exception):
    """The project itself (policy, schemas, layout) is broken: exit code 2, not a catalog error."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
