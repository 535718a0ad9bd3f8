"""Terms meet the policy's `term_requirements`: any term of the vocabulary, bounded.

The policy can require any term without code, with the bounds scenarios use (`min`, `max`,
`equals`, `includes`, `present`): under `every_contract` for the terms every contract must state
(a warranty against malicious code, flow-down to subcontractors, 30 days' notice of an insurance
cancellation); under `by_category`, `by_risk_tier` and `by_data_at_least` for what depends on the
solution (availability for cloud services, a shorter recovery time for high-risk ones). Each is
judged with the terms engine, so an unstated term means what the vocabulary says it means: "no
deadline stated" never meets a `max`.

FAIL:
    # policy: term_requirements: {every_contract: {warranties.warranty_days: {min: 90}}}
    terms:
      warranties: {warranty_days: 30}

PASS:
    terms:
      warranties: {warranty_days: 90}

Fix: Have the contract (or the vehicle's common terms) state the term as the policy requires, or
record a signed tightening for the one award or solution that needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import terms
from ..model import CLASSIFICATIONS, Catalog, Solution, classification_rank
from ..policy import Policy, problem_at
from ..policy.findings import at_contract_term, at_offering, override_hint
from ..problems import Level, Problem
from ..requirements import Spec, check_contract, judge, understand
from ..yamlsafe import escape_pointer

ID = "term-requirement"
LEVEL = Level.ERROR
FAMILY = "terms"
SCOPES = ("by_category", "by_risk_tier", "by_data_at_least")


def _tables(policy: Policy) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(pointer to the table, {path: bound}) for every table of the section."""
    section = policy.section("term_requirements")
    if section.get("every_contract"):
        yield "/term_requirements/every_contract", section["every_contract"]
    for scope in SCOPES:
        for key, table in (section.get(scope) or {}).items():
            yield f"/term_requirements/{scope}/{key}", table


def terms_read(policy: Policy) -> tuple[str, ...]:
    return tuple(dict.fromkeys(path for _, table in _tables(policy) for path in table))


def check_policy(policy: Policy) -> list[Problem]:
    """Every requirement names a term with a bound that fits it: one that cannot be checked is a
    broken policy (exit code 2), never a silent pass."""
    found = []
    for pointer, table in _tables(policy):
        for path, bound in table.items():
            spec, reason = understand(path, bound, policy)
            if spec is not None and not spec.is_term:
                reason = f'"{path}" is a solution need, not a term; scenarios can require it'
            if spec is None or not spec.is_term:
                found.append(
                    problem_at(
                        policy.marks,
                        f"{pointer}/{escape_pointer(path)}",
                        f"terms policy: the term requirement on {path} cannot be checked: {reason}",
                        "use a term path from `catalog rules` and the bound the message names",
                    )
                )
    return found


def _specs(table: Mapping[str, Any], policy: Policy) -> list[Spec]:
    found = []
    for path, bound in table.items():
        spec, _ = understand(path, bound, policy)
        if spec is not None and spec.is_term:
            found.append(spec)
    return found


def _scoped(solution: Solution, policy: Policy) -> list[tuple[Spec, str]]:
    """The requirements that apply to one solution, each with why (the first scope that asks)."""
    section = policy.section("term_requirements")
    rank = classification_rank(solution.classification)
    tables = [
        ((section.get("by_category") or {}).get(solution.category), f"a {solution.category} solution"),
        (
            (section.get("by_risk_tier") or {}).get(solution.risk_tier),
            f"a {solution.risk_tier}-risk solution",
        ),
        *(
            (table, f"a solution holding {solution.classification} data")
            for level, table in (section.get("by_data_at_least") or {}).items()
            if level in CLASSIFICATIONS and classification_rank(level) <= rank
        ),
    ]
    found: dict[str, tuple[Spec, str]] = {}
    for table, why in tables:
        for spec in _specs(table or {}, policy):
            found.setdefault(f"{spec.path} {spec.bound} {spec.value!r}", (spec, why))
    return list(found.values())


def _fails(spec: Spec, actual: Any) -> str:
    said = f'term "{spec.label}" is {spec.show(actual)}'
    if spec.direction == "flag" and spec.bound == "equals":
        return f"{said}; the policy {'requires' if spec.value else 'forbids'} it"
    return f"{said}; the policy requires {spec.words}"


def _fix(spec: Spec) -> Any:
    return spec.value if spec.bound != "present" else None


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("term_requirements")
    if not section:
        return
    every = _specs(section.get("every_contract") or {}, policy)
    if every:
        for contract in catalog.contracts.values():
            for item in check_contract(every, contract.terms):
                if not item.met:
                    fix = _fix(item.spec)
                    shown = f": {fix}" if fix is not None else ""
                    yield at_contract_term(
                        contract,
                        item.spec.path,
                        ID,
                        _fails(item.spec, item.actual),
                        f"state `{item.spec.path.rsplit('.', 1)[-1]}{shown}` ({item.spec.words}) as signed",
                    )
    # What applies depends only on a solution's category, tier and data: worked out once for each
    # combination rather than for every solution (the needs document checks thousands of made-up ones).
    by_choice: dict[tuple[str, str, str], list[tuple[Spec, str]]] = {}
    for solution in catalog.solutions.values():
        choice = (solution.category, solution.risk_tier, solution.classification)
        if choice not in by_choice:
            by_choice[choice] = _scoped(solution, policy)
        scoped = by_choice[choice]
        if not scoped:
            continue
        for offering in solution.offerings:
            for spec, why in scoped:
                actual = terms.get(offering.effective_terms, spec.path)
                if judge(spec, actual):
                    continue
                fix = _fix(spec)
                hint = (
                    override_hint(spec.path, fix, policy.currency)
                    if fix is not None
                    else "state the term in the contract, or in this solution's `terms_overrides`"
                )
                yield at_offering(
                    solution,
                    offering,
                    spec.path,
                    ID,
                    f"{_fails(spec, actual)} for {why}",
                    hint,
                )
