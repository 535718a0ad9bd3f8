"""Where a rule's finding lands: Problems pointing at the field to fix, and hints that name the fix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from .. import terms
from ..advice import Advice, commit, term_pointer
from ..model import Contract, Entry, Offering, Solution
from ..problems import Change, Level, Problem

__all__ = ["Advice", "at_contract_term", "at_entry", "at_offering", "override_hint", "term_hint"]


def at_entry(
    entry: Entry,
    pointer: str,
    rule: str,
    message: str,
    hint: str | Advice,
    term: str = "",
    level: Level = Level.ERROR,
    *,
    lapsed: date | None = None,
) -> Problem:
    """A problem in `entry`'s file; the line is filled in later from `pointer`. `lapsed`: the day
    time alone brought it (a dated thing ended), for lapses.py. A hint given as Advice carries
    its fix."""
    advice = hint if isinstance(hint, Advice) else Advice(hint)
    return Problem(
        entry.file,
        0,
        0,
        level,
        rule,
        message,
        pointer=pointer,
        hint=advice.text,
        term=term,
        lapsed=lapsed,
        fix=advice.fix,
        asks=advice.asks,
    )


def at_contract_term(
    contract: Contract,
    term_path: str,
    rule: str,
    message: str,
    hint: str | Advice,
    level: Level = Level.ERROR,
) -> Problem:
    """A problem with a contract's terms, where they are stated: for an award under a vehicle, in
    the award's file when the award states that term family itself, else in the vehicle's file,
    whose common terms the fix belongs to (the same finding from every award is then one)."""
    family_name = term_path.split(".", 1)[0]
    vehicle = contract.vehicle
    if vehicle is not None and family_name not in contract.own_terms:
        return at_entry(
            vehicle,
            term_pointer("/terms", term_path),
            rule,
            f"the vehicle's {message}",
            hint,
            term_path,
            level,
        )
    return at_entry(
        contract, term_pointer("/terms", term_path), rule, f"the contract's {message}", hint, term_path, level
    )


def at_offering(
    solution: Solution,
    offering: Offering,
    term_path: str,
    rule: str,
    message: str,
    hint: str | Advice,
    level: Level = Level.ERROR,
) -> Problem:
    """A problem with a solution's effective terms under one contract.

    It points at the override when the solution overrides that term, else at the contract
    reference in `offered_under`, and names the contract so the reader knows whose terms fall short.
    When neither states the term, the fix is in the contract: the problem says so (`fix_in`), and
    the pipeline makes one finding on the contract of all such (see placement.py).
    """
    stated_here = terms.get(solution.overrides, term_path) is not None
    if stated_here:
        pointer = term_pointer("/terms_overrides", term_path)
    else:
        pointer = f"/offered_under/{offering.index}/contract"
    missing = not stated_here and terms.get(offering.effective_terms, term_path) is None
    problem = at_entry(
        solution, pointer, rule, f'under contract "{offering.contract_id}", {message}', hint, term_path, level
    )
    # A term missing under an award is missing from its vehicle's common terms too (an award only
    # adds to them): the vehicle is where it is fixed for every awardee at once.
    where = f"vehicles/{offering.vehicle_id}" if offering.vehicle_id else f"contracts/{offering.contract_id}"
    return replace(problem, fix_in=where) if missing else problem


def override_hint(term_path: str, value: Any, currency: str) -> Advice:
    """Tighten the term for this solution with an override (an agreement), or amend the contract."""
    shown = "" if isinstance(value, bool) else f" ({terms.format_value(term_path, value, currency)})"
    return commit(
        f"add this override{shown} to the solution if your company agrees to it, or have the contract amended",
        Change("set", term_pointer("/terms_overrides", term_path), value),
    )


def term_hint(term_path: str, value: Any, words: str = "") -> Advice:
    """Record the contract's term as `value` (as signed, or once amended): `words` says which
    way the value may go ("or more")."""
    return commit(
        f"write it as below{' (' + words + ')' if words else ''} if the signed contract says so, or have "
        "the contract amended",
        Change("set", term_pointer("/terms", term_path), value),
    )


def family(effective: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = effective.get(name)
    return value if isinstance(value, Mapping) else {}
