"""`catalog diff`: what a change does to the catalog, in the words a reviewer needs.

Entries are compared as parsed data, not as text, so reformatting a file is no change, and every
change to a contract's `terms` or a solution's `terms_overrides` is told as a term, with the
direction from `site_builder.terms.compare`: loosened terms come first.  A contract's term change
applies to every solution offered under it; rather than repeat it per solution, the contract's
entry names those solutions (a solution's own override still wins, and is listed as its own
change).  Snapshots of a revision are read through one `git ls-tree` and one `git cat-file
--batch`, never one process per file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import git, terms, yamlsafe
from .discover import ENTRY_NAME, discover, read_bytes
from .jsonout import dumps
from .model import KINDS, SINGULAR
from .policy import POLICY_FILE

APPLIES_TO = "applies to "  # starts the field_changes line naming the solutions a contract carries
_WORDS = {1: "tightened", -1: "loosened", 0: "neutral", -2: "not comparable: review as loosened"}
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class DiffError(Exception):
    """The revisions cannot be compared: not a git repository, or an unknown revision."""


@dataclass(frozen=True)
class TermChange:
    path: str  # dotted term path, e.g. limitation_of_liability.multiple
    label: str
    old: Any
    new: Any
    direction: int  # +1 tightened, -1 loosened, 0 neutral (for the purchaser)
    text: str


@dataclass(frozen=True)
class EntryChange:
    kind: str  # "contracts", "solutions", … (or "policy" for the terms policy)
    id: str
    status: str  # "added" | "removed" | "changed"
    name: str
    term_changes: tuple[TermChange, ...]
    field_changes: tuple[str, ...]

    @property
    def loosened(self) -> tuple[TermChange, ...]:
        return tuple(t for t in self.term_changes if t.direction < 0)


class Snapshot(dict[str, Mapping[str, Any]]):
    """Entry data by "<kinds>/<id>"; `unreadable` holds files that could not be parsed, and why."""

    def __init__(self) -> None:
        super().__init__()
        self.unreadable: dict[str, str] = {}


def snapshot_at(root: Path, rev: str | None) -> dict[str, Mapping[str, Any]]:
    """Every entry of the catalog at git revision `rev`, or in the working tree when None."""
    snapshot = Snapshot()
    if rev is None:
        files, _ = discover(root)  # layout problems are validate's to report
        for found in files:
            _add(snapshot, f"{found.kind}/{found.id}", found.file, read_bytes(found.path))
        return snapshot
    commit = _resolve(root, rev)
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", "catalog").split(b"\0")
    wanted: list[tuple[str, str, str]] = []
    for line in filter(None, listing):
        meta, _, file = line.decode("utf-8", "replace").partition("\t")
        mode, kind, sha = meta.split()
        parts = file.split("/")
        if kind != "blob" or mode not in {"100644", "100755"} or len(parts) != 3:
            continue  # links and sub-modules are not entries
        if parts[1] in KINDS and ENTRY_NAME.fullmatch(parts[2]):
            wanted.append((f"{parts[1]}/{parts[2][: -len('.yaml')]}", file, sha))
    for (key, file, _), raw in zip(wanted, _blobs(root, [sha for _, _, sha in wanted]), strict=True):
        _add(snapshot, key, file, raw)
    return snapshot


def _add(snapshot: Snapshot, key: str, file: str, raw: bytes) -> None:
    data, reason = _parse(raw, file)
    if isinstance(data, dict):
        snapshot[key] = data
    else:
        snapshot.unreadable[key] = reason or "it does not hold the fields of an entry"


def _parse(raw: bytes, file: str) -> tuple[Any, str]:
    text, problems = yamlsafe.decode(raw, file)
    if text is not None:
        data, problems = yamlsafe.load(text, file)
        if not problems:
            return data, ""
    first = problems[0]
    return None, f"line {first.line}: {first.message}" if first.line else first.message


def _git(root: Path, *args: str) -> bytes:
    try:
        return git.run(root, *args)
    except git.GitError as exc:
        if exc.missing:
            raise DiffError("git is not installed; it is needed to compare revisions") from None
        raise DiffError(str(exc)) from None


def _resolve(root: Path, rev: str) -> str:
    if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
        raise DiffError(f'"{rev}" is not a git revision')
    try:
        _git(root, "rev-parse", "--git-dir")
    except DiffError:
        raise DiffError(f"{root} is not in a git repository, so there are no revisions to compare") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(
            f'unknown revision "{rev}"; name a branch, tag or commit (in a shallow clone, fetch it first)'
        ) from None


def _blobs(root: Path, shas: Sequence[str]) -> list[bytes]:
    """The contents of `shas`, in order, from a single `git cat-file --batch`."""
    try:
        found = git.read_objects(root, shas)
    except git.GitError as exc:
        raise DiffError(str(exc)) from None
    if any(blob is None for blob in found):
        raise DiffError("git could not read every file of the revision")
    return [blob for blob in found if blob is not None]


def compare_snapshots(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]], currency: str
) -> list[EntryChange]:
    """What changed from `old` to `new`: entries with a loosened term first, then tightened, then the rest."""
    broken_old: Mapping[str, str] = getattr(old, "unreadable", {})
    broken_new: Mapping[str, str] = getattr(new, "unreadable", {})
    changes: list[EntryChange] = []
    for key in sorted({*old, *new, *broken_old, *broken_new}):
        kind, _, entry_id = key.partition("/")
        before, after = old.get(key), new.get(key)
        if key in broken_new or key in broken_old:
            if before == after:
                continue
            problem = broken_new.get(key) or broken_old.get(key)
            version = "new" if key in broken_new else "old"
            status = "added" if before is None and key not in broken_old else "changed"
            note = f"the {version} version cannot be read ({problem}); run `catalog validate`"
            changes.append(EntryChange(kind, entry_id, status, _name(after or before, entry_id), (), (note,)))
            continue
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        term_changes: tuple[TermChange, ...] = ()
        field_changes: list[str] = []
        if status == "changed" and before is not None and after is not None:
            term_key = {"contracts": "terms", "solutions": "terms_overrides"}.get(kind, "")
            old_terms, new_terms = before.get(term_key) or {}, after.get(term_key) or {}
            if term_key and isinstance(old_terms, Mapping) and isinstance(new_terms, Mapping):
                term_changes = _term_changes(old_terms, new_terms, currency, kind == "solutions")
                before, after = _without(before, term_key), _without(after, term_key)
            field_changes = list(_field_changes(before, after))
        if kind == "contracts" and (status == "removed" or term_changes):
            affected = _solutions_under(new if status == "changed" else old, entry_id)
            if affected:
                count = f"{len(affected)} solution{'s' if len(affected) != 1 else ''}"
                more = f" and {len(affected) - 20} more" if len(affected) > 20 else ""
                field_changes.append(
                    f"{APPLIES_TO}{count} offered under it: {', '.join(affected[:20])}{more}"
                )
        name = _name(new.get(key) or old.get(key), entry_id)
        changes.append(EntryChange(kind, entry_id, status, name, term_changes, tuple(field_changes)))
    order = {kind: index for index, kind in enumerate(KINDS)}

    def rank(change: EntryChange) -> tuple[int, int, str]:
        directions = {t.direction for t in change.term_changes}
        first = 0 if -1 in directions else 1 if 1 in directions else 2
        return first, order.get(change.kind, len(order)), change.id

    return sorted(changes, key=rank)


def _name(data: Mapping[str, Any] | None, entry_id: str) -> str:
    value = (data or {}).get("name") or (data or {}).get("title")
    return value if isinstance(value, str) else entry_id


def _without(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def _term_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], currency: str, override: bool
) -> tuple[TermChange, ...]:
    before, after = dict(terms.iter_leaves(old)), dict(terms.iter_leaves(new))
    found = []
    for path in dict.fromkeys([*after, *before]):
        was, now = before.get(path), after.get(path)
        if was == now:
            continue
        direction = int(terms.compare(path, was, now))
        label = terms.label_for(path)
        shown = [_value(path, v, currency, override) for v in (was, now)]
        text = f"{label} {shown[0]} → {shown[1]} ({_WORDS[direction]})"
        found.append(TermChange(path, label, was, now, direction, text))
    families = list(terms.FAMILIES)
    return tuple(
        sorted(
            found,
            key=lambda t: (
                {-2: 0, -1: 0, 1: 1, 0: 2}[t.direction],
                families.index(t.path.split(".")[0]) if t.path.split(".")[0] in families else len(families),
            ),
        )
    )


def _value(path: str, value: Any, currency: str, override: bool) -> str:
    if value is None and override:
        return "as in the contract"
    try:
        return terms.format_value(path, value, currency)
    except (TypeError, ValueError):
        return str(value)


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> list[str]:
    lines: list[str] = []
    for key in dict.fromkeys([*new, *old]):
        path = f"{prefix}.{key}" if prefix else str(key)
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        if isinstance(was, Mapping) and isinstance(now, Mapping):
            lines += _field_changes(was, now, path)
        elif was is None:
            lines.append(f"{path}: added" + (f" ({_short(now)})" if _short(now) else ""))
        elif now is None:
            lines.append(f"{path}: removed")
        elif _short(was) and _short(now):
            lines.append(f"{path}: {_short(was)} → {_short(now)}")
        else:
            lines.append(f"{path}: changed")
    return lines


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 and "\n" not in text else ""


def _solutions_under(snapshot: Mapping[str, Mapping[str, Any]], contract_id: str) -> list[str]:
    found = []
    for key, data in snapshot.items():
        offered = data.get("offered_under") if key.startswith("solutions/") else None
        if isinstance(offered, list) and any(
            isinstance(item, Mapping) and item.get("contract") == contract_id for item in offered
        ):
            found.append(key.partition("/")[2])
    return sorted(found)


def diff_catalog(root: Path, base: str, head: str | None) -> list[EntryChange]:
    """Changes from revision `base` to `head` (None: the working tree), the terms policy included."""
    root = root.resolve()
    old, new = snapshot_at(root, base), snapshot_at(root, head)
    old_policy, new_policy = _policy_at(root, base), _policy_at(root, head)
    currency = new_policy.get("currency")
    changes = compare_snapshots(old, new, currency if isinstance(currency, str) else "USD")
    if old_policy != new_policy:
        notes = tuple(_field_changes(old_policy, new_policy))
        changes.append(EntryChange("policy", "terms-policy", "changed", "Terms policy", (), notes))
    return changes


def _policy_at(root: Path, rev: str | None) -> Mapping[str, Any]:
    try:
        if rev is None:
            raw = read_bytes(root / POLICY_FILE)
        else:
            raw = _git(root, "cat-file", "blob", f"{_resolve(root, rev)}:./{POLICY_FILE}")
    except (OSError, DiffError):
        return {}
    data, _ = _parse(raw, POLICY_FILE)
    return data if isinstance(data, dict) else {}


def format_diff(changes: Sequence[EntryChange], fmt: str) -> str:
    """`changes` as "text" (terminal), "markdown" (a pull-request summary) or "json"."""
    if fmt == "json":
        return dumps([asdict(change) for change in changes], pretty=True, sort_keys=False, default=str)
    if fmt == "markdown":
        return _markdown(changes)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    lines = [_summary(changes)]
    for change in changes:
        lines.append(f"{change.status:<8} {_what(change)} — {_plain(change.name)}")
        lines += [f"  {'!' if t.direction < 0 else ' '} {_plain(t.text)}" for t in change.term_changes]
        lines += [f"    {_plain(line)}" for line in change.field_changes]
    return "\n".join(lines)


def _what(change: EntryChange) -> str:
    if change.kind == "policy":
        return POLICY_FILE
    return f"{SINGULAR.get(change.kind, change.kind)} {change.id}"


def _summary(changes: Sequence[EntryChange]) -> str:
    if not changes:
        return "No changes to the catalog."
    counts = {status: sum(c.status == status for c in changes) for status in ("added", "removed", "changed")}
    loosened = sum(len(c.loosened) for c in changes)
    tightened = sum(t.direction > 0 for c in changes for t in c.term_changes)
    entries = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    return f"Catalog changes: {entries}; {loosened} term(s) loosened, {tightened} tightened."


def _plain(text: str) -> str:
    """Contributor text for a terminal or CI log: no control or reordering characters."""
    return _UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _md(text: str, limit: int = 300) -> str:
    """Contributor text as literal Markdown: one line, every ASCII punctuation character escaped,
    so that no link, image, HTML, heading, table or math can be formed from it, and a word joiner
    after "@", because GitHub turns even an escaped @name into a notifying mention."""
    text = " ".join(_plain(text).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _MD_PUNCTUATION.sub(r"\\\1", text).replace("@", "@\u2060")


def _markdown(changes: Sequence[EntryChange]) -> str:
    lines = ["## Catalog changes", "", _md(_summary(changes))]
    reasons = [
        *(f"{_md_what(c)} loosens {len(c.loosened)} term(s)" for c in changes if c.loosened),
        *(f"{_md_what(c)} is new" for c in changes if c.kind == "contracts" and c.status == "added"),
        *(f"{_md_what(c)} changed" for c in changes if c.kind == "policy"),
    ]
    if reasons:
        lines += ["", "> [!WARNING]", "> **Legal review required:** " + "; ".join(reasons) + "."]
    told: set[str] = set()  # which contracts' affected solutions are already listed
    for title, direction in (("Loosened terms", -1), ("Tightened terms", 1)):
        shown = [c for c in changes if any(t.direction == direction for t in c.term_changes)]
        if shown:
            lines += ["", f"### {title}", ""]
        for change in shown:
            lines.append(
                f"- {'**' * (direction < 0)}{_md_what(change)}{'**' * (direction < 0)} ({_md(change.name)})"
            )
            lines += [f"  - {_md(t.text)}" for t in change.term_changes if t.direction == direction]
            if change.id not in told:
                lines += [f"  - {_md(line)}" for line in change.field_changes if line.startswith(APPLIES_TO)]
                told.add(change.id)
    others = [
        c
        for c in changes
        if c.status != "changed"
        or any(not line.startswith(APPLIES_TO) for line in c.field_changes)
        or any(t.direction == 0 for t in c.term_changes)
    ]
    if others:
        lines += ["", "### Other changes", ""]
    for change in others:
        lines.append(f"- {change.status.capitalize()} {_md_what(change)} ({_md(change.name)})")
        notes = [t.text for t in change.term_changes if t.direction == 0] + list(change.field_changes)
        lines += [
            f"  - {_md(line)}"
            for line in notes
            if change.status != "changed" or not line.startswith(APPLIES_TO)
        ]
    return "\n".join(lines) + "\n"


def _md_what(change: EntryChange) -> str:
    """Ids come from file names checked against ENTRY_NAME, so they are safe in a code span."""
    if change.kind == "policy":
        return f"`{POLICY_FILE}`"
    return f"{SINGULAR.get(change.kind, change.kind)} `{change.id}`"
