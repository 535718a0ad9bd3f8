"""A scenario names emergency authorities the terms policy defines, each for a buyer type it
applies to.

Which law lets a buyer skip competition in an emergency depends on who the buyer is: a state
agency relies on the state's finance law, a county on municipal law, a school district on the law
that governs it, any of them on a declared-emergency suspension or a federal program. A scenario
pairs each buyer type it covers with the authorities that apply to it; the policy
(`emergency_authorities`) says which buyer types each authority serves, so a pairing the law does
not allow is an error, not a draft determination.

FAIL:
    authorities:
      - {buyer_type: local_government, authority: state_agency_emergency}   # state agencies only

PASS:
    authorities:
      - {buyer_type: state_agency, authority: state_agency_emergency}
      - {buyer_type: local_government, authority: local_government_emergency}

Fix: Pair the buyer type with an authority the terms policy lists for it (the site's emergency
purchasing page shows them), or correct the ids.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import Advice, did_you_mean
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "emergency-authority"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _unknown(what: str, name: str, known: list[str], pointer: str) -> tuple[str, Advice]:
    return (
        f'"{name}" is not {what} of the terms policy',
        did_you_mean(name, known, pointer, f"use one of: {', '.join(known)}"),
    )


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    buyer_types, authorities = list(policy.buyer_types), list(policy.authorities)
    for scenario in catalog.scenarios.values():
        for index, (buyer_type, name) in enumerate(scenario.authority_pairs):
            base = f"/authorities/{index}"
            if buyer_type not in policy.buyer_types:
                message, hint = _unknown("a buyer type", buyer_type, buyer_types, f"{base}/buyer_type")
                yield at_entry(scenario, f"{base}/buyer_type", ID, message, hint)
                continue
            authority = policy.authorities.get(name)
            if authority is None:
                message, hint = _unknown("an emergency authority", name, authorities, f"{base}/authority")
                yield at_entry(scenario, f"{base}/authority", ID, message, hint)
                continue
            if not authority.applies_to(buyer_type):
                fitting = [a.id for a in policy.authorities.values() if a.applies_to(buyer_type)]
                yield at_entry(
                    scenario,
                    f"{base}/authority",
                    ID,
                    f'"{name}" ({authority.cited}) does not apply to {policy.buyer_label(buyer_type).lower()}; '
                    f"it applies to "
                    + ", ".join(policy.buyer_label(b).lower() for b in authority.buyer_types),
                    f"for {buyer_type} use one of: "
                    + (", ".join(fitting) or "none (the policy lists no authority for it)"),
                )
        for index, item in enumerate(scenario.data.get("not_covered") or ()):
            if item["buyer_type"] not in policy.buyer_types:
                pointer = f"/not_covered/{index}/buyer_type"
                message, hint = _unknown("a buyer type", item["buyer_type"], buyer_types, pointer)
                yield at_entry(scenario, pointer, ID, message, hint)
