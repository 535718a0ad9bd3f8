"""A data-breach cap (super-cap) is at least the general liability cap.

A super-cap is a separate, higher limit for what a data breach costs (notification, credit
monitoring, forensics, regulators' fines, third parties' claims): the general cap is often a
multiple of the fees, far below a breach's cost. A "super-cap" below the general cap would not be
one, so each contract's terms (its vehicle's common terms with the award's) are checked: against a
general cap by a multiple, the super-cap states a multiple at least as high; against a fixed cap,
an amount at least as high; against "the greater of", both. Where liability is not capped at
all, a data-breach cap would limit it. Where the data breach is carved out of the cap (uncapped),
the super-cap no longer limits anything and is not checked; on a solution whose override raises
the general cap above the super-cap, the higher of the two applies.

FAIL:
    limitation_of_liability:
      basis: multiple_of
      multiple: 2
      multiple_of: annual_fees
      data_breach_cap: 3000000   # a fixed amount cannot be shown to exceed twice the fees

PASS:
    limitation_of_liability:
      basis: multiple_of
      multiple: 2
      multiple_of: annual_fees
      data_breach_cap_multiple: 4

Fix: State the super-cap on the general cap's basis (a multiple of the same value, a fixed amount,
or both for "the greater of"), each at least the general cap's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term
from ..problems import Level, Problem

ID = "data-breach-cap"
LEVEL = Level.ERROR
FAMILY = "terms"
AMOUNT = "limitation_of_liability.data_breach_cap"
MULTIPLE = "limitation_of_liability.data_breach_cap_multiple"


def shortfalls(cap: Mapping[str, Any], currency: str) -> list[tuple[str, str, str]]:
    """(term path, what is wrong, what to do) for a super-cap below the general cap."""
    amount, multiple = cap.get("data_breach_cap"), cap.get("data_breach_cap_multiple")
    if amount is None and multiple is None:
        return []
    basis = cap.get("basis") or "unlimited"
    if basis == "unlimited":
        return [
            (
                MULTIPLE if multiple is not None else AMOUNT,
                "data-breach cap would limit a liability that is otherwise not capped",
                "remove the data-breach cap, or state the general cap it sits above",
            )
        ]
    if "data_breach" in (cap.get("carve_outs") or []):
        return []  # uncapped: the super-cap no longer limits anything
    found = []
    if basis in ("multiple_of", "greater_of") and cap.get("multiple") is not None:
        general = cap["multiple"]
        if multiple is None:
            found.append(
                (
                    AMOUNT,
                    (
                        "data-breach cap is a fixed amount, which cannot be shown to be at least the "
                        f"general cap of {general:g}× {_of(cap)}"
                    ),
                    f"state `data_breach_cap_multiple:` of at least {general:g}",
                )
            )
        elif multiple < general:
            found.append(
                (
                    MULTIPLE,
                    f"data-breach cap ({multiple:g}×) is below the general cap ({general:g}× {_of(cap)})",
                    f"raise `data_breach_cap_multiple` to at least {general:g}",
                )
            )
    if basis in ("fixed_amount", "greater_of") and cap.get("fixed_amount") is not None:
        general_amount = cap["fixed_amount"]
        shown = terms.format_money(general_amount, currency)
        if amount is None:
            found.append(
                (
                    MULTIPLE,
                    (
                        "data-breach cap is a multiple, which cannot be shown to be at least the "
                        f"general cap's fixed {shown}"
                    ),
                    f"state `data_breach_cap:` of at least {general_amount}",
                )
            )
        elif amount < general_amount:
            found.append(
                (
                    AMOUNT,
                    (
                        f"data-breach cap ({terms.format_money(amount, currency)}) is below the "
                        f"general cap ({shown})"
                    ),
                    f"raise `data_breach_cap` to at least {general_amount}",
                )
            )
    return found


def _of(cap: Mapping[str, Any]) -> str:
    return str(cap.get("multiple_of") or "the base value").replace("_", " ")


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for contract in catalog.contracts.values():
        cap = contract.terms.get("limitation_of_liability")
        if not isinstance(cap, Mapping):
            continue
        for path, message, hint in shortfalls(cap, policy.currency):
            yield at_contract_term(contract, path, ID, message, hint)
