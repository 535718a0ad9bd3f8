"""Every scenario is signed off by the roles the terms policy names.

A scenario justifies emergency purchases; the policy's `provenance.scenario_sign_off_roles` (for
example the CIO and the chief procurement officer) must each appear in the scenario's `sign_off`
with a name and a date on or before the day of the check.

FAIL:
    # policy: scenario_sign_off_roles: [chief_information_officer, chief_procurement_officer]
    sign_off:
      - {role: chief_information_officer, name: Ari Chen, date: "2026-03-01"}

PASS:
    sign_off:
      - {role: chief_information_officer, name: Ari Chen, date: "2026-03-01"}
      - {role: chief_procurement_officer, name: Dana Ruiz, date: "2026-03-03"}

Fix: Add the missing sign-off with the signer's name and the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "sign-off-missing"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = list(policy.section("provenance").get("scenario_sign_off_roles") or [])
    if not required:
        return
    for scenario in catalog.scenarios.values():
        signed = {
            item["role"]
            for item in scenario.data.get("sign_off") or []
            if date.fromisoformat(item["date"]) <= catalog.today
        }
        missing = [role for role in required if role not in signed]
        if missing:
            words = ", ".join(role.replace("_", " ") for role in missing)
            yield at_entry(
                scenario,
                "/sign_off" if scenario.data.get("sign_off") else "",
                ID,
                f"the scenario is not signed off by: {words} (the terms policy requires "
                f"{', '.join(r.replace('_', ' ') for r in required)}, each dated on or before "
                f"{catalog.today.isoformat()})",
                "add each missing sign-off to `sign_off` with `role`, `name` and `date`",
            )
