"""Every rule the catalog is checked against, with its documentation.

A rule has an id (what a problem names and a waiver cites), a one-line summary, an example of an
entry that breaks it and how to fix it.  Rules with a `check` run over the built catalog; the
others (file, YAML and schema rules) are raised while loading and are listed here for `catalog
rules` and the site's rules page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems import Level, Problem

if TYPE_CHECKING:
    from ..model import Catalog
    from .config import Policy

Check = Callable[["Catalog", "Policy"], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    example: str  # the YAML (or situation) that breaks the rule
    fix: str  # what to do about it
    level: Level = Level.ERROR
    check: Check | None = None
    family: str = "catalog"  # "file", "yaml", "schema", "catalog", "terms"


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} registered twice")
    RULES[rule.id] = rule
    return rule


def rule(
    rule_id: str, summary: str, *, example: str, fix: str, level: Level = Level.ERROR, family: str = "terms"
) -> Callable[[Check], Check]:
    """Register the decorated generator as the check of a new rule."""

    def decorate(check: Check) -> Check:
        register(Rule(rule_id, summary, example, fix, level, check, family))
        return check

    return decorate
