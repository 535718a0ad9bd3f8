"""`/calendar.ics`: RFC 5545 events for contract ends, renewal decisions and credential expiries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from test_exports_support import export_site, replace_in

from site_builder.credentials import standings
from site_builder.exports.ical import escape_text, fold


def events(site: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    return list(calendar.walk("VEVENT"))


def check_rfc5545_lines(raw: bytes) -> None:
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n"), "every line ends in CRLF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character


def test_events_for_every_deadline(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    raw = (tmp_path / "site/calendar.ics").read_bytes()
    check_rfc5545_lines(raw)
    found = {str(e["UID"]): e for e in events(tmp_path / "site")}
    assert set(found) == {
        "contract-end.umbrella-software@demo-state-it-catalog",
        "contract-renewal-1.umbrella-software@demo-state-it-catalog",
        "credential.acme-case-manager.fedramp_moderate@demo-state-it-catalog",
        "socio-economic.acme-gov.sdvob@demo-state-it-catalog",
    }
    end = found["contract-end.umbrella-software@demo-state-it-catalog"]
    assert end.decoded("DTSTART") == date(2029, 1, 31)
    # All-day, that day alone: a DATE start and no end (RFC 5545 § 3.6.1), as a subscriber's
    # calendar reads it.
    assert "DTEND" not in end
    assert "DURATION" not in end
    assert end["DTSTART"].params["VALUE"] == "DATE"
    assert str(end["SUMMARY"]) == "Contract ends: IT Umbrella Contract, Software and Cloud (PM-0001)"
    assert "Latest possible end if every renewal is taken: 2034-01-31." in str(end["DESCRIPTION"])
    assert str(end["URL"]) == "https://catalog.example.gov/contracts/umbrella-software/"
    renewal = found["contract-renewal-1.umbrella-software@demo-state-it-catalog"]
    assert renewal.decoded("DTSTART") == date(2028, 8, 1)
    assert b"DTSTAMP:20261125T000000Z\r\n" in raw  # the build's timestamp, not the clock
    # An authorization has no expiry: its event is the continuous-monitoring report falling due
    # (last report 2026-10-30 + the policy's 120 days).
    monitoring = found["credential.acme-case-manager.fedramp_moderate@demo-state-it-catalog"]
    assert monitoring.decoded("DTSTART") == date(2027, 2, 27)
    assert str(monitoring["DESCRIPTION"]).startswith("Continuous monitoring due by 2027-02-27; ")
    summary = "Security credential lapses: FedRAMP Moderate authorization (Authorized), Acme Case Manager"
    assert str(monitoring["SUMMARY"]) == summary


def test_text_is_escaped_and_folded_and_round_trips(project: Path, tmp_path: Path) -> None:
    title = 'Umbrella; "Cloud", Software \\ Services — ünïcødé ☁ and a long tail of words to fold'
    replace_in(
        project / "catalog/contracts/umbrella-software.yaml",
        "title: IT Umbrella Contract, Software and Cloud",
        f"title: '{title}'",
    )
    export_site(project, tmp_path / "site")
    raw = (tmp_path / "site/calendar.ics").read_bytes()
    check_rfc5545_lines(raw)
    assert b'Umbrella\\; "Cloud"\\, Software \\\\ Services' in raw.replace(b"\r\n ", b"")
    end = next(e for e in events(tmp_path / "site") if str(e["UID"]).startswith("contract-end."))
    assert str(end["SUMMARY"]) == f"Contract ends: {title} (PM-0001)"
    assert "\n" in str(end["DESCRIPTION"])  # escaped as \n, read back as a newline


def test_uids_do_not_depend_on_dates(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "one")
    replace_in(project / "catalog/vendors/acme-gov.yaml", 'expires: "2030-01-01"', 'expires: "2031-06-30"')
    export_site(project, tmp_path / "two")
    one = {str(e["UID"]): e.decoded("DTSTART") for e in events(tmp_path / "one")}
    two = {str(e["UID"]): e.decoded("DTSTART") for e in events(tmp_path / "two")}
    assert one.keys() == two.keys()
    assert two["socio-economic.acme-gov.sdvob@demo-state-it-catalog"] == date(2031, 6, 30)


def test_demo_calendar_has_one_event_per_deadline(demo_project: Path, tmp_path: Path) -> None:
    result = export_site(demo_project, tmp_path / "site")
    check_rfc5545_lines((tmp_path / "site/calendar.ics").read_bytes())
    catalog = result.catalog
    expected = sum(
        1 + sum(1 for o in c.data["period"].get("renewal_options", []) if o.get("decision_by"))
        for c in catalog.contracts.values()
    )
    policy = result.project.policy
    expected += sum(
        1
        for s in catalog.solutions.values()
        for c in standings(s, policy, catalog.today)
        if c.until is not None
    )
    expected += sum(len(v.data.get("socio_economic", [])) for v in catalog.vendors.values())
    found = events(tmp_path / "site")
    assert len(found) == expected
    assert len({str(e["UID"]) for e in found}) == expected


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\ntwo\r\nthree", "one\\ntwo\\nthree"), ("plain", "plain")],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_fold_keeps_characters_whole() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert all(part.startswith(b" ") for part in folded[1:])
    assert b"".join(p.removeprefix(b" ") for p in folded).decode("utf-8") == line
