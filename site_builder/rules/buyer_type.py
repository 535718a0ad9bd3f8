"""Every buyer type a contract names is one the terms policy defines.

Who may order, which addendum opens a contract to whom and which ordering threshold applies are
all said in the jurisdiction's buyer types (`buyer_types` in the terms policy). A name the policy
does not define would silently open or close the contract to nobody; a threshold or addendum for
a buyer type the contract itself is not open to would never apply.

FAIL:
    eligibility:
      buyer_types: [state_agencies]        # the policy defines state_agency

PASS:
    eligibility:
      buyer_types: [state_agency, local_government]

Fix: Use a buyer type the terms policy lists (see the site's emergency purchasing page), or
ask the policy's owner to add it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import did_you_mean
from ..model import Catalog, Contract
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "buyer-type"
LEVEL = Level.ERROR
FAMILY = "catalog"


def _named(contract: Contract) -> Iterator[tuple[str, str, bool]]:
    """(pointer, buyer type, must be one the contract is open to) for every buyer type it names."""
    section = contract.data["eligibility"]
    for index, name in enumerate(section["buyer_types"]):
        yield f"/eligibility/buyer_types/{index}", name, False
    for position, item in enumerate(contract.data["ordering"].get("thresholds") or ()):
        for index, name in enumerate(item.get("buyer_types") or ()):
            yield f"/ordering/thresholds/{position}/buyer_types/{index}", name, True
    for position, item in enumerate(section.get("participating_addenda") or ()):
        for index, name in enumerate(item["buyer_types"]):
            yield f"/eligibility/participating_addenda/{position}/buyer_types/{index}", name, True


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    known = list(policy.buyer_types)
    for contract in catalog.contracts.values():
        open_to = set(contract.data["eligibility"]["buyer_types"])
        for pointer, name, within in _named(contract):
            if name not in policy.buyer_types:
                yield at_entry(
                    contract,
                    pointer,
                    ID,
                    f'"{name}" is not a buyer type of the terms policy',
                    did_you_mean(name, known, pointer, f"use one of: {', '.join(known)}"),
                )
            elif within and name not in open_to:
                yield at_entry(
                    contract,
                    pointer,
                    ID,
                    f'"{name}" is named here, but the contract is not open to it (`eligibility.buyer_types`)',
                    f"add {name} to `eligibility.buyer_types`, or remove it here",
                )
