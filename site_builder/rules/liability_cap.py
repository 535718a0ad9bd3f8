"""A limitation of liability is recorded, with an allowed basis and amount.

The cap bounds what the purchaser can recover when the vendor fails.  Every contract records one,
on a basis the policy allows (`allowed_bases`), with a multiple at or above `min_multiple` and a
fixed amount at or above `min_fixed_amount`.

FAIL:
    terms:
      limitation_of_liability: {basis: multiple_of, multiple: 0.5, multiple_of: order_value}

PASS:
    terms:
      limitation_of_liability: {basis: multiple_of, multiple: 2, multiple_of: order_value}

Fix: Record the cap: `basis` one of the allowed bases, a `multiple` at or above the policy's
minimum, a `fixed_amount` at or above its minimum.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, term_hint
from ..problems import Level, Problem

ID = "liability-cap"
LEVEL = Level.ERROR
FAMILY = "terms"
_FIELDS = ("basis", "multiple", "multiple_of", "fixed_amount")


def terms_read(policy: Policy) -> tuple[str, ...]:
    if not policy.sets("limitation_of_liability", "allowed_bases"):
        return ()
    return tuple(f"limitation_of_liability.{field}" for field in _FIELDS)


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("limitation_of_liability")
    if not section:
        return
    allowed = section.get("allowed_bases", list(terms.CAP_BASIS_ORDER))
    min_multiple = section.get("min_multiple", 0)
    min_fixed = section.get("min_fixed_amount", 0)
    for contract in catalog.contracts.values():
        cap = contract.terms.get("limitation_of_liability")
        if cap is None:
            yield at_contract_term(
                contract,
                "limitation_of_liability",
                ID,
                "terms have no limitation of liability",
                "add `limitation_of_liability:` with its basis and amount",
            )
            continue
        basis = cap.get("basis")
        if basis is None:
            yield at_contract_term(
                contract,
                "limitation_of_liability.basis",
                ID,
                "limitation of liability does not say how the cap is set",
                "add `basis:` (one of: " + ", ".join(allowed) + ")",
            )
            continue
        if basis not in allowed:
            yield at_contract_term(
                contract,
                "limitation_of_liability.basis",
                ID,
                f'liability cap basis "{basis}" is not accepted by the policy',
                "use one of: " + ", ".join(allowed),
            )
            continue
        if basis in {"multiple_of", "greater_of"}:
            multiple = cap.get("multiple")
            if multiple is None or cap.get("multiple_of") is None:
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.multiple",
                    ID,
                    f"liability cap ({basis.replace('_', ' ')}) does not say "
                    "the multiple and what it is a multiple of",
                    "add `multiple:` and `multiple_of:`",
                )
            elif not terms.meets("limitation_of_liability.multiple", multiple, min_multiple):
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.multiple",
                    ID,
                    f"liability cap is {multiple:g}× {cap['multiple_of'].replace('_', ' ')}"
                    f"; the policy requires at least {min_multiple:g}×",
                    term_hint("limitation_of_liability.multiple", min_multiple, "or more"),
                )
        if basis in {"fixed_amount", "greater_of"}:
            amount = cap.get("fixed_amount")
            if amount is None or not terms.meets("limitation_of_liability.fixed_amount", amount, min_fixed):
                shown = "not stated" if amount is None else terms.format_money(amount, policy.currency)
                yield at_contract_term(
                    contract,
                    "limitation_of_liability.fixed_amount",
                    ID,
                    f"fixed liability cap is {shown}; the policy requires at least "
                    f"{terms.format_money(min_fixed, policy.currency)}",
                    term_hint("limitation_of_liability.fixed_amount", min_fixed, "or more"),
                )
