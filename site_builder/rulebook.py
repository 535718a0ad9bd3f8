"""The rules as documentation: for `catalog rules` and the site's rules page."""

from __future__ import annotations

import json

from . import confusables, content  # noqa: F401  (they register the text rules)
from .policy import RULES, Rule


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by id, once every module that registers rules is imported."""
    return RULES


def format_rules(output_format: str = "text") -> str:
    rules = list(all_rules().values())
    if output_format == "json":
        return json.dumps(
            [
                {
                    "id": r.id,
                    "level": r.level.value,
                    "family": r.family,
                    "summary": r.summary,
                    "example": r.example,
                    "fix": r.fix,
                }
                for r in rules
            ],
            indent=2,
            ensure_ascii=False,
        )
    if output_format == "markdown":
        blocks = []
        for r in rules:
            example = "\n".join("    " + line for line in r.example.splitlines())
            blocks.append(
                f"### `{r.id}`\n\n{r.summary} ({r.level.value})\n\nFails:\n\n{example}\n\nFix: {r.fix}\n"
            )
        return "\n".join(blocks)
    width = max(len(r.id) for r in rules)
    return "\n".join(f"{r.id:<{width}}  {r.summary}" for r in rules)
