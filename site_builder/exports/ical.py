"""`/calendar.ics`: the catalog's deadlines as all-day events a buyer can subscribe to.

Contract end dates, renewal decision dates and vendors' socio-economic certifications, an event
each; and the days solutions' security credentials lapse, an event per day and kind of lapse
("continuous monitoring report", "expiry", "evidence too old") naming every credential it covers
and the solutions it is of and linking to the expiring page, where a person acts on them. One event per
credential made 38,000 events at 20,000 solutions, up to a hundred on one day: no calendar
application takes that as a subscription. A vendor following one credential finds its date on
the solution's page and in its record's `computed.credentials`.

RFC 5545 throughout: CRLF line ends, lines folded at 75 octets without splitting a character,
TEXT values escaped, UIDs that stay the same from build to build (an entry's deadline is named by
the entry and the deadline, not the date, so a moved date updates the subscriber's event instead
of adding one; a day's credentials by the day and the kind of lapse), and DTSTAMP from the build
info rather than the clock. Events are all-day with no DTEND: a DATE start without an end lasts
that one day (RFC 5545 § 3.6.1), so writing the next day as the end only added a line per event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any, BinaryIO

from .. import __version__
from ..credentials import MONITORING_WARNING_DAYS
from .records import contract_view
from .settings import ExportSettings

_MAX_OCTETS = 75
# Where a person acts on credentials about to lapse: the expiring page's credentials table.
EXPIRING_CREDENTIALS = "expiring/#credentials"


@dataclass(frozen=True)
class Deadline:
    uid: str
    day: date
    summary: str
    description: str
    category: str
    page: str  # site-relative


def escape_text(value: str) -> str:
    """RFC 5545 § 3.3.11: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 sequence."""
    raw = line.encode("utf-8")
    if len(raw) <= _MAX_OCTETS:
        return line
    chunks: list[bytes] = []
    start, limit = 0, _MAX_OCTETS
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character instead
            end -= 1
        chunks.append(raw[start:end])
        start, limit = end, _MAX_OCTETS - 1  # continuation lines start with a space
    chunks.append(raw[start:])
    return b"\r\n ".join(chunks).decode("utf-8")


def _deadlines(records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any]) -> Iterator[Deadline]:
    as_of = str(meta["as_of"])
    vendors = {v["id"]: v for v in records["vendors"]}
    for contract in map(contract_view, records["contracts"]):  # an award's period may be its vehicle's
        period = contract["period"]
        name = f"{contract['title']} ({contract['number']})"
        vendor = vendors.get(contract["vendor"], {}).get("name", contract["vendor"])
        computed = contract["computed"]
        lines = [
            f"Contract {contract['number']} with {vendor} ends on {period['end']}.",
            f"As of {as_of}: {computed['status_label']}.",
        ]
        if period.get("max_extent"):
            lines.append(f"Latest possible end if every renewal is taken: {period['max_extent']}.")
        lines.append(f"Solutions listed under it: {len(computed['solutions'])}.")
        yield Deadline(
            f"contract-end.{contract['id']}",
            date.fromisoformat(period["end"]),
            f"Contract ends: {name}",
            "\n".join(lines),
            "Contract end",
            contract["page"],
        )
        for number, option in enumerate(period.get("renewal_options", []), start=1):
            if option.get("decision_by"):
                yield Deadline(
                    f"contract-renewal-{number}.{contract['id']}",
                    date.fromisoformat(option["decision_by"]),
                    f"Renewal decision due: {name}",
                    f"Decide by {option['decision_by']} whether to renew contract {contract['number']} "
                    f"for {option['months']} months (renewal option {number}); the current term ends "
                    f"on {period['end']}.",
                    "Renewal decision",
                    contract["page"],
                )
    warning_days = int(meta["policy"]["expiry_warning_days"])
    yield from credential_days(credential_lapses(records["solutions"], warning_days))
    for vendor in records["vendors"]:
        yield from _socio_economic(vendor)


@dataclass(frozen=True)
class Lapse:
    """One dated security credential of one solution: when it lapses, and how."""

    day: date
    basis: str  # what the day is: "continuous monitoring due by", "expires", "evidence too old after"
    solution: str  # the solution's name, with its id when another solution has the same name
    solution_id: str
    credential: str  # the credential's name
    listed_days: int  # how many days before `day` the expiring page lists it


def credential_lapses(solutions: Sequence[Mapping[str, Any]], warning_days: int) -> Iterator[Lapse]:
    """When each dated credential lapses: an expiry, a continuous-monitoring report due, audit
    evidence turning too old. Authorizations have no expiry of their own, and the expiring page
    lists them only once their monitoring report is nearly late (credentials.py). Two solutions
    may share a name (the site shows the vendor beside it): such a name is followed by its id."""
    monitoring_days = min(warning_days, MONITORING_WARNING_DAYS)
    shared = {name for name, count in Counter(s["name"] for s in solutions).items() if count > 1}
    for solution in solutions:
        name = solution["name"]
        if name in shared:
            name = f"{name} ({solution['id']})"
        for credential in solution["computed"]["credentials"]:
            if credential["lapses_on"]:
                authorization = str(credential["credential"]).startswith("/authorizations/")
                yield Lapse(
                    date.fromisoformat(credential["lapses_on"]),
                    credential["lapse_basis"],
                    name,
                    solution["id"],
                    credential["name"],
                    monitoring_days if authorization else warning_days,
                )


# The kinds of lapse in words that follow "Security credentials due: 5 solutions (...)".
_ACTIONS = {
    "continuous monitoring due by": "continuous monitoring report",
    "evidence too old after": "evidence too old",
    "expires": "expiry",
    "ends": "end",
}


def action(basis: str) -> str:
    """The kind of lapse a `lapse_basis` names, in words that stand alone."""
    return _ACTIONS.get(basis) or re.sub(r" (by|after|on)$", "", basis)


def credential_days(lapses: Iterable[Lapse]) -> Iterator[Deadline]:
    """An event per day and kind of lapse, naming each credential and the solutions it is of."""
    ordered = sorted(lapses, key=lambda lapse: (lapse.day, action(lapse.basis), lapse.solution_id))
    for (day, kind), group in groupby(ordered, key=lambda lapse: (lapse.day, action(lapse.basis))):
        due = list(group)
        count = len({lapse.solution_id for lapse in due})
        solutions = f"{count} solution" if count == 1 else f"{count} solutions"
        basis, listed = due[0].basis, min(lapse.listed_days for lapse in due)
        heading = (
            f"{basis[:1].upper()}{basis[1:]} {day.isoformat()}: ask each vendor for renewed evidence. "
            f"The expiring page lists them from {listed} days before; a solution's page and its "
            "record's computed.credentials give its own dates."
        )
        # A line per credential, naming the solutions whose credential it is: a day's event has a
        # handful of credentials and up to thousands of solutions.
        by_credential: dict[str, list[str]] = {}
        for lapse in due:
            by_credential.setdefault(lapse.credential, []).append(lapse.solution)
        lines = [heading, *(f"{name}: {', '.join(names)}" for name, names in sorted(by_credential.items()))]
        yield Deadline(
            f"credentials.{day:%Y%m%d}.{kind.replace(' ', '-')}",
            day,
            f"Security credentials due: {solutions} ({kind})",
            "\n".join(lines),
            "Security credential",
            EXPIRING_CREDENTIALS,
        )


def _socio_economic(vendor: Mapping[str, Any]) -> Iterator[Deadline]:
    seen: dict[str, int] = {}
    for credential in vendor["computed"]["socio_economic"]:
        kind = credential["type"]
        seen[kind] = seen.get(kind, 0) + 1
        suffix = f"-{seen[kind]}" if seen[kind] > 1 else ""
        words = kind.replace("_", " ")
        yield Deadline(
            f"socio-economic.{vendor['id']}.{kind}{suffix}",
            date.fromisoformat(credential["expires"]),
            f"Socio-economic certification expires: {words}, {vendor['name']}",
            f"The {words} certification of {vendor['name']} expires on {credential['expires']}. "
            "Ask for the renewed certificate before ordering after that date.",
            "Socio-economic certification expiry",
            vendor["page"],
        )


def calendar_lines(
    records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], settings: ExportSettings
) -> Iterator[str]:
    """The calendar's content lines, unfolded; events sorted by date then UID."""
    policy = meta["policy"]
    domain = str(policy["id"])
    stamp = str(meta["published"]).replace("-", "").replace(":", "")
    title = f"{policy.get('jurisdiction') or policy['id']}: catalog deadlines"
    yield from (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//site-builder//Catalog exports {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(title)}",
    )
    events = sorted(_deadlines(records, meta), key=lambda d: (d.day, d.uid))
    for event in events:
        yield from (
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"CATEGORIES:{escape_text(event.category)}",
            "TRANSP:TRANSPARENT",
        )
        url = settings.url(event.page)
        if url:
            yield f"URL:{url}"
        yield "END:VEVENT"
    yield "END:VCALENDAR"


def write_calendar(
    stream: BinaryIO,
    records: Mapping[str, list[dict[str, Any]]],
    meta: Mapping[str, Any],
    settings: ExportSettings,
) -> None:
    """Write the calendar line by line (CRLF ends, folded)."""
    stream.writelines(f"{fold(line)}\r\n".encode() for line in calendar_lines(records, meta, settings))


def calendar_ics(
    records: Mapping[str, list[dict[str, Any]]], meta: Mapping[str, Any], settings: ExportSettings
) -> bytes:
    """The whole calendar as bytes."""
    return "".join(f"{fold(line)}\r\n" for line in calendar_lines(records, meta, settings)).encode("utf-8")
