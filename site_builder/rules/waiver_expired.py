"""A waiver in the terms policy has passed its expiry date.

A waiver is a dated exception a procurement officer grants; once it expires, the finding it
covered counts again, and the stale waiver itself is reported so it is renewed or removed.
Raised when the policy's waivers are applied.

FAIL:
    waivers:
      - {entry: solutions/x, rule: insurance-minimum, expires: "2025-01-01", …}

PASS:
    waivers:
      - {entry: solutions/x, rule: insurance-minimum, expires: "2027-06-01", …}

Fix: Renew the waiver with a new approval, or remove it and fix the entry.
"""

from __future__ import annotations

from ..problems import Level

ID = "waiver-expired"
LEVEL = Level.ERROR
FAMILY = "policy"
