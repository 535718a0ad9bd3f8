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

from . import terms
from .model import Catalog
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
        contract = catalog.contracts.get(problem.fix_in.partition("/")[2]) if problem.fix_in else None
        if contract is None or not problem.term:
            kept.append(problem)
            continue
        family = problem.term.split(".", 1)[0]
        where = family if not isinstance(contract.terms.get(family), Mapping) else problem.term
        groups.setdefault((problem.fix_in, where), []).append(problem)
    ids = {entry.file: entry.id for entry in catalog.solutions.values()} if groups else {}
    placed = [_merge(catalog, ids, key, where, found) for (key, where), found in sorted(groups.items())]
    return kept, placed


def _merge(catalog: Catalog, ids: Mapping[str, str], key: str, where: str, found: list[Problem]) -> Placed:
    contract = catalog.contracts[key.partition("/")[2]]
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
        contract.file, 0, 0, level, RULE, message, pointer=pointer, hint=hint, term=where, lapsed=lapsed
    )
    return Placed(problem, tuple(found))
