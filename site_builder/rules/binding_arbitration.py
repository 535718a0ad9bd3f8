"""Disputes do not go to binding arbitration.

Binding arbitration takes a public body's disputes out of public courts and away from appeal; many
jurisdictions may not agree to it.  When the policy sets `forbid_binding_arbitration`, no contract
may impose it.

FAIL:
    terms:
      governing_law: {law: US-NY, binding_arbitration: true}

PASS:
    terms:
      governing_law: {law: US-NY, binding_arbitration: false}

Fix: Set `binding_arbitration: false`; binding arbitration cannot be imposed on the state.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import term_hint
from ..policy.scope import forbidden_flag
from ..problems import Level, Problem

ID = "binding-arbitration"
LEVEL = Level.ERROR
FAMILY = "terms"
_PATH = "governing_law.binding_arbitration"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (_PATH,) if policy.sets("governing_law", "forbid_binding_arbitration") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if policy.section("governing_law").get("forbid_binding_arbitration"):
        yield from forbidden_flag(
            catalog,
            _PATH,
            ID,
            "disputes go to binding arbitration, which the policy forbids",
            term_hint(_PATH, False),
        )
