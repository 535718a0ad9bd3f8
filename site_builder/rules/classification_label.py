"""A local data label is one the policy maps to the stated level.

Agencies name their data classes in their own words ("Category 3", "FIPS-199 Moderate"); the
policy maps each label to one of the catalog's four levels.  A label that belongs to another
level means the stated level, which decides the data rules, is probably wrong.

FAIL:
    data: {max_classification: internal, local_label: Category 4}

PASS:
    data: {max_classification: internal, local_label: Category 2}

Fix: Use one of the labels the terms policy lists for that level, or correct the level.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..advice import did_you_mean
from ..model import CLASSIFICATIONS, Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "classification-label"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        label = solution.data["data"].get("local_label")
        if label is None:
            continue
        labels = policy.labels_for(solution.classification)
        if label not in labels:
            owner = next((level for level in CLASSIFICATIONS if label in policy.labels_for(level)), None)
            extra = f' (the policy maps "{label}" to {owner})' if owner else ""
            yield at_entry(
                solution,
                "/data/local_label",
                ID,
                f'the label "{label}" does not belong to {solution.classification}{extra}',
                did_you_mean(label, list(labels), "/data/local_label", "use one of: " + ", ".join(labels))
                if labels and owner is None  # a label of another level is a choice, not a typo
                else "use one of: " + ", ".join(labels)
                if labels
                else "remove the label",
            )
