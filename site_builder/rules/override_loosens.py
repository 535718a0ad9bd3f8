"""A tightening only tightens: an award's terms its vehicle's, a solution's overrides its contract's.

A vehicle's common terms were negotiated and signed once for every award under it; an award may
promise more for its vendor's orders, never less. A contract's terms (for an award, the vehicle's
with the award's on top) were approved once; a catalog entry may promise more for one solution,
never less. Every field an award or an override states is compared with the value it replaces
using the terms vocabulary's direction (which way protects the purchaser) and meaning of silence
(a cap's fixed amount counts only under a basis that uses one).

FAIL:
    # contract: confirmed_breach_hours: 24
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 72}

PASS:
    # contract: confirmed_breach_hours: 72
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 24}

Fix: Remove the loosening; only the vehicle (or, for an override, the contract) can be amended to
loosen a term.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import terms
from ..advice import remove
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "override-loosens"
LEVEL = Level.ERROR
FAMILY = "terms"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    currency = policy.currency
    for award in catalog.contracts.values():
        vehicle = award.vehicle
        if vehicle is None or not award.own_terms:
            continue
        # carve-outs add to the vehicle's, so the award's value is read from its merged terms
        for path, old, new in _loosened(award.own_terms, vehicle.terms, award.terms):
            yield at_entry(
                award,
                "/terms/" + path.replace(".", "/"),
                ID,
                f"{terms.label_for(path)} is {terms.format_value(path, old, currency)} in the common "
                f'terms of vehicle "{vehicle.id}"; the award ({terms.format_value(path, new, currency)}) '
                "would loosen it",
                "remove it from the award's terms; only the vehicle's terms can be amended to loosen it",
                path,
            )
    for solution in catalog.solutions.values():
        overrides = solution.overrides
        if not overrides:
            continue
        for offering in solution.offerings:
            contract = catalog.contracts.get(offering.contract_id)
            if contract is None:
                continue
            for path, old, new in _loosened(overrides, contract.terms, offering.effective_terms):
                yield at_entry(
                    solution,
                    "/terms_overrides/" + path.replace(".", "/"),
                    ID,
                    f"{terms.label_for(path)} is {terms.format_value(path, old, currency)} "
                    f'under contract "{contract.id}"; the override '
                    f"({terms.format_value(path, new, currency)}) would loosen it",
                    remove(
                        "/terms_overrides/" + path.replace(".", "/"),
                        "remove the override; only the contract can be amended to loosen a term",
                    ),
                    path,
                )


def _loosened(
    stated: Mapping[str, Any], base: Mapping[str, Any], merged: Mapping[str, Any]
) -> Iterator[tuple[str, Any, Any]]:
    """Each field `stated` on top of `base` that `merged` (the two together) leaves looser, with
    the value it replaces and the value it becomes."""
    for path, _ in terms.iter_leaves(stated):
        if terms.compare_terms(path, base, merged) < 0:
            yield path, terms.get(base, path), terms.get(merged, path)
