"""`/calendar.ics`: RFC 5545 events for contract ends, renewal decisions, certification expiries,
and a day's security credentials lapsing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from test_exports_support import export_site, replace_in

from site_builder.credentials import standings
from site_builder.exports.ical import action, escape_text, fold


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
        "credentials.20270227.continuous-monitoring-report@demo-state-it-catalog",
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
    # (last report 2026-10-30 + the policy's 120 days), on that day's event for such reports.
    monitoring = found["credentials.20270227.continuous-monitoring-report@demo-state-it-catalog"]
    assert monitoring.decoded("DTSTART") == date(2027, 2, 27)
    assert "DTEND" not in monitoring
    assert str(monitoring["SUMMARY"]) == "Security credentials due: 1 solution (continuous monitoring report)"
    description = str(monitoring["DESCRIPTION"]).split("\n")
    assert description[0].startswith("Continuous monitoring due by 2027-02-27: ask each vendor ")
    # The expiring page lists an authorization once its report is nearly late: min(90, 30) days.
    assert "from 30 days before" in description[0]
    assert description[1:] == ["FedRAMP Moderate authorization (Authorized): Acme Case Manager"]
    assert str(monitoring["URL"]) == "https://catalog.example.gov/expiring/#credentials"


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


def test_demo_calendar_has_an_event_per_deadline_and_per_day_of_credentials(
    demo_project: Path, tmp_path: Path
) -> None:
    """Contract ends, renewal decisions and certifications: an event each. Security credentials:
    an event per day and kind of lapse, whose lines name every credential lapsing then, each
    credential on exactly one event."""
    result = export_site(demo_project, tmp_path / "site")
    check_rfc5545_lines((tmp_path / "site/calendar.ics").read_bytes())
    catalog = result.catalog
    expected = sum(
        1 + sum(1 for o in c.data["period"].get("renewal_options", []) if o.get("decision_by"))
        for c in catalog.contracts.values()
    )
    expected += sum(len(v.data.get("socio_economic", [])) for v in catalog.vendors.values())
    policy = result.project.policy
    names = [s.name for s in catalog.solutions.values()]
    assert len(set(names)) == len(names)  # (a name two solutions share: see the test below)
    # Per day and kind of lapse: each credential's name, and the solutions it is of (by id).
    lapsing: dict[tuple[date, str], dict[str, list[str]]] = {}
    for solution in sorted(catalog.solutions.values(), key=lambda s: s.id):
        for credential in standings(solution, policy, catalog.today):
            if credential.until is not None:
                day = lapsing.setdefault((credential.until, action(credential.until_words)), {})
                day.setdefault(credential.name, []).append(solution.name)
    credentials = sum(len(of) for day in lapsing.values() for of in day.values())
    assert credentials > 10
    assert len(lapsing) < credentials  # some days are shared
    found = events(tmp_path / "site")
    days = [e for e in found if str(e["UID"]).startswith("credentials.")]
    assert len(found) - len(days) == expected
    assert len({str(e["UID"]) for e in found}) == len(found)
    covered = []
    for event in days:
        day = event.decoded("DTSTART")
        kind = str(event["SUMMARY"]).rpartition(" (")[2].removesuffix(")")
        assert str(event["UID"]) == f"credentials.{day:%Y%m%d}.{kind.replace(' ', '-')}@demo-state-it-catalog"
        heading, *lines = str(event["DESCRIPTION"]).split("\n")
        # The expiring page lists an authorization once its report is nearly late (30 days at most).
        warning = policy.expiry_warning_days
        listed_from = min(warning, 30) if kind == "continuous monitoring report" else warning
        assert f"The expiring page lists them from {listed_from} days before" in heading
        due = lapsing[(day, kind)]
        # Every credential lapsing that day, of that kind, and each of its solutions, once.
        assert lines == [f"{name}: {', '.join(of)}" for name, of in sorted(due.items())]
        solutions = len({solution for of in due.values() for solution in of})
        noun = "solution" if solutions == 1 else "solutions"
        assert str(event["SUMMARY"]) == f"Security credentials due: {solutions} {noun} ({kind})"
        assert str(event["CATEGORIES"].to_ical().decode()) == "Security credential"
        covered.append((day, kind))
    assert sorted(covered) == sorted(lapsing)  # an event per day and kind, none twice


def test_a_credential_moved_to_another_day_moves_to_that_days_event(project: Path, tmp_path: Path) -> None:
    """UIDs name the day and the kind: a credential whose date moves leaves its old day's event
    (gone when it was the only one) and joins the new day's."""
    export_site(project, tmp_path / "one")
    replace_in(project / "catalog/solutions/acme-case-manager.yaml", "2026-10-30", "2026-11-20")
    export_site(project, tmp_path / "two")
    one = {str(e["UID"]) for e in events(tmp_path / "one") if str(e["UID"]).startswith("credentials.")}
    two = {str(e["UID"]) for e in events(tmp_path / "two") if str(e["UID"]).startswith("credentials.")}
    assert one == {"credentials.20270227.continuous-monitoring-report@demo-state-it-catalog"}
    assert two == {"credentials.20270320.continuous-monitoring-report@demo-state-it-catalog"}


def test_a_days_event_escapes_and_folds_the_names_it_lists(project: Path, tmp_path: Path) -> None:
    name = "Case; Manager, \\ ünïcødé ☁ with a name long enough that its line must be folded twice over"
    replace_in(
        project / "catalog/solutions/acme-case-manager.yaml", "name: Acme Case Manager", f"name: '{name}'"
    )
    export_site(project, tmp_path / "site")
    raw = (tmp_path / "site/calendar.ics").read_bytes()
    check_rfc5545_lines(raw)
    assert b"(Authorized): Case\\; Manager\\, \\\\ " in raw.replace(b"\r\n ", b"")
    day = next(e for e in events(tmp_path / "site") if str(e["UID"]).startswith("credentials."))
    assert str(day["DESCRIPTION"]).split("\n")[1] == f"FedRAMP Moderate authorization (Authorized): {name}"


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


def test_a_name_two_solutions_share_is_told_apart_by_the_id(project: Path, tmp_path: Path) -> None:
    """Two solutions may have the same name (the site shows the vendor beside it): the day's line
    adds the id, which is also the address of the solution's page."""
    replace_in(
        project / "catalog/solutions/acme-desktop-suite.yaml",
        "name: Acme Desktop Suite",
        "name: Acme Case Manager",
    )
    export_site(project, tmp_path / "site")
    day = next(e for e in events(tmp_path / "site") if str(e["UID"]).startswith("credentials."))
    lines = str(day["DESCRIPTION"]).split("\n")[1:]
    assert lines == ["FedRAMP Moderate authorization (Authorized): Acme Case Manager (acme-case-manager)"]
