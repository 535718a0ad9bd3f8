"""Certifications and socio-economic certifications past their expiry are reported (a warning;
they no longer count).

An expired certificate no longer satisfies the policy's certification rule or a buyer's
set-aside goals; the site shows it as expired.  A warning, and a lapse (time expired it, see
`lapses.py`): whether the solution can still be ordered is the certification rule's to say.

FAIL:
    certifications:
      - {type: iso27001, issued: "2022-01-01", expires: "2025-01-01"}

PASS:
    certifications:
      - {type: iso27001, issued: "2025-01-01", expires: "2028-01-01"}

Fix: Add the renewed certificate's dates, or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "credential-expired"
LEVEL = Level.WARNING
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        for position, cert in enumerate(solution.data.get("certifications", [])):
            if date.fromisoformat(cert["expires"]) < catalog.today:
                yield at_entry(
                    solution,
                    f"/certifications/{position}/expires",
                    ID,
                    f"the {cert['type']} certification expired on {cert['expires']}",
                    "add the renewed dates or remove it",
                    level=LEVEL,
                    lapsed=date.fromisoformat(cert["expires"]) + timedelta(days=1),
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
