"""Data is encrypted at rest and in transit.

Encryption keeps a lost disk or an intercepted connection from becoming a breach.  When the
policy sets `require_encryption_at_rest_and_in_transit`, both must be promised for every solution
holding data the policy protects.

FAIL:
    terms:
      data_protection: {encryption_at_rest: false}

PASS:
    terms:
      data_protection: {encryption_at_rest: true, encryption_in_transit: true}

Fix: Set `encryption_at_rest: true` and `encryption_in_transit: true`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_offering, override_hint
from ..policy.scope import holding_data, holding_why
from ..problems import Level, Problem

ID = "encryption"
LEVEL = Level.ERROR
FAMILY = "terms"
_FIELDS = (("encryption_at_rest", "at rest"), ("encryption_in_transit", "in transit"))


def terms_read(policy: Policy) -> tuple[str, ...]:
    if not policy.sets("data_protection", "require_encryption_at_rest_and_in_transit"):
        return ()
    return tuple(f"data_protection.{key}" for key, _ in _FIELDS)


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if not policy.section("data_protection").get("require_encryption_at_rest_and_in_transit"):
        return
    for solution, offering, protection in holding_data(catalog, policy):
        for key, words in _FIELDS:
            if not terms.meets(f"data_protection.{key}", protection.get(key), True):
                path = f"data_protection.{key}"
                yield at_offering(
                    solution,
                    offering,
                    path,
                    ID,
                    f"data is not required to be encrypted {words}{holding_why(solution)}",
                    override_hint(path, True, policy.currency),
                )
