"""`catalog diff`: what a change does to the catalog, in the words a reviewer needs.

Entries are compared as parsed data, not as text, so reformatting a file is no change; every term
change is told with what it does for the purchaser (`site_builder.terms.compare`), lists item by
item. The report also says, first, which changed paths lie outside the catalog's entries (code,
workflows, site configuration, documentation, packaging), and what changed in the terms policy and
the schemas, requirement by requirement. The parts: `revisions` reads the two versions,
`diff_paths`, `diff_entries`, `diff_policy` and `diff_schema` compare them, `diff_format` writes.
"""

from __future__ import annotations

from pathlib import Path

from .diff_context import RepositoryContext, changed_snapshots
from .diff_entries import compare_snapshots
from .diff_format import COMMENT_LIMIT, format_report
from .diff_model import Change, DiffReport, EntryChange, FileChanges
from .diff_paths import outside_catalog
from .diff_policy import policy_changes
from .diff_schema import schema_changes
from .policy import POLICY_FILE
from .revisions import WORKING_TREE, DiffError, Snapshot, changed_paths, files_at, parse, snapshot_at

__all__ = [
    "APPLIES_TO",
    "COMMENT_LIMIT",
    "Change",
    "DiffError",
    "DiffReport",
    "EntryChange",
    "Snapshot",
    "compare_snapshots",
    "diff_catalog",
    "format_report",
    "snapshot_at",
]

APPLIES_TO = "applies to "  # the change feed filters such lines; they are now `EntryChange.affects`


def diff_catalog(root: Path, base: str, head: str | None) -> DiffReport:
    """Everything that changed from revision `base` to `head` (None: the working tree)."""
    root = root.resolve()
    changes = changed_paths(root, base, head)
    outside = outside_catalog(changes)
    old_files, new_files = files_at(root, base, "schema", ""), files_at(root, head, "schema", "")
    policy = _policy(old_files.get(POLICY_FILE), new_files.get(POLICY_FILE))
    currency = policy[1]
    schemas = [
        found
        for file in sorted({*old_files, *new_files})
        if file.endswith(".json")
        for found in [schema_changes(file, old_files.get(file), new_files.get(file))]
        if found is not None
    ]
    old, new = changed_snapshots(root, changes, head)
    context = RepositoryContext(root, base, head, old, new)
    entries = compare_snapshots(old, new, currency, context)
    return DiffReport(base, head or WORKING_TREE, outside, policy[0], tuple(schemas), tuple(entries))


def _policy(old: bytes | None, new: bytes | None) -> tuple[tuple[FileChanges, ...], str]:
    """The policy's changes, and the currency amounts are shown in."""
    before, why_old = parse(old, POLICY_FILE) if old is not None else ({}, "")
    after, why_new = parse(new, POLICY_FILE) if new is not None else ({}, "")
    currency = after.get("currency") if isinstance(after, dict) else None
    currency = currency if isinstance(currency, str) else "USD"
    if old == new:
        return (), currency
    status = "added" if old is None else "deleted" if new is None else "modified"
    if why_old or why_new or not isinstance(before, dict) or not isinstance(after, dict):
        why = why_new or why_old or "it does not hold a mapping of requirements"
        note = f"the {'new' if why_new else 'old'} version cannot be read ({why}); run `catalog validate`"
        return (FileChanges(POLICY_FILE, status, (), (note,)),), currency
    changes = policy_changes(before, after, currency, _default_level)
    return (FileChanges(POLICY_FILE, status, tuple(changes)),), currency


def _default_level(rule_id: str) -> str:
    """A rule's severity when the policy does not name it: its own level, or "error"."""
    from .rules import RULES  # the registry imports every rule module: only when a severity changed

    rule = RULES.get(rule_id)
    return rule.level.value if rule is not None else "error"
