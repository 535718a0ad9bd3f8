"""`/feed.xml`: an Atom feed (RFC 4287) of what changed in the catalog, from git history.

One feed entry per catalog entry a commit added, removed or changed, with each term change in
the words of `catalog diff` (loosened terms first). Entry ids are `urn:uuid:` names derived
from the commit and the entry, so they never change once published. A commit that touches
more entries than `MAX_ENTRIES_PER_COMMIT` becomes one summary entry. Without usable history
(no git, a shallow clone) the feed says so and lists the current state of every entry instead.

The XML is built with ElementTree, which escapes all text; characters XML 1.0 cannot carry
are shown as U+FFFD rather than dropped.  Commit subjects and author names are contributor text
that no validation has seen, so they pass the checks an entry's text passes (hidden and
reordering characters, markup, look-alike letters); one that fails is not shown, and the
entry says why instead.
"""

from __future__ import annotations

import hashlib
import html
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..content import check_text
from ..hidden import describe_character, hidden_characters
from ..jsonout import digest_input
from ..model import SINGULAR
from ..semantic_diff import APPLIES_TO, compare_snapshots
from .history import MAX_ENTRIES_PER_COMMIT, Commit, read_history, read_versions
from .records import iso_time
from .settings import ExportSettings

ATOM = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("0f9b3f5e-6c1d-4a8e-b7a2-93d4c5e6f718")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def screened(text: str, field: str) -> tuple[str, str]:
    """(text, "") when `text` would pass as the `field` of an entry, else ("", why it would not)."""
    for _offset, char in hidden_characters(text):
        return "", f"it contains {describe_character(char)}"
    for finding in check_text({field: text}, frozenset()):
        return "", finding.message.removeprefix(f'"{field}" ')
    return text, ""


def entry_urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(parts))}"


def _kind_word(kind: str) -> str:
    return SINGULAR.get(kind, kind).capitalize()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _entry(
    feed: ET.Element,
    urn: str,
    title: str,
    updated: datetime,
    body: str,
    link: str | None,
    author: str | None = None,
) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", urn)
    _add(entry, "title", title)
    _add(entry, "updated", iso_time(updated))
    if author:
        _add(_add(entry, "author"), "name", author)
    if link:
        _add(entry, "link", rel="alternate", type="text/html", href=link)
    _add(entry, "content", body, type="html")


def _change_entries(
    feed: ET.Element,
    root: Path,
    commit: Commit,
    currency: str,
    settings: ExportSettings,
    solutions_under: Mapping[str, int],
) -> None:
    esc = html.escape
    subject, why = screened(commit.subject, "summary")
    author = screened(commit.author, "name")[0] or None
    source = f"commit {commit.short}: “{esc(subject)}”" if not why else f"commit {commit.short}"
    if why:
        source += f" (its message is not shown: {esc(why)})"
    if len(commit.files) > MAX_ENTRIES_PER_COMMIT:
        counts: dict[tuple[str, str], int] = {}
        for item in commit.files:
            kind = item.key.split("/", 1)[0]
            counts[(kind, item.status)] = counts.get((kind, item.status), 0) + 1
        words = ", ".join(f"{n} {kind} {status}" for (kind, status), n in sorted(counts.items()))
        body = (
            f"<p>{len(commit.files)} catalog entries changed in {source}: {esc(words)}.</p>"
            f"<p>Too many to list one by one here; run <code>catalog diff {commit.short}^ {commit.short}</code> "
            "for every change.</p>"
        )
        title = f"{len(commit.files)} catalog entries changed"
        _entry(feed, entry_urn(commit.sha, "summary"), title, commit.time, body, settings.site_url, author)
        return
    old, new = read_versions(root, commit)
    for change in compare_snapshots(old, new, currency):
        # The snapshots hold only this commit's files, so the diff's own list of the solutions
        # under a changed contract would be partial: today's count is given instead.
        notes = [line for line in change.field_changes if not line.startswith(APPLIES_TO)]
        under = solutions_under.get(change.id) if change.kind == "contracts" and change.term_changes else None
        loosened = len(change.loosened)
        title = f"{_kind_word(change.kind)} {change.status}: {change.name}"
        if loosened:
            title += f" ({loosened} term{'s' if loosened != 1 else ''} loosened)"
        items = [f"<li>{esc(t.text)}</li>" for t in change.term_changes]
        if under:
            items.append(
                f"<li>Applies to the {under} solution{'s' if under != 1 else ''} now offered under it</li>"
            )
        if notes:
            items.append(f"<li>Other changes: {esc('; '.join(notes))}</li>")
        body = (
            f"<p>{esc(_kind_word(change.kind))} <strong>{esc(change.name)}</strong> ({esc(change.id)}) "
            f"was {esc(change.status)} in {source}.</p>"
        )
        if items:
            body += f"<ul>{''.join(items)}</ul>"
        link = settings.url(f"{change.kind}/{change.id}/") if change.status != "removed" else None
        key = f"{change.kind}/{change.id}"
        _entry(feed, entry_urn(commit.sha, key), title, commit.time, body, link, author)


def _state_entries(
    feed: ET.Element,
    records: Mapping[str, list[dict[str, Any]]],
    reason: str,
    updated: datetime,
    settings: ExportSettings,
) -> None:
    for kind, found in records.items():
        for record in found:
            name = str(record.get("name") or record.get("title") or record["id"])
            # From what the contributor wrote, not the computed status: the id must not change
            # every day as "days left" counts down.
            written = {key: value for key, value in record.items() if key != "computed"}
            digest = hashlib.sha256(digest_input(written)).hexdigest()
            status = record["computed"].get("status_label")
            body = (
                f"<p>No change history: {html.escape(reason)}. This entry shows the "
                f"{html.escape(SINGULAR[kind])} as currently listed, not a change.</p>"
                f"<p>{html.escape(_kind_word(kind))} <strong>{html.escape(name)}</strong> ({html.escape(record['id'])})"
                + (f", {html.escape(status)}" if status else "")
                + ".</p>"
            )
            _entry(
                feed,
                entry_urn("state", f"{kind}/{record['id']}", digest),
                f"Currently listed {SINGULAR[kind]}: {name}",
                updated,
                body,
                settings.url(record["page"]),
            )


def atom_feed(
    root: Path,
    records: Mapping[str, list[dict[str, Any]]],
    meta: Mapping[str, Any],
    settings: ExportSettings,
    published: datetime,
) -> bytes:
    policy = meta["policy"]
    owner = str(policy.get("jurisdiction") or policy["id"])
    history = read_history(root)
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", entry_urn("feed", str(policy["id"])))
    _add(feed, "title", f"{owner}: catalog changes")
    subtitle = (
        "Vendors, contracts, solutions and scenarios added, removed or changed, with every term change."
        if not history.unavailable
        else f"No change history is available ({history.unavailable}); the entries list the current catalog."
    )
    _add(feed, "subtitle", subtitle)
    updated = max((c.time for c in history.commits), default=published)
    _add(feed, "updated", iso_time(updated))
    _add(_add(feed, "author"), "name", owner)
    _add(feed, "generator", "site-builder", version=__version__)
    if settings.site_url:
        _add(feed, "link", rel="self", type="application/atom+xml", href=f"{settings.site_url}feed.xml")
        _add(feed, "link", rel="alternate", type="text/html", href=settings.site_url)
    if history.unavailable:
        _state_entries(feed, records, history.unavailable, published, settings)
    else:
        under = {c["id"]: len(c["computed"]["solutions"]) for c in records["contracts"]}
        for commit in history.commits:
            _change_entries(feed, root, commit, str(policy["currency"]), settings, under)
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + (
        ET.tostring(feed, encoding="unicode") + "\n"
    ).encode("utf-8")
