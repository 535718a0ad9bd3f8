"""Confirmed breaches are reported within the policy's hours.

The sooner a purchaser hears of a confirmed breach, the sooner it can warn the people whose data
leaked, as breach-notice laws require.  The policy sets the longest allowed notice per data
classification (`max_confirmed_breach_notification_hours`); the effective terms under every
contract a solution is offered on must meet it.

FAIL:
    terms:
      data_protection:
        breach_notification: {confirmed_breach_hours: 72}

PASS:
    terms:
      data_protection:
        breach_notification: {confirmed_breach_hours: 24}

Fix: Lower `confirmed_breach_hours` to the policy's maximum for the solution's data (e.g. 24
for confidential), in the contract or as a solution override.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_offering, override_hint
from ..policy.scope import holding_data, holding_why
from ..problems import Level, Problem

ID = "breach-notification"
LEVEL = Level.ERROR
FAMILY = "terms"
_PATH = "data_protection.breach_notification.confirmed_breach_hours"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (_PATH,) if policy.sets("data_protection", "max_confirmed_breach_notification_hours") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    limits = policy.section("data_protection").get("max_confirmed_breach_notification_hours") or {}
    for solution, offering, protection in holding_data(catalog, policy):
        limit = limits.get(solution.classification)
        if limit is None:
            continue
        hours = (protection.get("breach_notification") or {}).get("confirmed_breach_hours")
        if not terms.meets(_PATH, hours, limit):
            shown = "not stated" if hours is None else f"{hours} h"
            yield at_offering(
                solution,
                offering,
                _PATH,
                ID,
                f"confirmed-breach notice is {shown}; the policy allows at most {limit} h{holding_why(solution)}",
                override_hint(_PATH, limit, policy.currency),
            )
