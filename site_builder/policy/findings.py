"""Where a rule's finding lands: Problems pointing at the field to fix, and hints that name the fix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from .. import terms
from ..model import Contract, Entry, Offering, Solution
from ..problems import Level, Problem


def term_pointer(prefix: str, term_path: str) -> str:
    return prefix + "".join(f"/{part}" for part in term_path.split("."))


def at_entry(
    entry: Entry,
    pointer: str,
    rule: str,
    message: str,
    hint: str,
    term: str = "",
    level: Level = Level.ERROR,
    *,
    lapsed: date | None = None,
) -> Problem:
    """A problem in `entry`'s file; the line is filled in later from `pointer`. `lapsed`: the day
    time alone brought it (a dated thing ended), for lapses.py."""
    return Problem(
        entry.file, 0, 0, level, rule, message, pointer=pointer, hint=hint, term=term, lapsed=lapsed
    )


def at_contract_term(
    contract: Contract, term_path: str, rule: str, message: str, hint: str, level: Level = Level.ERROR
) -> Problem:
    return at_entry(
        contract, term_pointer("/terms", term_path), rule, f"the contract's {message}", hint, term_path, level
    )


def at_offering(
    solution: Solution,
    offering: Offering,
    term_path: str,
    rule: str,
    message: str,
    hint: str,
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
    return replace(problem, fix_in=f"contracts/{offering.contract_id}") if missing else problem


def override_hint(term_path: str, value: Any, currency: str) -> str:
    shown = terms.format_value(term_path, value, currency)
    yaml_path = "terms_overrides." + term_path
    return f"add `{yaml_path}: {_yaml(value)}` ({shown}) to this solution, or have the contract amended"


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def family(effective: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = effective.get(name)
    return value if isinstance(value, Mapping) else {}
