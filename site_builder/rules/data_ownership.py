"""Purchasers own their data and it is not used for anything else.

For a solution holding data at or above the policy's `applies_when_data_at_least`, the effective
terms under each contract must give the purchaser ownership of its data (`require_data_ownership`)
and forbid the vendor any secondary use, such as mining or training on it
(`require_secondary_use_prohibited`).

FAIL:
    terms:
      data_protection: {data_ownership: vendor}

PASS:
    terms:
      data_protection: {data_ownership: purchaser, secondary_use_prohibited: true}

Fix: Set `data_ownership: purchaser` and `secondary_use_prohibited: true`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_offering, override_hint
from ..policy.scope import holding_data, holding_why
from ..problems import Level, Problem

ID = "data-ownership"
SECONDARY_USE = "data_protection.secondary_use_prohibited"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return tuple(
        f"data_protection.{field}"
        for setting, field in (
            ("require_data_ownership", "data_ownership"),
            ("require_secondary_use_prohibited", "secondary_use_prohibited"),
        )
        if policy.sets("data_protection", setting)
    )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("data_protection")
    for solution, offering, protection in holding_data(catalog, policy):
        owner = section.get("require_data_ownership")
        if owner and not terms.meets(
            "data_protection.data_ownership", protection.get("data_ownership"), owner
        ):
            shown = protection.get("data_ownership") or "not stated"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_ownership",
                ID,
                f"data ownership is {shown}; the policy requires {owner}{holding_why(solution)}",
                override_hint("data_protection.data_ownership", owner, policy.currency),
            )
        prohibited = protection.get("secondary_use_prohibited")
        if section.get("require_secondary_use_prohibited") and not terms.meets(
            SECONDARY_USE, prohibited, True
        ):
            yield at_offering(
                solution,
                offering,
                "data_protection.secondary_use_prohibited",
                ID,
                f"secondary use of data is not prohibited{holding_why(solution)}",
                override_hint("data_protection.secondary_use_prohibited", True, policy.currency),
            )
