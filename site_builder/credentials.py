"""A solution's security credentials and where each stands on a date.

Authorizations (FedRAMP, GovRAMP, TX-RAMP) have no expiry: they lapse when the program suspends or
revokes them, or when their last continuous-monitoring date is older than the terms policy allows.
Attestations lapse when a certificate or agreement expires, or when an audit report's evidence is
older than the policy allows. Every credential says when it lapses (`until`) and why, so that the
site, the calendar and the rules read one answer.

A requirement (the policy's per tier or per kind of data, a scenario's) is met by what is current
today. When it is not, but was met by credentials that have lapsed since, `lapse_day` gives the
day it stopped being met: the rules mark their finding with it, and `lapses.py` makes it a lapse
(a warning in the nightly build, with the solution shown as not currently orderable; an error for
a change to the file until renewed or waived). A program's suspension or revocation counts from
its status date (`authorized`, "when the current status was granted"); without that date it is a
plain error, as nothing says since when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .model import Solution, Validity, validity
from .policy import Policy
from .policy.credential_classes import (
    AGREEMENTS,
    ATTESTATION_TYPES,
    LEVELS,
    PROGRAMS,
    STATUSES,
    WITHDRAWN,
    AuthorizationClass,
)

# Continuous monitoring is reported monthly, so its next due date is always a few months off:
# an authorization is "expiring" only once a monthly report is late, not a policy's warning
# period (often 90 days) before that date, which would flag every authorization all the time.
MONITORING_WARNING_DAYS = 30


@dataclass(frozen=True)
class Standing:
    """One credential as the catalog shows it on a date."""

    name: str  # "FedRAMP Moderate authorization (Authorized)", "SOC 2 Type 2 report"
    kind: str  # "authorization" | "attestation"
    type: str  # the attestation type, or the authorization's program
    pointer: str  # where it is in the solution file, e.g. /authorizations/0
    until: date | None  # when it lapses (or lapsed); None when nothing dates it
    until_words: str  # what `until` is: "expires", "evidence too old after", …
    lapsed: bool
    reason: str  # why it lapsed, in words ("" when it has not)
    validity: Validity | None  # for status badges; None when undated
    data: Mapping[str, Any] = field(compare=False)

    @property
    def withdrawn(self) -> bool:
        return self.kind == "authorization" and self.data["status"] in WITHDRAWN

    @property
    def lapsed_on(self) -> date | None:
        """The first day it no longer counts: when its program withdrew it (the status date), or
        the day after `until`; None when nothing dates it."""
        if self.withdrawn:
            when = self.data.get("authorized")
            return date.fromisoformat(when) if when else None
        return self.until + timedelta(days=1) if self.until is not None else None


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def authorization_name(item: Mapping[str, Any]) -> str:
    return f"{PROGRAMS[item['program']]} {LEVELS[item['level']]} authorization ({STATUSES[item['status']]})"


def standings(solution: Solution, policy: Policy, today: date) -> list[Standing]:
    """Every credential of `solution`, authorizations first, in the file's order."""
    section = policy.section("credentials")
    monitoring = section.get("max_monitoring_age_days")
    evidence = section.get("max_evidence_age_months")
    warn = policy.expiry_warning_days
    found = []
    for index, item in enumerate(solution.data.get("authorizations") or ()):
        until, words, reason = None, "", ""
        if item.get("last_continuous_monitoring") and monitoring:
            checked = date.fromisoformat(item["last_continuous_monitoring"])
            until, words = checked + timedelta(days=monitoring), "continuous monitoring due by"
            reason = (
                f"continuous monitoring was last reported on {checked.isoformat()}; "
                f"the policy accepts at most {monitoring} days"
            )
        withdrawn = item["status"] in WITHDRAWN
        lapsed = withdrawn or (until is not None and until < today)
        if withdrawn:
            reason = f"the program lists it as {item['status']}" + (
                f" since {item['authorized']}" if item.get("authorized") else ""
            )
        found.append(
            Standing(
                authorization_name(item),
                "authorization",
                str(item["program"]),
                f"/authorizations/{index}",
                until,
                words,
                lapsed,
                reason if lapsed else "",
                validity(until, today, min(warn, MONITORING_WARNING_DAYS)) if until else None,
                item,
            )
        )
    for index, item in enumerate(solution.data.get("attestations") or ()):
        kind = str(item["type"])
        until, words = _attestation_until(item, evidence)
        lapsed = until is not None and until < today
        reason = f"{_LAPSE_WORDS[words]} on {until.isoformat()}" if lapsed and until else ""
        found.append(
            Standing(
                ATTESTATION_TYPES[kind],
                "attestation",
                kind,
                f"/attestations/{index}",
                until,
                words,
                lapsed,
                reason,
                validity(until, today, warn) if until else None,
                item,
            )
        )
    return found


_LAPSE_WORDS = {
    "ends": "it ended",
    "expires": "it expired",
    "evidence too old after": "its evidence became older than the policy allows",
}


def _attestation_until(item: Mapping[str, Any], evidence_months: int | None) -> tuple[date | None, str]:
    kind = item["type"]
    if kind == "iso27001":
        return date.fromisoformat(item["expires"]), "expires"
    if kind in AGREEMENTS:
        return (date.fromisoformat(item["expires"]), "ends") if item.get("expires") else (None, "")
    dated = item.get("period_end") if kind == "soc2_type2" else item.get("assessed")
    if dated and evidence_months:
        return add_months(date.fromisoformat(dated), evidence_months), "evidence too old after"
    return None, ""


def details(kind: str, item: Mapping[str, Any]) -> str:
    """What identifies a solution's credential, in the words of its page's table: an
    authorization's package, sponsor, assessor and monitoring; an attestation's period, issuer or
    parties. Plain text, escaped where it is printed."""
    if kind == "authorization":
        said = [
            f"{words} {item[key]}; "
            for key, words in _AUTHORIZATION_DETAILS
            if item.get(key)  # an empty value says nothing
        ]
        return (
            "".join(said)
            + f"last continuous monitoring {item.get('last_continuous_monitoring', 'not recorded')}"
        )
    kind = item["type"]
    if kind == "soc2_type2":
        return f"period {item['period_start']} to {item['period_end']}; auditor {item['auditor']}"
    if kind == "iso27001":
        number = f", certificate {item['certificate_number']}" if item.get("certificate_number") else ""
        return f"issued {item['issued']}{number}; {item['certification_body']}"
    if kind == "pci_dss_aoc":
        return f"attested {item['assessed']} by {item['auditor']}"
    return f"signed {item['signed']} by {' and '.join(map(str, item['parties']))}"


_AUTHORIZATION_DETAILS = (
    ("package_id", "package"),
    ("sponsor", "sponsor"),
    ("assessor", "assessed by"),
    ("authorized", "status since"),
)


def matches(
    standing: Standing, name: str, classes: Mapping[str, AuthorizationClass], *, current: bool = True
) -> bool:
    """Whether the credential is one the policy's `name` (an attestation type or class) accepts.

    With `current=False` a suspended or revoked authorization still matches on its program and
    level: it was the right credential, and has lapsed (a warning), not gone missing (an error).
    """
    if standing.kind == "attestation":
        return standing.type == name and not (current and standing.lapsed)
    found = classes.get(name)
    item = standing.data
    status_fits = item["status"] in found.statuses if found else False
    if not current and standing.withdrawn:
        status_fits = True
    return (
        found is not None
        and item["program"] == found.program
        and item["level"] in found.levels
        and status_fits
        and not (current and standing.lapsed)
    )


def holds(
    found: Iterable[Standing], name: str, classes: Mapping[str, AuthorizationClass], *, current: bool
) -> bool:
    """Whether any credential matches `name`: at all (`current=False`, lapsed ones included) or in
    force today (`current=True`)."""
    return any(matches(s, name, classes, current=current) for s in found)


def option_met(
    found: Iterable[Standing],
    option: Iterable[str],
    classes: Mapping[str, AuthorizationClass],
    *,
    current: bool,
) -> bool:
    held = list(found)
    return all(holds(held, name, classes, current=current) for name in option)


def lapse_day(
    found: Iterable[Standing], options: Iterable[Iterable[str]], classes: Mapping[str, AuthorizationClass]
) -> date | None:
    """The day `options` (any one of which is enough) stopped being met; None when they are met
    today, were never met, or a credential they relied on has no date to count from."""
    held = list(found)
    wanted = [list(option) for option in options]
    if any(option_met(held, option, classes, current=True) for option in wanted):
        return None
    days = []
    for option in wanted:
        if not option_met(held, option, classes, current=False):
            continue
        day = _option_day(held, option, classes)
        if day is None:
            return None
        days.append(day)
    return max(days) if days else None


def _option_day(
    held: list[Standing], option: list[str], classes: Mapping[str, AuthorizationClass]
) -> date | None:
    """The first day one credential of `option` was no longer current; None if nothing dates it."""
    days = []
    for name in option:
        if holds(held, name, classes, current=True):
            continue
        ends = [s.lapsed_on for s in held if matches(s, name, classes, current=False)]
        if not ends or any(day is None for day in ends):
            return None
        days.append(max(day for day in ends if day is not None))
    return min(days) if days else None
