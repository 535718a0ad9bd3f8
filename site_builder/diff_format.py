"""`catalog diff`'s report as text (a terminal), Markdown (a pull request) or JSON.

The order is the order of risk: paths outside the catalog that need a maintainer, then the legal
review warning, the terms policy and the schemas, loosened terms, tightened terms, everything else.
Markdown fits a GitHub comment: past `max_chars` whole lines are left out (a list is never cut in
the middle of an item) and the last line says how many, and where the full report is.
Contributor text is escaped so that it stays text: no link, image, HTML, heading or mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .diff_model import Change, DiffReport, EntryChange
from .jsonout import dumps
from .model import SINGULAR

COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def format_report(report: DiffReport, fmt: str, max_chars: int = 0) -> str:
    """`report` as "text", "markdown" (at most `max_chars` characters when above 0) or "json"."""
    if fmt == "json":
        return dumps(report.as_json(), pretty=True, sort_keys=False, default=str)
    if fmt == "markdown":
        return _fit(list(_markdown(report)), max_chars)
    if fmt == "text":
        return "\n".join(_text(report))
    raise ValueError(f"unknown format {fmt!r}")


def summary(report: DiffReport) -> str:
    if report.empty:
        return "No changes to the catalog, its policy, its schemas or anything else."
    counts = report.counts()
    entries = ", ".join(f"{counts[s]} {s}" for s in ("added", "removed", "changed") if counts[s]) or "none"
    parts = [
        (
            f"Catalog changes: {entries}; {counts['terms_loosened']} term(s) loosened, "
            f"{counts['terms_tightened']} tightened."
        )
    ]
    if report.policy or report.schemas:
        parts.append(
            f"Policy and schemas: {counts['rules_loosened']} change(s) loosened, "
            f"{counts['rules_tightened']} tightened."
        )
    if report.outside:
        parts.append(f"{counts['paths_outside_catalog']} path(s) outside catalog/ need maintainer review.")
    return " ".join(parts)


def plain(text: str) -> str:
    """Contributor text for a terminal or CI log: no control or reordering characters."""
    return _UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def md(text: str) -> str:
    """Contributor text as literal Markdown: one line, every ASCII punctuation character escaped,
    so that no link, image, HTML, heading, table or math can be formed from it, and a word joiner
    after "@", because GitHub turns even an escaped @name into a notifying mention."""
    text = " ".join(plain(text).split())
    return _MD_PUNCTUATION.sub(r"\\\1", text).replace("@", "@\u2060")


def _what(change: EntryChange) -> str:
    return f"{SINGULAR.get(change.kind, change.kind)} {change.id}"


def _md_what(change: EntryChange) -> str:
    """Ids come from file names checked against the entry-name pattern: safe in a code span."""
    return f"{SINGULAR.get(change.kind, change.kind)} `{change.id}`"


def _legal_reasons(report: DiffReport) -> list[str]:
    reasons = [f"{_md_what(c)} loosens {len(c.flagged)} term(s)" for c in report.entries if c.flagged]
    reasons += [
        f"{_md_what(c)} is new" for c in report.entries if c.kind == "contracts" and c.status == "added"
    ]
    reasons += [f"`{f.file}` changed" for f in (*report.policy, *report.schemas)]
    return reasons


def _markdown(report: DiffReport) -> Iterator[list[str]]:
    """Blocks of lines; a block is kept whole when it fits."""
    yield ["## Catalog changes", "", md(summary(report))]
    if report.outside:
        yield [
            "",
            "### Needs maintainer review",
            "",
            (
                "These paths are outside the catalog's entries: they change code, checks, the site or "
                "its packaging, and the checks of this pull request run them. A maintainer must review each."
            ),
            "",
        ]
        for area in dict.fromkeys(p.area for p in report.outside):
            yield [f"- **{area}**"]
            for path in (p for p in report.outside if p.area == area):
                note = f", {path.note}" if path.note else ""
                yield [f"  - {md(path.path)} ({path.status}{note})"]
    reasons = _legal_reasons(report)
    if reasons:
        yield ["", "> [!WARNING]", "> **Legal review required:** " + "; ".join(reasons) + "."]
    for title, files in (("Terms policy", report.policy), ("Schemas", report.schemas)):
        if files:
            yield ["", f"### {title}", ""]
        for file in files:
            yield [f"- `{file.file}` ({file.status})"]
            yield from ([line] for line in _md_changes(file.changes, "  "))
            yield from ([f"  - {md(note)}"] for note in file.notes)
    for title, pick in (("Loosened terms", _flagged), ("Tightened terms", _tightened)):
        shown = [c for c in report.entries if pick(c)]
        if shown:
            yield ["", f"### {title}", ""]
        for entry in shown:
            strong = "**" if title.startswith("Loosened") else ""
            lines = [f"- {strong}{_md_what(entry)}{strong} ({md(entry.name)}, {entry.status})"]
            lines += _md_changes(pick(entry), "  ")
            if entry.affects and (pick is _flagged or not entry.flagged):  # once, in its first section
                lines.append(f"  - {md(_applies(entry))}")
            yield lines
    others = [c for c in report.entries if c.neutral or c.notes or not (c.flagged or c.tightened)]
    if others:
        yield ["", "### Other changes", ""]
    for entry in others:
        lines = [f"- {entry.status.capitalize()} {_md_what(entry)} ({md(entry.name)})"]
        lines += _md_changes(entry.neutral, "  ")
        lines += [f"  - {md(note)}" for note in entry.notes]
        if entry.affects and not (entry.flagged or entry.tightened):
            lines.append(f"  - {md(_applies(entry))}")
        yield lines


def _flagged(entry: EntryChange) -> tuple[Change, ...]:
    return entry.flagged


def _tightened(entry: EntryChange) -> tuple[Change, ...]:
    return entry.tightened


def _md_changes(changes: Sequence[Change], indent: str) -> list[str]:
    return [f"{indent}- {'**' if c.flagged else ''}{md(c.text)}{'**' if c.flagged else ''}" for c in changes]


def _applies(entry: EntryChange) -> str:
    count = len(entry.affects)
    verb = "was offered" if entry.status == "removed" else "offered"
    return (
        f"applies to {count} solution{'s' if count != 1 else ''} {verb} under it: {', '.join(entry.affects)}"
    )


def _fit(blocks: list[list[str]], max_chars: int) -> str:
    """Whole blocks, then whole lines, while they fit in `max_chars` (0: no limit)."""
    lines = [line for block in blocks for line in block]
    full = "\n".join(lines) + "\n"
    if max_chars <= 0 or len(full) <= max_chars:
        return full
    kept: list[str] = []
    size = 0
    budget = max_chars - 400  # room for the closing note
    for block in blocks:
        cost = sum(len(line) + 1 for line in block)
        if size + cost <= budget:
            kept += block
            size += cost
            continue
        for line in block:  # the block that does not fit: as many whole lines as do
            if size + len(line) + 1 > budget:
                break
            kept.append(line)
            size += len(line) + 1
        break
    left = len(lines) - len(kept)
    kept += [
        "",
        "---",
        (
            f"**Shortened to fit a comment: {left} more line(s) are in the full report**, the "
            "`catalog-changes` file of this check, or `catalog diff BASE HEAD --format markdown --max-chars 0`."
        ),
    ]
    return "\n".join(kept) + "\n"


def _text(report: DiffReport) -> Iterator[str]:
    yield plain(summary(report))
    if report.outside:
        yield "needs maintainer review (outside the catalog's entries):"
        for path in report.outside:
            note = f", {path.note}" if path.note else ""
            yield f"  {plain(path.path)} ({path.status}{note}) — {path.area}"
    for file in (*report.policy, *report.schemas):
        yield f"{file.status:<8} {file.file}"
        yield from _text_changes(file.changes)
        yield from (f"    {plain(note)}" for note in file.notes)
    for entry in report.entries:
        yield f"{entry.status:<8} {_what(entry)} — {plain(entry.name)}"
        yield from _text_changes(entry.changes)
        yield from (f"    {plain(note)}" for note in entry.notes)
        if entry.affects:
            yield f"    {plain(_applies(entry))}"


def _text_changes(changes: Sequence[Change]) -> Iterator[str]:
    for change in changes:
        yield f"  {'!' if change.flagged else ' '} {plain(change.text)}"
