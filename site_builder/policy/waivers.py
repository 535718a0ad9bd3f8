"""Dated waivers from the terms policy: they silence matching findings until they expire.

A finding whose waiver has expired counts again, as a lapse (time, not a commit, brought it back:
see lapses.py). A waiver that matched nothing is reported as unused, unless its entry could not be
checked at all: then it was not evaluated, and nobody should be told to delete it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..advice import did_you_mean, remove
from ..problems import Level, Problem
from .config import Policy, Waiver


def matches(waiver: Waiver, problem: Problem, entry_key: str) -> bool:
    if waiver.entry != entry_key or waiver.rule != problem.rule:
        return False
    return not waiver.term or problem.term == waiver.term or problem.term.startswith(waiver.term + ".")


@dataclass
class Waiving:
    """What waivers did in one run: the findings they silenced and which waivers were used."""

    policy: Policy
    today: date
    applied: list[tuple[Waiver, Problem]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def apply(self, problems: Iterable[Problem], keys: dict[str, str]) -> list[Problem]:
        """The findings no live waiver covers; one an expired waiver covered is marked lapsed.

        `keys` maps a file to its entry key (`solutions/x`). May be called again on findings
        made later (those placed on a contract), so a waiver naming the contract applies too.
        """
        kept: list[Problem] = []
        for problem in problems:
            key = keys.get(problem.file, "")
            found = [w for w in self.policy.waivers if matches(w, problem, key)]
            live = next((w for w in found if w.expires >= self.today), None)
            if live is not None:
                self.used.add(live.index)
                self.applied.append((live, problem))
            elif found:
                ended = max(w.expires for w in found)
                note = f" (the waiver of it expired on {ended.isoformat()})"
                kept.append(
                    replace(problem, message=problem.message + note, lapsed=ended + timedelta(days=1))
                )
            else:
                kept.append(problem)
        return kept

    def findings(
        self,
        checked: Collection[str] | None,
        not_evaluated: Collection[str],
        known: Collection[str] = (),
    ) -> list[Problem]:
        """Problems with the waivers themselves: expired, not evaluated, or unused.

        `checked` limits the unused-waiver warning to entries this run checked (None: all);
        `not_evaluated` holds the entries whose checks could not run; `known`, when given, every
        entry of the catalog, so a waiver naming none of them is told what it may have meant.
        """
        found = []
        policy = self.policy
        for waiver in policy.waivers:
            pointer = f"/waivers/{waiver.index}"
            what = f"the waiver of {waiver.rule} for {waiver.entry}"
            if waiver.expires < self.today:
                found.append(
                    Problem(
                        policy.file,
                        0,
                        0,
                        Level.ERROR,
                        "waiver-expired",
                        f"{what} expired on {waiver.expires.isoformat()}",
                        pointer=pointer + "/expires",
                        hint="renew it with a new approval, or remove it and fix the entry",
                        lapsed=waiver.expires + timedelta(days=1),
                    )
                )
            elif waiver.index in self.used or (checked is not None and waiver.entry not in checked):
                continue
            elif waiver.entry in not_evaluated:
                found.append(
                    Problem(
                        policy.file,
                        0,
                        0,
                        Level.WARNING,
                        "waiver-not-evaluated",
                        f"{what} was not evaluated: the entry has errors that stop its checks",
                        pointer=pointer,
                        hint="fix the errors above first; the waiver is then checked again (keep it)",
                    )
                )
            elif known and waiver.entry not in known:
                advice = did_you_mean(
                    waiver.entry, sorted(known), pointer + "/entry", "correct it, or remove the waiver"
                )
                found.append(
                    Problem(
                        policy.file,
                        0,
                        0,
                        Level.WARNING,
                        "waiver-unused",
                        f"{what} matches no finding: the catalog has no entry {waiver.entry}",
                        pointer=pointer + "/entry",
                        hint=advice.text,
                        fix=advice.fix,
                    )
                )
            else:
                advice = remove(pointer, "remove the waiver")
                found.append(
                    Problem(
                        policy.file,
                        0,
                        0,
                        Level.WARNING,
                        "waiver-unused",
                        f"{what} matches no finding",
                        pointer=pointer,
                        hint=advice.text,
                        fix=advice.fix,
                    )
                )
        return found


def apply_waivers(
    policy: Policy,
    problems: Iterable[Problem],
    keys: dict[str, str],
    today: date,
    checked: set[str] | None = None,
    not_evaluated: Collection[str] = (),
) -> tuple[list[Problem], list[tuple[Waiver, Problem]]]:
    """Drop findings covered by a live waiver; add problems for the waivers themselves.

    Returns the remaining problems and the (waiver, finding) pairs applied, which the site shows.
    """
    waiving = Waiving(policy, today)
    kept = waiving.apply(problems, keys)
    return kept + waiving.findings(checked, not_evaluated), waiving.applied
