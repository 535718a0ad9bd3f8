"""Scaffolded 'FILL IN: …' placeholders are all filled in.

`catalog new` writes a placeholder for every value the contributor must supply; one left in place
would publish an instruction as if it were a fact.  Raised while each file's text is checked.

FAIL:
    legal_name: "FILL IN: the company's legal name"

PASS:
    legal_name: Acme Government Solutions, Inc.

Fix: Replace every placeholder with the real value.
"""

from __future__ import annotations

from ..problems import Level

ID = "placeholder"
LEVEL = Level.ERROR
FAMILY = "content"
