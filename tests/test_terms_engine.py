"""The terms engine over the whole vocabulary: every field is described, silence has a meaning,
and `compare` is antisymmetric for every pair of values the schemas allow."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from termdomain import PROFILE, leaf_schemas, optional

from site_builder import terms, vocabulary
from site_builder.term_order import Verdict

PATHS = sorted(leaf_schemas())


def test_every_term_the_schema_allows_is_in_the_vocabulary_and_nothing_else() -> None:
    missing = [path for path in PATHS if terms.field_for(path) is None]
    assert not missing, f"add these to site_builder/vocabulary.py FIELDS: {missing}"
    patterns = [*vocabulary.FIELDS]
    unused = [
        pattern
        for pattern in patterns
        if not any(terms.field_for(path) is vocabulary.FIELDS[pattern] for path in PATHS)
    ]
    assert not unused, f"FIELDS entries no schema path uses: {unused}"
    assert {path.split(".")[0] for path in PATHS} == set(vocabulary.FAMILIES)


@pytest.mark.parametrize("path", PATHS)
def test_every_field_says_what_silence_means_and_why(path: str) -> None:
    field = terms.field_for(path)
    assert field is not None
    assert field.label
    assert field.absent.words
    assert len(field.absent.reason.split()) >= 5, "a one-line reason, in words"
    assert "\n" not in field.absent.reason
    assert terms.format_value(path, None).startswith("not stated")
    # editors show the schema's description on hover: it says the same, from this table
    description = leaf_schemas()[path].get("description", "")
    if not path.endswith(".section"):
        assert description.endswith(f"Not stated: {field.absent.words} ({field.absent.reason})."), description


@pytest.mark.parametrize("path", PATHS)
@settings(PROFILE, max_examples=60)
@given(data=st.data())
def test_compare_is_antisymmetric_and_reflexive(path: str, data: st.DataObject) -> None:
    schema = leaf_schemas()[path]
    old, new = data.draw(optional(schema)), data.draw(optional(schema))
    forward, backward = terms.compare(path, old, new), terms.compare(path, new, old)
    assert forward is backward.reversed(), (old, new, forward, backward)
    assert terms.compare(path, old, old) is Verdict.SAME
    assert terms.meets(path, new, old) == (forward in (Verdict.TIGHTENED, Verdict.SAME))


@pytest.mark.parametrize("path", PATHS)
@settings(PROFILE, max_examples=60)
@given(data=st.data())
def test_compare_is_transitive_for_tightening(path: str, data: st.DataObject) -> None:
    """If b is tighter than a and c tighter than b, c is tighter than a: a chain of overrides
    cannot add up to a loosening."""
    schema = leaf_schemas()[path]
    a, b, c = (data.draw(optional(schema)) for _ in range(3))
    if terms.compare(path, a, b) is Verdict.TIGHTENED and terms.compare(path, b, c) is Verdict.TIGHTENED:
        assert terms.compare(path, a, c) is Verdict.TIGHTENED


@pytest.mark.parametrize(
    ("path", "old", "new", "verdict"),
    [
        # the case that passed as "tightened": a cap where there was none
        ("indemnification.data_breach_costs.cap_per_record", None, 1, Verdict.LOOSENED),
        ("indemnification.data_breach_costs.cap_per_record", 217, 500, Verdict.TIGHTENED),
        ("limitation_of_liability.fixed_amount", None, 5_000_000, Verdict.LOOSENED),
        ("limitation_of_liability.basis", None, "multiple_of", Verdict.LOOSENED),
        ("limitation_of_liability.basis", "fixed_amount", "multiple_of", Verdict.UNRANKED),
        ("limitation_of_liability.basis", "fixed_amount", "greater_of", Verdict.TIGHTENED),
        # unknown notice: any stated time is tighter
        ("data_protection.breach_notification.confirmed_breach_hours", None, 8000, Verdict.TIGHTENED),
        ("data_protection.breach_notification.confirmed_breach_hours", 24, 72, Verdict.LOOSENED),
        # protections not stated are not granted; clauses against the purchaser not stated do not bind
        ("data_protection.encryption_at_rest", None, False, Verdict.SAME),
        ("data_protection.encryption_at_rest", None, True, Verdict.TIGHTENED),
        ("governing_law.binding_arbitration", None, False, Verdict.SAME),
        ("governing_law.binding_arbitration", None, True, Verdict.LOOSENED),
        ("indemnification.purchaser_indemnifies_vendor", None, True, Verdict.LOOSENED),
        # data anywhere unless a list says where
        ("data_protection.data_locations", None, ["US", "CA"], Verdict.TIGHTENED),
        ("data_protection.data_locations", ["US"], ["US", "CA"], Verdict.LOOSENED),
        ("data_protection.data_locations", ["US"], ["CA"], Verdict.UNRANKED),
        ("limitation_of_liability.carve_outs", None, ["fraud"], Verdict.TIGHTENED),
        (
            "limitation_of_liability.carve_outs",
            ["fraud", "data_breach"],
            ["data_breach", "fraud"],
            Verdict.SAME,
        ),
        # a rating is better only when letter and size both are
        ("insurance.carrier_min_am_best", "A- VII", "A VI", Verdict.UNRANKED),
        ("insurance.carrier_min_am_best", "A- VII", "A VIII", Verdict.TIGHTENED),
        ("insurance.carrier_min_am_best", None, "B- I", Verdict.TIGHTENED),
        ("insurance.coverages.crime.per_claim", None, 0, Verdict.TIGHTENED),
        ("governing_law.law", "US-NY", "US-DE", Verdict.UNRANKED),
        ("governing_law.law", None, "US-NY", Verdict.UNRANKED),
        ("escrow.agent", "A", "B", Verdict.SAME),
        ("termination.transition_assistance_days", None, 0, Verdict.SAME),
        # values outside the field's domain are never ranked
        ("data_protection.data_return_days", 30, "30", Verdict.UNRANKED),
        ("data_protection.data_return_days", True, 30, Verdict.UNRANKED),
        ("data_protection.data_locations", None, 7, Verdict.UNRANKED),
        ("no_such_family.field", 1, 2, Verdict.UNRANKED),
    ],
)
def test_absence_and_direction(path: str, old: Any, new: Any, verdict: Verdict) -> None:
    assert terms.compare(path, old, new) is verdict
    assert terms.compare(path, new, old) is verdict.reversed()


def test_words_for_silence_and_for_items() -> None:
    assert terms.format_value("indemnification.data_breach_costs.cap_per_record", None) == (
        "not stated (no cap: unlimited)"
    )
    assert terms.format_value("governing_law.law", None) == "not stated"
    changes = terms.item_changes(
        "limitation_of_liability.carve_outs", ["fraud", "willful_misconduct"], ["fraud", "gross_negligence"]
    )
    assert changes is not None
    assert [(c.text, c.verdict) for c in changes] == [
        ("carve-out added: gross negligence", Verdict.TIGHTENED),
        ("carve-out removed: willful misconduct", Verdict.LOOSENED),
    ]
    assert terms.item_changes("data_protection.data_locations", None, ["US"]) is None  # "anywhere" is no list


def test_merge_adds_carve_outs_and_replaces_the_rest() -> None:
    base = {
        "limitation_of_liability": {"carve_outs": ["fraud"]},
        "data_protection": {"data_locations": ["US", "CA"]},
    }
    overrides = {
        "limitation_of_liability": {"carve_outs": ["data_breach"]},
        "data_protection": {"data_locations": ["US"]},
    }
    assert terms.merge(base, overrides) == {
        "limitation_of_liability": {"carve_outs": ["fraud", "data_breach"]},
        "data_protection": {"data_locations": ["US"]},
    }
