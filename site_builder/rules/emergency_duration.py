"""A scenario's follow-on plan starts before the emergency purchase must end.

An emergency exemption is for the emergency only: an authority may limit how long a purchase under
it runs (`max_duration_days`; a suspension by executive order, for instance, lasts 30 days unless
extended), and the scenario may set a limit of its own. When that time ends the buyer needs the
follow-on the scenario plans (`follow_on`): an order under a contract already in place, or a
competitive solicitation. The plan must start by the shortest limit the scenario relies on, so
that no buyer is left without a lawful way to keep the service; and a plan to roll into an
existing contract must name it.

FAIL:
    authorities:
      - {buyer_type: state_agency, authority: state_disaster_suspension}   # 30 days
    follow_on: {plan: existing_contract, start_by_day: 45, description: ...}

PASS:
    authorities:
      - {buyer_type: state_agency, authority: state_disaster_suspension}
    follow_on: {plan: existing_contract, contract: acme-umbrella, start_by_day: 21, description: ...}

Fix: Start the follow-on (`start_by_day`) by the shortest limit, and name the contract an
existing_contract plan rolls into.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import commit
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Change, Level, Problem

ID = "emergency-duration"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for scenario in catalog.scenarios.values():
        limits = []  # (days, what sets it)
        for buyer_type, name in scenario.authority_pairs:
            authority = policy.authorities.get(name)
            if authority is not None and authority.max_duration_days is not None:
                limits.append((authority.max_duration_days, f"{authority.cited} ({buyer_type})"))
        own = scenario.data.get("max_duration_days")
        if own is not None:
            limits.append((own, "the scenario's own limit"))
        follow_on = scenario.data["follow_on"]
        start = follow_on["start_by_day"]
        if limits and start > min(limits)[0]:
            days, what = min(limits)
            yield at_entry(
                scenario,
                "/follow_on/start_by_day",
                ID,
                f"the follow-on starts on day {start}, after the purchase must end: day {days} under {what}",
                commit(
                    f"start it by day {days} at the latest", Change("set", "/follow_on/start_by_day", days)
                ),
            )
        if follow_on["plan"] == "existing_contract" and not follow_on.get("contract"):
            yield at_entry(
                scenario,
                "/follow_on/plan",
                ID,
                "the follow-on rolls into an existing contract but does not name it",
                "add `contract:` with the contract's id",
            )
