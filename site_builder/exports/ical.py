"""`/calendar.ics`: the catalog's deadlines as all-day events a buyer can subscribe to.

Contract end dates, renewal decision dates, and the expiry of solutions' security
credentials (when each lapses) and vendors' socio-economic certifications. RFC 5545 throughout: CRLF line
ends, lines folded at 75 octets without splitting a character, TEXT values escaped, UIDs that
stay the same from build to build (they name the entry and the deadline, not the date, so a
moved date updates the subscriber's event instead of adding one), and DTSTAMP from the build
info rather than the clock. Events are all-day with no DTEND: a DATE start without an end lasts
that one day (RFC 5545 § 3.6.1), so writing the next day as the end only added a line per event.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from .. import __version__
from .emergency_records import credential_in
from .records import contract_view
from .settings import ExportSettings

_MAX_OCTETS = 75


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


def _deadlines(records: Mapping[str, list[dict[str, Any]]], as_of: str) -> Iterator[Deadline]:
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
    for solution in records["solutions"]:
        yield from _solution_credentials(solution)
    for vendor in records["vendors"]:
        yield from _socio_economic(vendor)


def _solution_credentials(solution: Mapping[str, Any]) -> Iterator[Deadline]:
    """When each dated credential lapses: an expiry, a continuous-monitoring report due, audit
    evidence turning too old. Authorizations have no expiry of their own."""
    seen: dict[str, int] = {}
    for credential in solution["computed"]["credentials"]:
        if not credential["lapses_on"]:
            continue
        item = credential_in(solution, credential)
        if credential["credential"].startswith("/authorizations/"):
            kind = f"{item['program']}_{item['level']}"
        else:
            kind = str(item["type"])
        seen[kind] = seen.get(kind, 0) + 1
        suffix = f"-{seen[kind]}" if seen[kind] > 1 else ""
        basis = credential["lapse_basis"]
        yield Deadline(
            f"credential.{solution['id']}.{kind}{suffix}",
            date.fromisoformat(credential["lapses_on"]),
            f"Security credential lapses: {credential['name']}, {solution['name']}",
            # The summary names the credential and the solution; the description adds only why.
            f"{basis[:1].upper()}{basis[1:]} {credential['lapses_on']}; then ask for renewed evidence.",
            "Security credential",
            solution["page"],
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
    events = sorted(_deadlines(records, str(meta["as_of"])), key=lambda d: (d.day, d.uid))
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
