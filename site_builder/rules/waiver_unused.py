"""A waiver no longer matches any finding (a warning, so stale waivers get removed).

A waiver left behind after its entry was fixed would silently excuse the same finding if it came
back.  Raised when the policy's waivers are applied.

FAIL:
    a waiver for a finding that has since been fixed

PASS:
    a waiver that excuses a finding the entry still has

Fix: Remove the waiver.
"""

from __future__ import annotations

from ..problems import Level

ID = "waiver-unused"
LEVEL = Level.WARNING
FAMILY = "policy"
