"""Software has a recent Accessibility Conformance Report to the policy's standard.

Public bodies must buy technology people with disabilities can use (Section 508, WCAG).  For the
categories the policy names, a solution states its Accessibility Conformance Report (a VPAT): the
standard it assesses, at least the policy's `min_standard`, and a date within `max_acr_age_months`.
A report that has grown too old is a lapse (time, not a change, brought it; see `lapses.py`).

FAIL:
    category: saas
    accessibility: {standard: WCAG 2.0 AA, report_date: "2021-01-01", conformance: supports}

PASS:
    category: saas
    accessibility: {standard: WCAG 2.1 AA, report_date: "2026-01-01", conformance: supports}

Fix: Publish an ACR (VPAT) against the policy's standard dated within its maximum age.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import Advice, at_entry
from ..policy.scope import months_after, months_between
from ..problems import Change, Level, Problem

ID = "accessibility-report"
LEVEL = Level.WARNING
FAMILY = "terms"
# Its findings ask for a field (`asks`) and never carry a fix (see rulebook.Rule.fixes).
FIXES = False


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("accessibility")
    categories = section.get("require_acr_for_categories") or []
    minimum = section.get("min_standard")
    max_age = section.get("max_acr_age_months")
    for solution in catalog.solutions.values():
        if solution.category not in categories:
            continue
        report = solution.data.get("accessibility")
        if report is None:
            yield at_entry(
                solution,
                "/category",
                ID,
                f"a {solution.category.replace('_', ' ')} solution needs an Accessibility "
                "Conformance Report, and none is given",
                Advice(
                    "add `accessibility:` with standard, report_date and conformance",
                    asks=(Change("set", "/accessibility", None),),
                ),
            )
            continue
        if minimum and terms.STANDARD_ORDER[report["standard"]] < terms.STANDARD_ORDER[minimum]:
            yield at_entry(
                solution,
                "/accessibility/standard",
                ID,
                f"the accessibility report assesses {report['standard']}; the policy "
                f"requires {minimum} or later",
                "have the product assessed against the newer standard",
            )
        dated = date.fromisoformat(report["report_date"])
        age = months_between(dated, catalog.today)
        if max_age and age > max_age:
            yield at_entry(
                solution,
                "/accessibility/report_date",
                ID,
                f"the accessibility report is {age} months old; the policy accepts at most {max_age}",
                "publish an updated report and its date",
                lapsed=months_after(dated, max_age + 1),  # time made it too old: a lapse
            )
