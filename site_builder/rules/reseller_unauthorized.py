"""A solution sits under another vendor's contract only through a supply authorization.

A contract's terms bind its holder. When the holder resells another company's product (a statewide
IT reseller, a GSA schedule holder with letters of supply), the contract must record that the
maker authorized it (`supply_authorizations`: which vendor's products, by which signed instrument,
since when). Without one, or outside its dates, the solution is not on the contract at all.

Not the vendor file's `resellers`: those take purchase orders for a vendor's own contracts.

FAIL:
    # solution: vendor: quillon-learning, offered_under: [{contract: keystone-statewide-it}]
    # contract keystone-statewide-it: vendor: keystone-supply, no supply_authorizations

PASS:
    # contract keystone-statewide-it:
    supply_authorizations:
      - vendor: quillon-learning
        since: "2025-01-15"
        instrument: {title: Letter of supply, date: "2025-01-10", url: https://…, signatories: […]}

Fix: Record the maker's authorization under the contract's `supply_authorizations`, or list the
solution under a contract its own vendor holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "reseller-unauthorized"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    today = catalog.today
    for solution in catalog.solutions.values():
        for offering in solution.offerings:
            contract = catalog.contracts.get(offering.contract_id)
            if contract is None or contract.vendor_id == solution.vendor_id:
                continue
            if solution.vendor_id not in catalog.vendors:
                continue  # a vendor that is not in the catalog is the reference rule's to report
            granted = [
                a
                for a in contract.data.get("supply_authorizations") or ()
                if a["vendor"] == solution.vendor_id
            ]
            current = [
                a
                for a in granted
                if date.fromisoformat(a["since"]) <= today
                and (not a.get("until") or date.fromisoformat(a["until"]) >= today)
            ]
            if current:
                continue
            holder = contract.vendor_id
            if granted:
                spans = ", ".join(f"{a['since']} to {a.get('until') or 'open'}" for a in granted)
                message = (
                    f'contract "{contract.id}" is held by {holder}; its authorization to sell '
                    f"{solution.vendor_id}'s products does not hold on {today.isoformat()} ({spans})"
                )
                hint = "record the renewed authorization on the contract, or take the solution off it"
            else:
                message = (
                    f'contract "{contract.id}" is held by {holder}, not {solution.vendor_id}, and records no '
                    f"authorization to sell {solution.vendor_id}'s products"
                )
                hint = (
                    f"add {solution.vendor_id}'s signed authorization (letter of supply) under the contract's "
                    "`supply_authorizations`, or list the solution under a contract its vendor holds"
                )
            yield at_entry(solution, f"/offered_under/{offering.index}/contract", ID, message, hint)
