"""Insurers are rated at least the policy's A.M. Best minimum.

A policy from an insurer that cannot pay is no insurance.  Contracts require carriers rated at
least the policy's `carrier_min_am_best` (for example "A- VII": financial strength A-, size
class VII).

FAIL:
    terms:
      insurance:
        carrier_min_am_best: B+ VI

PASS:
    terms:
      insurance:
        carrier_min_am_best: A- VII

Fix: Require carriers rated at least the policy's minimum, e.g. `carrier_min_am_best: A- VII`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, term_hint
from ..problems import Level, Problem

ID = "insurance-carrier-rating"
LEVEL = Level.ERROR
FAMILY = "terms"
_PATH = "insurance.carrier_min_am_best"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (_PATH,) if policy.sets("insurance", "carrier_min_am_best") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    minimum = policy.section("insurance").get("carrier_min_am_best")
    if not minimum:
        return
    for contract in catalog.contracts.values():
        rating = terms.get(contract.terms, _PATH)
        if not terms.meets("insurance.carrier_min_am_best", rating, minimum):  # letter and size both
            shown = f'"{rating}"' if rating else "not stated"
            yield at_contract_term(
                contract,
                _PATH,
                ID,
                f"minimum insurer rating is {shown}; the policy requires {minimum}",
                term_hint(_PATH, minimum, "or better"),
            )
