"""The terms policy and every rule the catalog is checked against.

`RULES` lists them all, in registration order; `run` applies the catalog-level ones.
"""

from __future__ import annotations

from ..model import Catalog
from ..problems import Problem
from . import data_rules, integrity, loading_rules, term_rules, waivers  # noqa: F401  (registers rules)
from .config import POLICY_FILE, Policy, Waiver, load_policy, locate
from .registry import RULES, Rule
from .waivers import apply_waivers

__all__ = [
    "POLICY_FILE",
    "RULES",
    "Policy",
    "Rule",
    "Waiver",
    "apply_waivers",
    "load_policy",
    "locate",
    "run",
]


def run(catalog: Catalog, policy: Policy) -> list[Problem]:
    """Every catalog-level finding, at the level the policy's severity table gives its rule."""
    found: list[Problem] = []
    for rule in RULES.values():
        if rule.check is None:
            continue
        for problem in rule.check(catalog, policy):
            level = policy.level_of(rule.id, problem.level)
            found.append(
                problem
                if level is problem.level
                else Problem(
                    problem.file,
                    problem.line,
                    problem.column,
                    level,
                    problem.rule,
                    problem.message,
                    pointer=problem.pointer,
                    hint=problem.hint,
                    term=problem.term,
                )
            )
    return found
