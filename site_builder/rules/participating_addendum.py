"""A contract another state awarded has a participating addendum in force for this jurisdiction
(a warning: without one its buyers cannot order under it).

A cooperative contract led by another state binds this jurisdiction's buyers only once a
participating addendum is signed for them: by the state for its buyer types, or by one entity for
itself. Until then, or once the addendum has ended, the site says the contract cannot be used by
this jurisdiction's buyers. When every addendum signed for this jurisdiction has ended, time alone
has closed the contract to all of them: that is a lapse (see `lapses.py`), reported at error level
and so shown as a warning in the nightly build, with the contract (and the solutions offered only
under it) shown as not currently orderable; a change to the contract's file must renew it.

FAIL:
    issuing_authority: {name: Northwood Purchasing (fictional), jurisdiction: US-XN}
    eligibility:
      buyer_types: [state_agency]
      participating_addenda: []          # none for this jurisdiction (US-XE)

PASS:
    issuing_authority: {name: Northwood Purchasing (fictional), jurisdiction: US-XN}
    eligibility:
      buyer_types: [state_agency]
      participating_addenda:
        - {party: State of Example, jurisdiction: US-XE, signed_by: Chief Procurement Officer,
           signed: "2025-03-01", buyer_types: [state_agency]}

Fix: Record the participating addendum this jurisdiction (or an entity in it) signed, with its
date and the buyer types it opens the contract to; or leave the contract out of the catalog until
one is signed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..eligibility import OTHER_STATE, addenda, origin
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "participating-addendum"
LEVEL = Level.WARNING
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    code = policy.jurisdiction_code
    where = policy.data.get("jurisdiction") or code
    for contract in catalog.contracts.values():
        if origin(contract, policy) != OTHER_STATE:
            continue
        own = [a for a in addenda(contract) if a.jurisdiction == code]
        if not own:
            yield at_entry(
                contract,
                "/eligibility",
                ID,
                f"the contract was awarded by {policy.law_name(contract.issuing_authority['jurisdiction'])} "
                f"and has no participating addendum for {where}: its buyers cannot order under it",
                f"add the addendum signed for {code} under `eligibility.participating_addenda`",
                level=LEVEL,
            )
            continue
        today = catalog.today
        ended = [a for a in own if a.expires is not None and a.expires < today]
        closed = len(ended) == len(own)  # time has ended every addendum signed here
        for addendum in own:
            if not addendum.in_force(today):
                when = (
                    f"ended on {addendum.expires.isoformat()}"
                    if addendum.expires and addendum.expires < catalog.today
                    else f"takes effect on {addendum.signed.isoformat()}"
                )
                yield at_entry(
                    contract,
                    f"/eligibility/participating_addenda/{addendum.index}",
                    ID,
                    f"the participating addendum signed by {addendum.party} {when}; "
                    "its buyers cannot order under it meanwhile",
                    "record the renewed addendum, or its new dates",
                    level=Level.ERROR if closed else LEVEL,
                    lapsed=addendum.expires + timedelta(days=1)
                    if addendum.expires is not None and addendum.expires < today
                    else None,
                )
