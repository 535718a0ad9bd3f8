"""Which kinds of entry the contribute pages have a form for: every kind with a published schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import SINGULAR
from ..validate import SCHEMA_FILES


def form_kinds(schemas: Mapping[str, Any]) -> list[str]:
    """Every kind of entry with a published schema, in the catalog's order."""
    return [singular for kinds, singular in SINGULAR.items() if SCHEMA_FILES.get(kinds) in schemas]
