"""A scenario's requirements name a real term or need, with a bound that fits it.

Requirements are written with the same dotted term paths the policy and `catalog rules` use (e.g.
`data_protection.breach_notification.confirmed_breach_hours`), or a solution need
(`emergency.lead_time_hours`, `emergency.response_time_hours`, `emergency.surge_capacity`,
`emergency.around_the_clock`, `data.max_classification`, `data.regulated`,
`credentials.<name>`). The bound must fit the way the value protects the buyer: `max` where less
is better (hours to report a breach), `min` where more is (an insurance limit, a data level),
`includes` for a list where more items protect (carve-outs), `equals` and `present` anywhere. A
requirement that cannot be checked would let a determination claim what no data shows.

FAIL:
    requirements:
      data_protection.breach_notification.confirmed_breach_hours: {min: 24}
      insurance.coverages.cyber.per_claim: {min: 5000000}

PASS:
    requirements:
      data_protection.breach_notification.confirmed_breach_hours: {max: 24}
      insurance.coverages.cyber_privacy_liability.per_claim: {min: 5000000}

Fix: Use a path from `catalog rules` or the needs listed above, and the bound the message names.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import renamed_key
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem
from ..requirements import known_paths, understand
from ..yamlsafe import escape_pointer

ID = "requirement-bound"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    known: list[str] = []
    for scenario in catalog.scenarios.values():
        requirements = scenario.data.get("requirements") or {}
        for path, bound in requirements.items():
            spec, reason = understand(path, bound, policy)
            if spec is None:
                known = known or known_paths(policy)
                pointer = f"/requirements/{escape_pointer(path)}"
                hint = "see `catalog rules --format markdown` (requirement-bound) for the paths and bounds"
                yield at_entry(
                    scenario,
                    pointer,
                    ID,
                    f"the requirement on {path} cannot be checked: {reason}",
                    hint
                    if path in known
                    else renamed_key(path, [k for k in known if k not in requirements], pointer, hint),
                )
