"""Data is stored only where the policy allows.

Where data rests decides which courts and governments can reach it.  For a solution holding data
the policy protects, every location in `data_locations` must be one of the policy's
`allowed_data_locations`, and the locations must be stated.

FAIL:
    terms:
      data_protection: {data_locations: [US, IE]}

PASS:
    terms:
      data_protection: {data_locations: [US]}

Fix: Limit `data_locations` to the allowed countries, e.g. `[US]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_offering, override_hint
from ..policy.scope import holding_data, holding_why
from ..problems import Level, Problem

ID = "data-location"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (
        ("data_protection.data_locations",)
        if policy.sets("data_protection", "allowed_data_locations")
        else ()
    )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    allowed = policy.section("data_protection").get("allowed_data_locations")
    if not allowed:
        return
    for solution, offering, protection in holding_data(catalog, policy):
        locations = protection.get("data_locations")
        if not terms.meets("data_protection.data_locations", locations, allowed):
            outside = sorted(set(locations or []) - set(allowed))
            shown = ", ".join(outside) if locations else "not stated (anywhere)"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_locations",
                ID,
                f"data may be stored in {shown}; the policy allows only {', '.join(allowed)}"
                f"{holding_why(solution)}",
                override_hint("data_protection.data_locations", allowed, policy.currency),
            )
