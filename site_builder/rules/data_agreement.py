"""A solution holding regulated data has the agreements the policy requires for that data.

Some data comes with its own law: criminal justice information needs the CJIS Security Addendum
signed with the state's CJIS Systems Agency, health records a HIPAA business associate agreement,
federal tax information the IRS Publication 1075 safeguards, card data a PCI DSS attestation of
compliance. The policy maps each kind (`credentials.required_for_regulated_data`) to what it
needs, for every category: an on-site response team handling criminal justice information signs
the CJIS addendum even though it holds no cloud authorization. Only what is current counts; one
that time has lapsed since (a PCI attestation's evidence grown too old, an agreement past its end)
is a lapse (see `lapses.py`), a warning in the nightly build with the solution shown as not
currently orderable.

FAIL:
    data: {max_classification: restricted, regulated: [cji]}
    attestations: []

PASS:
    data: {max_classification: restricted, regulated: [cji]}
    attestations:
      - {type: cjis_security_addendum, signed: "2025-06-02", parties: [Vendor, State CJIS Systems Agency], evidence: ...}

Fix: Record the signed agreement (or attestation) with its date, parties and evidence; or, if the
solution is not approved for that data, remove it from `data.regulated`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..credentials import holds, lapse_day, standings
from ..model import Catalog
from ..policy import Policy
from ..policy.credential_classes import REGULATED_DATA, credential_words
from ..policy.findings import Advice, at_entry
from ..problems import Change, Level, Problem

ID = "data-agreement"
LEVEL = Level.ERROR
FAMILY = "terms"
# Its findings ask for a field (`asks`) and never carry a fix (see rulebook.Rule.fixes).
FIXES = False


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = policy.section("credentials").get("required_for_regulated_data") or {}
    if not required:
        return
    classes = policy.authorization_classes
    for solution in catalog.solutions.values():
        kinds = solution.data["data"].get("regulated") or []
        if not kinds:
            continue
        held = standings(solution, policy, catalog.today)
        for index, kind in enumerate(kinds):
            for name in required.get(kind, []):
                if holds(held, name, classes, current=True):
                    continue
                had = holds(held, name, classes, current=False)
                words = credential_words(name, classes)
                yield at_entry(
                    solution,
                    f"/data/regulated/{index}",
                    ID,
                    f"the solution may hold {REGULATED_DATA.get(kind, kind)}, which needs a {words}, "
                    + ("and the one recorded has lapsed" if had else "and none is recorded"),
                    "record the renewed one"
                    if had
                    else Advice(
                        f"add it under `attestations:` (type: {name}) with its date, parties and evidence",
                        asks=(Change("add", "/attestations", {"type": name}),),
                    ),
                    "credentials",
                    lapsed=lapse_day(held, [[name]], classes),
                )
