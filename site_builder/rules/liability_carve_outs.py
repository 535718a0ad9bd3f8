"""The liability cap carves out what the policy requires.

Some losses must never be limited by the cap: an infringement the vendor must defend, a death or
injury, damaged property, and for confidential data a breach.  Every contract's cap lists the
policy's `required_carve_outs`; a solution holding data at or above a level also needs the
carve-outs listed under `required_carve_outs_when_data_at_least`.  An unlimited cap needs none.

FAIL:
    terms:
      limitation_of_liability:
        basis: fixed_amount
        fixed_amount: 2000000
        carve_outs: [ip_infringement_indemnity]

PASS:
    terms:
      limitation_of_liability:
        basis: fixed_amount
        fixed_amount: 2000000
        carve_outs: [ip_infringement_indemnity, bodily_injury_death, tangible_property_damage]

Fix: List every required carve-out under `carve_outs`; solutions holding confidential data also
need `data_breach`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..advice import commit, term_pointer
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, at_offering, override_hint
from ..policy.gaps import carve_out_gaps
from ..problems import Change, Level, Problem

ID = "liability-carve-outs"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    if policy.sets("limitation_of_liability", "required_carve_outs") or policy.sets(
        "limitation_of_liability", "required_carve_outs_when_data_at_least"
    ):
        return ("limitation_of_liability.carve_outs",)
    return ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = policy.section("limitation_of_liability").get("required_carve_outs", [])
    for contract in catalog.contracts.values():
        for gap in carve_out_gaps(contract.terms, required):
            stated = terms.get(contract.terms, gap.term) or []
            pointer = term_pointer("/terms", gap.term)
            yield at_contract_term(
                contract,
                gap.term,
                ID,
                gap.message,
                commit(
                    "list them as below if the signed contract carves them out, or have the contract amended",
                    *(Change("add", pointer, item) for item in gap.fix if item not in stated),
                ),
            )
    for solution in catalog.solutions.values():
        extra = policy.by_level(
            "limitation_of_liability", "required_carve_outs_when_data_at_least", solution.classification
        )
        if not extra:
            continue
        why = f", which the policy requires for solutions holding {solution.classification} data"
        for offering in solution.offerings:
            for gap in carve_out_gaps(offering.effective_terms, extra, why):
                yield at_offering(
                    solution,
                    offering,
                    gap.term,
                    ID,
                    gap.message,
                    override_hint(gap.term, gap.fix, policy.currency),
                )
