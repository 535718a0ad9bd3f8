"""Scenario requirements and security credentials, judged on the real catalogs: every term the
demo states gets exactly the bounds its direction allows, and credentials lapse by their own rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from site_builder import terms
from site_builder.credentials import add_months, holds, standings
from site_builder.pipeline import check, open_project
from site_builder.requirements import BOUNDS_BY_DIRECTION, NEEDS, check_offering, judge, specs, understand
from site_builder.term_order import Free

from conftest import REPO

AS_OF = date(2026, 11, 25)
SOLUTION = "catalog/solutions/acme-case-manager.yaml"
ALL_BOUNDS = ("min", "max", "equals", "includes", "present")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _sample(value: Any, kind: str = "equals") -> Any:
    """A bound value of the right shape for a stated term value: `includes` takes one item."""
    return value[:1] if isinstance(value, list) and kind == "includes" else value


def test_every_term_the_demo_states_takes_the_bounds_its_direction_allows() -> None:
    policy = open_project(REPO).policy
    result = check(REPO, today=AS_OF)
    stated = {
        path: value
        for contract in result.catalog.contracts.values()
        for path, value in terms.iter_leaves(contract.terms)
        if not path.endswith("section")
    }
    assert len(stated) > 40
    judged = 0
    for path, value in sorted(stated.items()):
        field = terms.field_for(path)
        assert field is not None, path
        accepted = [kind for kind in ALL_BOUNDS if understand(path, {kind: _sample(value, kind)}, policy)[0]]
        if isinstance(field.order, Free):
            assert accepted == ["present"], path  # informational: it can only be required stated
            continue
        spec, _ = understand(path, {"present": True}, policy)
        assert spec is not None, path
        allowed = set(BOUNDS_BY_DIRECTION[spec.direction])
        assert set(accepted) <= allowed, (path, accepted)
        for kind in set(ALL_BOUNDS) - allowed:
            found, reason = understand(path, {kind: _sample(value, kind)}, policy)
            assert found is None, (path, kind)
            assert reason, (path, kind)
        # the contract's own value always meets a requirement of exactly that value
        for kind in accepted:
            assert judge(understand(path, {kind: _sample(value, kind)}, policy)[0], value), (path, kind)  # type: ignore[arg-type]
        judged += 1
    assert judged > 30


@pytest.mark.parametrize(
    ("path", "bound", "actual", "met"),
    [
        ("data_protection.breach_notification.confirmed_breach_hours", {"max": 24}, 24, True),
        ("data_protection.breach_notification.confirmed_breach_hours", {"max": 24}, 72, False),
        ("data_protection.breach_notification.confirmed_breach_hours", {"max": 24}, None, False),
        ("insurance.coverages.cyber_privacy_liability.per_claim", {"min": 5000000}, 10000000, True),
        ("insurance.coverages.cyber_privacy_liability.per_claim", {"min": 5000000}, 2000000, False),
        ("insurance.coverages.cyber_privacy_liability.per_claim", {"min": 5000000}, None, False),
        ("limitation_of_liability.carve_outs", {"includes": ["data_breach"]}, ["fraud", "data_breach"], True),
        ("limitation_of_liability.carve_outs", {"includes": ["data_breach"]}, ["fraud"], False),
        ("data_protection.data_locations", {"equals": ["US"]}, ["US"], True),
        ("data_protection.data_locations", {"equals": ["US"]}, ["US", "CA"], False),
        ("data_protection.data_ownership", {"equals": "purchaser"}, "shared", False),
        ("accessibility.standard", {"min": "WCAG 2.1 AA"}, "WCAG 2.2 AA", True),
        ("accessibility.standard", {"min": "WCAG 2.1 AA"}, "WCAG 2.0 AA", False),
        ("insurance.carrier_min_am_best", {"min": "A- VII"}, "A VIII", True),
        ("escrow.source_code_escrow", {"present": True}, False, True),
        ("escrow.source_code_escrow", {"present": True}, None, False),
        # what silence means is the vocabulary's: no carve-outs, data anywhere, no cap (unlimited)
        ("limitation_of_liability.carve_outs", {"includes": ["data_breach"]}, None, False),
        ("data_protection.data_locations", {"max": ["US", "CA"]}, ["US"], True),
        ("data_protection.data_locations", {"max": ["US", "CA"]}, ["US", "EU"], False),
        ("data_protection.data_locations", {"max": ["US", "CA"]}, None, False),
        ("limitation_of_liability.fixed_amount", {"min": 5000000}, None, True),
        ("data_protection.encryption_at_rest", {"equals": True}, None, False),
        ("governing_law.binding_arbitration", {"equals": False}, None, True),
        ("insurance.carrier_min_am_best", {"min": "A- VII"}, "A VI", False),
    ],
)
def test_a_term_bound_is_judged_by_the_terms_engine(
    path: str, bound: dict[str, Any], actual: Any, met: bool
) -> None:
    spec, reason = understand(path, bound, open_project(REPO).policy)
    assert spec is not None, reason
    assert judge(spec, actual) is met


def test_needs_and_credentials_are_read_from_the_solution(project: Path) -> None:
    policy = open_project(project).policy
    assert set(NEEDS) >= {
        "emergency.lead_time_hours",
        "emergency.response_time_hours",
        "emergency.surge_capacity",
    }
    requirements = {
        "emergency.response_time_hours": {"max": 2},
        "emergency.lead_time_hours": {"max": 24},
        "emergency.surge_capacity": {"present": True},
        "emergency.around_the_clock": {"equals": True},
        "data.max_classification": {"min": "confidential"},
        "data.regulated": {"includes": ["cji"]},
        "credentials.fedramp_moderate": {"present": True},
        "credentials.soc2_type2": {"present": True},
    }
    found = specs(requirements, policy)
    assert [s.path for s in found] == list(requirements)
    result = check(project, today=AS_OF)
    solution = result.catalog.solutions["acme-case-manager"]
    (offering,) = solution.offerings
    checks = {
        c.spec.path: c for c in check_offering(found, offering.effective_terms, solution, policy, AS_OF)
    }
    assert {path: c.met for path, c in checks.items()} == {
        "emergency.response_time_hours": True,  # 2 h
        "emergency.lead_time_hours": False,  # 48 h
        "emergency.surge_capacity": True,
        "emergency.around_the_clock": False,  # not stated
        "data.max_classification": True,  # confidential
        "data.regulated": False,
        "credentials.fedramp_moderate": True,
        "credentials.soc2_type2": False,
    }
    assert checks["credentials.soc2_type2"].shown == "not held"
    assert checks["emergency.lead_time_hours"].shown == "48 h"
    # a credential that has lapsed since is told apart from one never held: time, not the data
    later = date(2027, 6, 1)  # monitoring last reported 2026-10-30; the policy allows 120 days
    lapsed = {
        c.spec.path: c for c in check_offering(found, offering.effective_terms, solution, policy, later)
    }
    assert not lapsed["credentials.fedramp_moderate"].met
    assert lapsed["credentials.fedramp_moderate"].lapsed
    assert lapsed["credentials.fedramp_moderate"].shown == "lapsed"


def test_an_unknown_path_or_a_misfit_bound_says_what_to_write() -> None:
    policy = open_project(REPO).policy
    cases = {
        (
            "insurance.coverages.cyber.per_claim",
            "min",
        ): "neither a term of the terms vocabulary nor a solution need",
        ("indemnification.cyber.included", "equals"): "neither a term",
        ("emergency.lead_time_hours", "min"): "less protects the buyer here, so ask for a `max`",
        ("limitation_of_liability.fixed_amount", "max"): "more protects the buyer here, so ask for a `min`",
        ("data.max_classification", "max"): "a higher level protects the buyer here, so ask for a `min`",
        (
            "limitation_of_liability.carve_outs",
            "min",
        ): "more items protect the buyer here, so ask for `includes`",
        ("credentials.fedramp_moderate", "equals"): "only be required with `present: true`",
        ("credentials.govramp_moderate", "present"): "not a credential the terms policy knows",
    }
    for (path, kind), words in cases.items():
        value: Any = True if kind in {"present", "equals"} else 1
        spec, reason = understand(path, {kind: value}, policy)
        assert spec is None, (path, kind)
        assert words in reason, (path, kind, reason)
    spec, reason = understand("data.max_classification", {"min": "secret"}, policy)
    assert spec is None
    assert '"secret" is not a value' in reason
    spec, reason = understand("termination.convenience_notice_days", {"max": "thirty"}, policy)
    assert spec is None
    assert "is a number" in reason


def test_authorizations_lapse_by_monitoring_or_withdrawal_and_never_by_an_invented_expiry(
    project: Path,
) -> None:
    policy = open_project(project).policy
    solution = check(project, today=AS_OF).catalog.solutions["acme-case-manager"]
    (standing,) = standings(solution, policy, AS_OF)
    assert standing.kind == "authorization"
    assert standing.until == date(2027, 2, 27)  # last monitoring 2026-10-30 + 120 days
    assert standing.until_words == "continuous monitoring due by"
    assert not standing.lapsed
    assert standing.validity is not None
    assert standing.validity.status.value == "active"
    # monitoring is monthly: "expiring" only once a report is late, 30 days before the limit
    (due,) = standings(solution, policy, date(2027, 1, 20))
    assert due.validity is not None
    assert due.validity.status.value == "active"
    (late,) = standings(solution, policy, date(2027, 2, 1))
    assert late.validity is not None
    assert late.validity.status.value == "expiring"
    (later,) = standings(solution, policy, date(2027, 3, 1))
    assert later.lapsed
    assert "continuous monitoring was last reported on 2026-10-30" in later.reason
    edit(project, SOLUTION, 'last_continuous_monitoring: "2026-10-30", ', "")
    solution = check(project, today=AS_OF).catalog.solutions["acme-case-manager"]
    (undated,) = standings(solution, policy, date(2040, 1, 1))
    assert (undated.until, undated.lapsed) == (None, False)  # nothing dates it: it does not expire


def test_a_revoked_authorization_lapses_from_its_status_date(project: Path, run_cli) -> None:
    """A revocation recorded with its date is a lapse: the nightly run publishes the solution as
    not currently orderable; a change to its file (or --strict) fails until it is resolved."""
    edit(project, SOLUTION, "status: authorized", "status: revoked")
    edit(project, SOLUTION, 'authorized: "2026-01-10"', 'authorized: "2026-11-02"')
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        "has lapsed: the program lists it as revoked since 2026-11-02 (credential-lapsed)" in line
        for line in lines
    ), lines
    (tier,) = [line for line in lines if "(security-credential)" in line]
    assert "[warning] no current security credential" in tier
    named = run_cli("-C", project, "validate", "--format", "parsable", project / SOLUTION)
    assert named.exit_code == 1
    assert any("[error] no current security credential" in line for line in named.output.splitlines())
    policy = open_project(project).policy
    result_ = check(project, today=AS_OF)
    assert [lapse.since for lapse in result_.standing["solutions/acme-case-manager"]] == [date(2026, 11, 2)]
    held = standings(result_.catalog.solutions["acme-case-manager"], policy, AS_OF)
    assert holds(held, "fedramp_moderate", policy.authorization_classes, current=False)
    assert not holds(held, "fedramp_moderate", policy.authorization_classes, current=True)


def test_a_revocation_without_a_date_is_an_error(project: Path, run_cli) -> None:
    edit(project, SOLUTION, "status: authorized", "status: revoked")
    edit(project, SOLUTION, 'authorized: "2026-01-10", ', "")
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 1
    assert any("[error] no current security credential" in line for line in result.output.splitlines())


@pytest.mark.parametrize(
    ("attestation", "until", "words"),
    [
        (
            '{type: soc2_type2, period_start: "2025-07-01", period_end: "2026-06-30", auditor: A, evidence: {description: Report}}',
            date(2027, 9, 30),
            "evidence too old after",
        ),
        (
            '{type: iso27001, issued: "2024-01-02", expires: "2027-01-01", certification_body: B, evidence: {description: Certificate}}',
            date(2027, 1, 1),
            "expires",
        ),
        (
            '{type: pci_dss_aoc, assessed: "2026-01-31", auditor: Q, evidence: {description: AoC}}',
            date(2027, 4, 30),
            "evidence too old after",
        ),
        (
            '{type: cjis_security_addendum, signed: "2025-01-01", parties: [Acme, CSA], evidence: {description: Addendum}}',
            None,
            "",
        ),
    ],
)
def test_attestations_lapse_by_expiry_or_evidence_age(
    project: Path, attestation: str, until: date | None, words: str
) -> None:
    edit(project, SOLUTION, "accessibility:", f"attestations:\n  - {attestation}\naccessibility:")
    policy = open_project(project).policy
    solution = check(project, today=AS_OF).catalog.solutions["acme-case-manager"]
    standing = standings(solution, policy, AS_OF)[-1]
    assert (standing.kind, standing.until, standing.until_words) == ("attestation", until, words)


def test_months_are_added_as_a_calendar_does() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 6, 30), 15) == date(2027, 9, 30)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
