"""What a rule is, read from its module: for the registry, `catalog rules` and the site's rules page.

A rule module (`site_builder/rules/<name>.py`) documents itself in its docstring, which this module
reads, so the documentation users see is the rule's own text:

    One-line summary.

    Why the rule exists, in as many paragraphs as it needs.

    FAIL:
        the YAML (or situation) that breaks the rule, indented

    PASS:
        the same, written so that it passes

    Fix: what to do about a finding.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from .jsonout import dumps
from .problems import Level, Problem

if TYPE_CHECKING:
    from .model import Catalog
    from .policy import Policy

Check = Callable[["Catalog", "Policy"], Iterator[Problem]]
TermsRead = Callable[["Policy"], tuple[str, ...]]
FAMILIES = ("file", "yaml", "schema", "content", "catalog", "terms", "policy")
_SECTION = re.compile(r"^(FAIL|PASS):[ \t]*$", re.MULTILINE)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """One rule as users and the checker see it."""

    id: str
    level: Level  # the default; the terms policy's `severity` may change it
    family: str  # one of FAMILIES
    summary: str
    description: str  # why the rule exists
    example: str  # FAIL: what breaks the rule
    passing: str  # PASS: the same, written so that it passes
    fix: str
    module: str
    # Run over the built catalog; None for rules raised while files are read (documented here).
    check: Check | None = None
    # The term fields (dotted paths under `terms`) the rule reads under a given policy.
    terms_read: TermsRead | None = None
    # False when no finding of the rule carries a fix (it asks for a field instead): the
    # contribute page's per-contract findings keep only fixes, and skip such rules.
    fixes: bool = True

    def fields_read(self, policy: Policy) -> tuple[str, ...]:
        return self.terms_read(policy) if self.terms_read is not None else ()


class RuleDocError(ValueError):
    """A rule module does not document itself as the rulebook expects."""


def describe(module: ModuleType) -> Rule:
    """The rule a module declares: its ID, LEVEL, FAMILY and docstring, and check() if any."""
    name = module.__name__
    rule_id = getattr(module, "ID", None)
    level = getattr(module, "LEVEL", None)
    family = getattr(module, "FAMILY", None)
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise RuleDocError(f"{name}: ID must be a lower-case, hyphenated rule id")
    if not isinstance(level, Level):
        raise RuleDocError(f"{name}: LEVEL must be a Level")
    if family not in FAMILIES:
        raise RuleDocError(f"{name}: FAMILY must be one of {', '.join(FAMILIES)}")
    fixes = getattr(module, "FIXES", True)
    if not isinstance(fixes, bool):
        raise RuleDocError(f"{name}: FIXES must be True or False")
    summary, description, fail, passing, fix = parse_doc(name, module.__doc__ or "")
    return Rule(
        rule_id,
        level,
        family,
        summary,
        description,
        fail,
        passing,
        fix,
        name,
        cast("Check | None", getattr(module, "check", None)),
        cast("TermsRead | None", getattr(module, "terms_read", None)),
        fixes,
    )


def parse_doc(name: str, doc: str) -> tuple[str, str, str, str, str]:
    """(summary, description, FAIL example, PASS example, fix) from a rule module's docstring."""
    text = inspect.cleandoc(doc)
    head, _, fix = text.rpartition("\nFix: ")
    parts = _SECTION.split(head)
    if not fix or len(parts) != 5 or parts[1] != "FAIL" or parts[3] != "PASS":
        raise RuleDocError(f"{name}: the docstring needs a summary, FAIL:, PASS: and a final 'Fix: '")
    paragraphs = [" ".join(p.split()) for p in parts[0].strip().split("\n\n")]
    fail, passing = (inspect.cleandoc(block).strip() for block in (parts[2], parts[4]))
    if not paragraphs[0] or not fail or not passing:
        raise RuleDocError(f"{name}: the summary, FAIL and PASS examples may not be empty")
    return paragraphs[0], "\n\n".join(paragraphs[1:]), fail, passing, " ".join(fix.split())


def as_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "level": rule.level.value,
        "family": rule.family,
        "summary": rule.summary,
        "description": rule.description,
        "example": rule.example,
        "passing": rule.passing,
        "fix": rule.fix,
        "checked": "catalog" if rule.check is not None else "loading",
    }


def format_rules(rules: Iterable[Rule], output_format: str = "text") -> str:
    rules = list(rules)
    if output_format == "json":
        return dumps([as_dict(r) for r in rules], pretty=True, sort_keys=False)
    if output_format == "markdown":
        blocks = []
        for r in rules:
            fails = "\n".join("    " + line for line in r.example.splitlines())
            passes = "\n".join("    " + line for line in r.passing.splitlines())
            why = f"{r.description}\n\n" if r.description else ""
            blocks.append(
                f"### `{r.id}`\n\n{r.summary} ({r.level.value})\n\n{why}"
                f"Fails:\n\n{fails}\n\nPasses:\n\n{passes}\n\nFix: {r.fix}\n"
            )
        return "\n".join(blocks)
    width = max(len(r.id) for r in rules)
    return "\n".join(f"{r.id:<{width}}  {r.summary}" for r in rules)
