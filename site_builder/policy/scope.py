"""What a requirement reaches: the solutions holding data a rule protects, and contract flags."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from .. import terms
from ..model import CLASSIFICATIONS, Catalog, Offering, Solution, classification_rank
from ..problems import Problem
from .config import Policy
from .findings import Advice, at_contract_term


def holding_data(catalog: Catalog, policy: Policy) -> Iterator[tuple[Solution, Offering, Mapping[str, Any]]]:
    """Every offering of a solution whose data the policy's data protection applies to, with the
    effective `data_protection` terms under that offering."""
    section = policy.section("data_protection")
    threshold = section.get("applies_when_data_at_least")
    if not section or threshold is None:
        return
    # The levels at or above the threshold (both are schema-checked levels), found once: five
    # rules walk every solution through here.
    reached = frozenset(CLASSIFICATIONS[classification_rank(threshold) :])
    for solution in catalog.solutions.values():
        if solution.classification in reached:
            for offering in solution.offerings:
                yield solution, offering, offering.effective_terms.get("data_protection") or {}


def holding_why(solution: Solution) -> str:
    """Completes a message: why the requirement applies to this solution."""
    return f" for a solution holding {solution.classification} data"


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def months_after(start: date, months: int) -> date:
    """The first day on which `months_between(start, day)` reaches `months`: when evidence dated
    `start` becomes older than `months - 1` whole months."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    try:
        return date(year, month, start.day)
    except ValueError:  # no such day that month (31 April): the count turns on the 1st of the next
        return date(year + month // 12, month % 12 + 1, 1)


def forbidden_flag(
    catalog: Catalog, path: str, rule_id: str, message: str, hint: str | Advice
) -> Iterator[Problem]:
    """A contract term the policy forbids outright, recorded as `true`."""
    for contract in catalog.contracts.values():
        if not terms.meets(path, terms.get(contract.terms, path), False):
            yield at_contract_term(contract, path, rule_id, message, hint)
