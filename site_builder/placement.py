"""Findings land where the fix is: a term a contract does not state is one finding on the contract.

A solution is judged by its effective terms under each contract; when a term the policy requires
for it is stated neither by the contract nor by the solution's overrides, every solution under
the contract used to get its own copy of the finding, in files the pull request did not touch
(GitHub shows no annotation there) while the fix is in the contract. Such findings carry `fix_in`
(see `policy.findings.at_offering`); here they become one finding per contract and missing family
(or, when the family is there, per missing field), at that place in the contract, naming the
solutions that need it. A finding that a solution has because of its own data, under a term the
contract does state, stays on the solution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import terms
from .model import Catalog, Contract, Vehicle
from .problems import Level, Problem
from .rules.required_term_missing import ID as RULE

NAMED = 20  # solutions named in the message; the count is always given


@dataclass(frozen=True)
class Placed:
    problem: Problem
    sources: tuple[Problem, ...]  # the solutions' findings it stands for


def place(problems: Iterable[Problem], catalog: Catalog) -> tuple[list[Problem], list[Placed]]:
    """The problems that stay where they are, and one placed problem per missing contract term."""
    kept: list[Problem] = []
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        holder = _holder(catalog, problem.fix_in)
        if holder is None or not problem.term:
            kept.append(problem)
            continue
        family = problem.term.split(".", 1)[0]
        where = family if not isinstance(_terms_of(holder).get(family), Mapping) else problem.term
        groups.setdefault((problem.fix_in, where), []).append(problem)
    ids = {entry.file: entry.id for entry in catalog.solutions.values()} if groups else {}
    placed = [_merge(catalog, ids, key, where, found) for (key, where), found in sorted(groups.items())]
    return kept, placed


def _holder(catalog: Catalog, key: str) -> Contract | Vehicle | None:
    """The contract or vehicle `key` ("contracts/<id>", "vehicles/<id>") names, if in the catalog."""
    kind, _, entry_id = key.partition("/")
    if kind == "vehicles":
        return catalog.vehicles.get(entry_id)
    return catalog.contracts.get(entry_id) if kind == "contracts" else None


def _terms_of(holder: Contract | Vehicle) -> Mapping[str, Any]:
    """The terms a fix goes into: a vehicle's common terms, or the contract's own."""
    return holder.terms if isinstance(holder, Vehicle) else holder.own_terms


def _merge(catalog: Catalog, ids: Mapping[str, str], key: str, where: str, found: list[Problem]) -> Placed:
    holder = _holder(catalog, key)
    if holder is None:  # grouped only when it exists
        raise LookupError(key)
    solutions = sorted({ids.get(p.file, p.file) for p in found})
    if "." in where:
        missing = f'does not state "{terms.label_for(where)}"'
    else:
        missing = f"states no {terms.FAMILIES.get(where, where.replace('_', ' ')).lower()} terms"
    named = ", ".join(solutions[:NAMED])
    if len(solutions) > NAMED:
        named += f" and {len(solutions) - NAMED} more"
    count = f"{len(solutions)} solution{'s' if len(solutions) != 1 else ''}"
    rules = sorted({p.rule for p in found})
    checked_by = ", ".join(rules[:-1]) + " and " + rules[-1] if len(rules) > 1 else rules[0]
    verb = "require" if len(rules) > 1 else "requires"
    if isinstance(holder, Vehicle):
        message = (
            f"the vehicle {missing}, which {checked_by} {verb} for {count} offered under its awards: {named}"
        )
        hint = (
            f"add `{where.rsplit('.', 1)[-1]}:` to the vehicle's common terms as signed, or to one award's "
            "terms, or, for one solution, to its `terms_overrides` (see the rules named for what each needs)"
        )
    else:
        message = f"the contract {missing}, which {checked_by} {verb} for {count} offered under it: {named}"
        hint = (
            f"add `{where.rsplit('.', 1)[-1]}:` to the contract's terms as signed (see the rules named for "
            "what each solution needs), or, for one solution, add it to its `terms_overrides`"
        )
    level = Level.ERROR if any(p.level is Level.ERROR for p in found) else Level.WARNING
    pointer = "/terms/" + where.replace(".", "/")  # the nearest line that exists: the family, or `terms:`
    dates = [p.lapsed for p in found]  # only time brought these: so it is with the one they become
    lapsed = max(d for d in dates if d is not None) if all(d is not None for d in dates) else None
    problem = Problem(
        holder.file, 0, 0, level, RULE, message, pointer=pointer, hint=hint, term=where, lapsed=lapsed
    )
    return Placed(problem, tuple(found))
