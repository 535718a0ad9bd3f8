"""A scenario covers every buyer type the policy expects, or says why not.

A county emergency manager reading a scenario must find out whether it applies to a county. The
policy marks the buyer types every scenario must address (`emergency_required`); a scenario names
an authority for each of them, or lists the buyer type under `not_covered` with the reason (a
flood plan for state data centres does not concern school districts). Naming a buyer type both as
covered and as not covered is a contradiction.

FAIL:
    authorities:
      - {buyer_type: state_agency, authority: state_agency_emergency}
    # local_government and school_district are required, and neither covered nor explained

PASS:
    authorities:
      - {buyer_type: state_agency, authority: state_agency_emergency}
      - {buyer_type: local_government, authority: local_government_emergency}
    not_covered:
      - {buyer_type: school_district, reason: Schools run no system this scenario concerns}

Fix: Add an authority for the buyer type, or list it under `not_covered` with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "emergency-coverage"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = [b for b in policy.buyer_types.values() if b.emergency_required]
    for scenario in catalog.scenarios.values():
        covered = set(scenario.buyer_types)
        excused = {
            item["buyer_type"]: index for index, item in enumerate(scenario.data.get("not_covered") or ())
        }
        for buyer in required:
            if buyer.id not in covered and buyer.id not in excused:
                yield at_entry(
                    scenario,
                    "/authorities",
                    ID,
                    f"the scenario names no emergency authority for {buyer.label.lower()} ({buyer.id}), "
                    "which the policy expects every scenario to cover",
                    f"add an authority for {buyer.id}, or list it under `not_covered` with the reason",
                )
        for buyer_type, index in excused.items():
            if buyer_type in covered:
                yield at_entry(
                    scenario,
                    f"/not_covered/{index}",
                    ID,
                    f"{buyer_type} is listed as not covered, but the scenario names an authority for it",
                    "remove one of the two",
                )
