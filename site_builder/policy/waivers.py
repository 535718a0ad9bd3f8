"""Dated waivers from the terms policy: they silence matching findings until they expire."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..problems import Level, Problem
from .config import Policy, Waiver


def matches(waiver: Waiver, problem: Problem, entry_key: str) -> bool:
    if waiver.entry != entry_key or waiver.rule != problem.rule:
        return False
    return not waiver.term or problem.term == waiver.term or problem.term.startswith(waiver.term + ".")


def apply_waivers(
    policy: Policy,
    problems: Iterable[Problem],
    keys: dict[str, str],
    today: date,
    checked: set[str] | None = None,
) -> tuple[list[Problem], list[tuple[Waiver, Problem]]]:
    """Drop findings covered by a live waiver; add problems for expired and unused waivers.

    `keys` maps a file to its entry key (`solutions/x`); `checked` limits the unused-waiver
    warning to entries that were actually checked in this run.  Returns the remaining problems
    and the (waiver, finding) pairs applied, which the site shows.
    """
    live = [w for w in policy.waivers if w.expires >= today]
    used: set[int] = set()
    applied: list[tuple[Waiver, Problem]] = []
    kept: list[Problem] = []
    for problem in problems:
        key = keys.get(problem.file, "")
        waiver = next((w for w in live if matches(w, problem, key)), None)
        if waiver is None:
            kept.append(problem)
        else:
            used.add(waiver.index)
            applied.append((waiver, problem))
    for waiver in policy.waivers:
        pointer = f"/waivers/{waiver.index}"
        if waiver.expires < today:
            kept.append(
                Problem(
                    policy.file,
                    0,
                    0,
                    Level.ERROR,
                    "waiver-expired",
                    f"the waiver of {waiver.rule} for {waiver.entry} expired on {waiver.expires.isoformat()}",
                    pointer=pointer + "/expires",
                    hint="renew it with a new approval, or remove it and fix the entry",
                )
            )
        elif waiver.index not in used and (checked is None or waiver.entry in checked):
            kept.append(
                Problem(
                    policy.file,
                    0,
                    0,
                    Level.WARNING,
                    "waiver-unused",
                    f"the waiver of {waiver.rule} for {waiver.entry} matches no finding",
                    pointer=pointer,
                    hint="remove the waiver",
                )
            )
    return kept, applied
