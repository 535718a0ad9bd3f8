"""The entry has the fields its kind's schema requires, with allowed values.

The JSON Schemas in schema/ say what a vendor, contract, solution or scenario may say and in what
shape; everything else in the catalog relies on that shape.  Raised after the file is parsed.

FAIL:
    risk_tier: severe

PASS:
    risk_tier: high

Fix: Use the fields and values the message lists.
"""

from __future__ import annotations

from ..problems import Level

ID = "schema"
LEVEL = Level.ERROR
FAMILY = "schema"
