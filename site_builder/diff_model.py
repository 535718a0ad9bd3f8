"""What `catalog diff` finds, as plain data: the formats in `diff_format` only lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .term_order import Verdict

VERDICT_KEYS = {
    Verdict.TIGHTENED: "tightened",
    Verdict.SAME: "neutral",
    Verdict.LOOSENED: "loosened",
    Verdict.UNRANKED: "not_comparable",
}


@dataclass(frozen=True)
class Change:
    """One change told in words, with what it does for the purchaser.

    `path` is the dotted term path (or policy key, or schema location); `text` is the whole line
    a reviewer reads, e.g. "Limitation of liability: carve-out removed: willful misconduct (loosened)".
    """

    path: str
    text: str
    verdict: Verdict
    old: Any = None
    new: Any = None

    @property
    def flagged(self) -> bool:
        """Loosened, or a change that cannot be shown to protect as well: a reviewer must look."""
        return self.verdict < 0

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "text": self.text,
            "verdict": VERDICT_KEYS[self.verdict],
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class EntryChange:
    kind: str  # "contracts", "solutions", …
    id: str
    status: str  # "added" | "removed" | "changed"
    name: str
    changes: tuple[Change, ...] = ()  # term changes, each with its verdict
    notes: tuple[str, ...] = ()  # other fields, in words ("period.end: 2029-01-31 → 2030-01-31")
    affects: tuple[str, ...] = ()  # solutions a contract's change applies to

    @property
    def flagged(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.flagged)

    @property
    def tightened(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.verdict is Verdict.TIGHTENED)

    @property
    def neutral(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.verdict is Verdict.SAME)

    # The change feed (exports/feed.py) reads entries by these names.
    @property
    def term_changes(self) -> tuple[Change, ...]:
        return self.changes

    @property
    def field_changes(self) -> tuple[str, ...]:
        return self.notes

    @property
    def loosened(self) -> tuple[Change, ...]:
        return self.flagged

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "status": self.status,
            "name": self.name,
            "changes": [c.as_json() for c in self.changes],
            "notes": list(self.notes),
            "affects": list(self.affects),
        }


@dataclass(frozen=True)
class PathChange:
    """A changed file outside the catalog's entries: code, checks, site, docs, packaging."""

    path: str
    status: str  # "added" | "deleted" | "modified" | "type changed"
    area: str  # "Workflows and review rules", "Code", …
    note: str = ""  # "now executable", "a symbolic link", …

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "area": self.area, "note": self.note}


@dataclass(frozen=True)
class FileChanges:
    """Changes to one project file read as data: the terms policy or a schema."""

    file: str
    status: str  # "added" | "deleted" | "modified"
    changes: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "changes": [c.as_json() for c in self.changes],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class DiffReport:
    base: str
    head: str  # a revision, or "the working tree"
    outside: tuple[PathChange, ...] = ()
    policy: tuple[FileChanges, ...] = ()
    schemas: tuple[FileChanges, ...] = ()
    entries: tuple[EntryChange, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.outside or self.policy or self.schemas or self.entries)

    def counts(self) -> dict[str, int]:
        changes = [c for e in self.entries for c in e.changes]
        rules = [c for f in (*self.policy, *self.schemas) for c in f.changes]
        return {
            "added": sum(e.status == "added" for e in self.entries),
            "removed": sum(e.status == "removed" for e in self.entries),
            "changed": sum(e.status == "changed" for e in self.entries),
            "terms_loosened": sum(c.flagged for c in changes),
            "terms_tightened": sum(c.verdict is Verdict.TIGHTENED for c in changes),
            "rules_loosened": sum(c.flagged for c in rules),
            "rules_tightened": sum(c.verdict is Verdict.TIGHTENED for c in rules),
            "paths_outside_catalog": len(self.outside),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "head": self.head,
            "summary": self.counts(),
            "needs_maintainer_review": [p.as_json() for p in self.outside],
            "policy": [f.as_json() for f in self.policy],
            "schemas": [f.as_json() for f in self.schemas],
            "entries": [e.as_json() for e in self.entries],
        }
