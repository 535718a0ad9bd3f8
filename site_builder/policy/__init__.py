"""The jurisdiction's terms policy: reading it, the helpers rules use to judge terms, and waivers.

The rules themselves are in `site_builder.rules`; nothing here imports them.
"""

from __future__ import annotations

from .config import POLICY_FILE, Policy, Waiver, load_policy, position_of, problem_at
from .waivers import Waiving, apply_waivers

__all__ = [
    "POLICY_FILE",
    "Policy",
    "Waiver",
    "Waiving",
    "apply_waivers",
    "load_policy",
    "position_of",
    "problem_at",
]
