"""Time does not stall publishing: what has lapsed is shown, not fatal, until someone touches it.

A lapse is a finding that holds only because a date has passed: a contract's end, a certificate's
expiry or evidence age, a waiver's expiry, a review date. Rules mark such findings with the first
day they held (`Problem.lapsed`); this module is the one place that decides what they do:

- in a run that judges the catalog as it stands (the nightly build, `catalog validate`), a lapse
  is a warning, so the site is still published, and the entry is shown and exported as "not
  currently orderable", with the reason and the date;
- for files a change touches (`catalog validate --changed-since REV`, or files named on the
  command line) and under `--strict`, it stays an error until renewed or waived.

Only error-level lapses make an entry not orderable (an expired extra certificate is information;
a missing required one is not). A solution is not orderable either when every contract it is
offered under is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .model import Catalog
from .problems import Level, Problem


@dataclass(frozen=True, order=True)
class Lapse:
    """Why an entry cannot be ordered now, and since when."""

    since: date
    reason: str


Standing = Mapping[str, tuple[Lapse, ...]]  # entry key → why it is not currently orderable


def settle(
    problems: Iterable[Problem], touched: Callable[[str], bool], strict: bool
) -> tuple[list[Problem], dict[str, list[Lapse]]]:
    """Each lapse as a warning, unless its file is touched or the run is strict; and the lapses
    that make their file's entry not orderable, by file."""
    settled: list[Problem] = []
    blocking: dict[str, list[Lapse]] = {}
    for problem in problems:
        if problem.lapsed is not None and problem.level is Level.ERROR:
            blocking.setdefault(problem.file, []).append(Lapse(problem.lapsed, problem.message))
            if not strict and not touched(problem.file):
                settled.append(_shown_as_warning(problem, problem.lapsed))
                continue
        settled.append(problem)
    return settled, blocking


def _shown_as_warning(problem: Problem, since: date) -> Problem:
    note = (
        f"time, not a change, brought this on {since.isoformat()}: the entry is shown as not currently "
        "orderable; a change to this file must renew it or have it waived"
    )
    return replace(problem, level=Level.WARNING, hint=f"{problem.hint}; {note}" if problem.hint else note)


def standing(catalog: Catalog, blocking: Mapping[str, list[Lapse]]) -> dict[str, tuple[Lapse, ...]]:
    """Entry key → why it is not currently orderable, for every entry that is not."""
    files = {entry.file: entry.key for entry in catalog.entries()}
    found: dict[str, list[Lapse]] = {files[f]: list(lapses) for f, lapses in blocking.items() if f in files}
    for solution in catalog.solutions.values():
        contracts = [f"contracts/{o.contract_id}" for o in solution.offerings]
        if contracts and all(key in found for key in contracts):
            for key in contracts:
                name = key.partition("/")[2]
                found.setdefault(solution.key, []).extend(
                    Lapse(lapse.since, f'contract "{name}": {lapse.reason}') for lapse in found[key]
                )
    return {key: tuple(sorted(set(lapses))) for key, lapses in sorted(found.items())}
