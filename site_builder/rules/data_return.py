"""Data is returned and its destruction certified within the policy's days.

When a contract ends, the purchaser needs its data back in a usable form, and the vendor's copies
destroyed, within a bounded time (`max_data_return_days`).

FAIL:
    terms:
      data_protection: {data_return_days: 180}

PASS:
    terms:
      data_protection: {data_return_days: 90}

Fix: Set `data_return_days` to the policy's maximum or less.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_offering, override_hint
from ..policy.scope import holding_data, holding_why
from ..problems import Level, Problem

ID = "data-return"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (
        ("data_protection.data_return_days",)
        if policy.sets("data_protection", "max_data_return_days")
        else ()
    )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    limit = policy.section("data_protection").get("max_data_return_days")
    if limit is None:
        return
    for solution, offering, protection in holding_data(catalog, policy):
        days = protection.get("data_return_days")
        if not terms.meets("data_protection.data_return_days", days, limit):
            shown = "not stated" if days is None else f"{days} days"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_return_days",
                ID,
                f"data return is {shown}; the policy allows at most {limit} days{holding_why(solution)}",
                override_hint("data_protection.data_return_days", limit, policy.currency),
            )
