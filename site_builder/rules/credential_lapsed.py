"""A credential that has lapsed is reported (a warning; it no longer counts).

An authorization lapses when its program suspends or revokes it, or when its last continuous-
monitoring date is older than the policy allows (`credentials.max_monitoring_age_days`); it has
no expiry date of its own. A certificate or agreement lapses when it expires, an audit report or
PCI attestation when its evidence is older than the policy allows. A vendor's socio-economic
certification lapses when it expires. The site shows each as lapsed, and the solution no longer
meets a requirement that needs it. A warning, and a lapse when time lapsed it (see `lapses.py`):
whether the solution can still be ordered is for the rules that need the credential to say
(`security-credential`, `data-agreement`, `scenario-requirements`).

FAIL:
    authorizations:
      - {program: fedramp, level: moderate, status: authorized,
         last_continuous_monitoring: "2026-01-31", evidence: ...}   # checked on 2026-11-25

PASS:
    authorizations:
      - {program: fedramp, level: moderate, status: authorized,
         last_continuous_monitoring: "2026-10-31", evidence: ...}

Fix: Record the newer monitoring date, the renewed certificate or report, or the new agreement;
or remove the credential.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..credentials import standings
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "credential-lapsed"
LEVEL = Level.WARNING
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        for standing in standings(solution, policy, catalog.today):
            if standing.lapsed:
                field = "/status" if standing.withdrawn else _dated_field(standing.kind, standing.type)
                yield at_entry(
                    solution,
                    standing.pointer + field,
                    ID,
                    f"the {standing.name} has lapsed: {standing.reason}",
                    "record the renewed credential or remove it",
                    level=LEVEL,
                    lapsed=standing.lapsed_on,
                )
    for vendor in catalog.vendors.values():
        for position, cert in enumerate(vendor.data.get("socio_economic", [])):
            if date.fromisoformat(cert["expires"]) < catalog.today:
                yield at_entry(
                    vendor,
                    f"/socio_economic/{position}/expires",
                    ID,
                    f"the {cert['type']} certification expired on {cert['expires']}",
                    "add the renewed dates or remove it",
                    level=LEVEL,
                    lapsed=date.fromisoformat(cert["expires"]) + timedelta(days=1),
                )


def _dated_field(kind: str, attestation: str) -> str:
    if kind == "authorization":
        return "/last_continuous_monitoring"
    return {"soc2_type2": "/period_end", "pci_dss_aoc": "/assessed"}.get(attestation, "/expires")
