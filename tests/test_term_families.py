"""The term families procurement offices asked for: warranties, service levels and credits, ownership
of deliverables, subcontractors, force majeure, insurance endorsements and the data-breach super-cap,
as the policy requires them (`term_requirements`) and as the super-cap rule reads them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from site_builder import terms
from site_builder.model import Catalog
from site_builder.pipeline import check
from site_builder.rules import term_requirement
from site_builder.rules.data_breach_cap import shortfalls

from conftest import make_project

AS_OF = date(2026, 11, 25)
POLICY = "schema/terms-policy.yaml"
CONTRACT = "catalog/contracts/umbrella-software.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("requirement", "why"),
    [
        ("warranties.warranty_years: {min: 1}", "neither a term of the terms vocabulary"),
        ("warranties.warranty_days: {max: 30}", "more protects the buyer here, so ask for a `min`"),
        ("service_levels.critical_response_minutes: {min: 15}", "less protects the buyer here"),
        ("emergency.lead_time_hours: {max: 24}", "is a solution need, not a term"),
        ("warranties.no_malicious_code: {equals: 1}", "is true or false"),
        ("intellectual_property.deliverables_owner: {min: state}", '"state" is not a value of'),
    ],
)
def test_a_term_requirement_that_cannot_be_checked_stops_every_command(
    project: Path, run_cli: Any, requirement: str, why: str
) -> None:
    edit(project, POLICY, "    warranties.no_malicious_code: {equals: true}", f"    {requirement}")
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 2, result.output
    output = result.output + result.stderr
    line = next(line for line in output.splitlines() if "term requirement" in line)
    assert POLICY in output
    assert re.match(r"\s+1\d\d:5 +error", line), line  # the requirement's own line
    assert why in line, line


def test_requirements_by_scope_reach_only_the_solutions_they_name(project: Path) -> None:
    edit(
        project,
        POLICY,
        "    saas: {service_levels.availability_percent: {min: 99.5}}",
        "    saas: {service_levels.availability_percent: {min: 99.95}}\n"
        "  by_risk_tier:\n    low: {warranties.warranty_days: {min: 365}}\n"
        "  by_data_at_least:\n    confidential: {force_majeure.cyber_attacks_excluded: {equals: true}}",
    )
    rules = {"term-requirement", "required-term-missing"}
    found = [p for p in check(project, today=AS_OF).report.problems if p.rule in rules]
    by_file: dict[str, list[str]] = {}
    for problem in found:
        by_file.setdefault(problem.file, []).append(problem.message)
    case_manager = by_file.pop("catalog/solutions/acme-case-manager.yaml")  # saas, moderate, confidential
    assert any("availability" in m and "99.95%" in m and "saas" in m for m in case_manager)
    # the contract is silent on cyber-attacks: one finding on the contract, naming the solution
    assert not any("cyber" in m for m in case_manager)
    (placed,) = by_file.pop(CONTRACT)
    assert "cyber-attack" in placed, placed
    assert "term-requirement requires for 1 solution" in placed, placed
    assert placed.endswith("acme-case-manager"), placed
    low = {"catalog/solutions/acme-desktop-suite.yaml", "catalog/solutions/blue-river-training.yaml"}
    assert set(by_file) == low, by_file
    wanted = 'term "Warranties: warranty period" is 90 days; the policy requires at least 365 days'
    assert all(wanted in m for ms in by_file.values() for m in ms), by_file


def test_requirements_are_found_over_the_catalog_as_for_each_solution_alone(tmp_path: Path) -> None:
    """What applies to a solution is worked out once per category, tier and data: the findings
    over the whole demo catalog are those each solution gets in a catalog of its own."""
    project = make_project(tmp_path / "demo", demo=True)
    edit(
        project,
        POLICY,
        "    saas: {service_levels.availability_percent: {min: 99.5}}",
        "    saas: {service_levels.availability_percent: {min: 99.95}}",
    )
    edit(
        project,
        POLICY,
        "  by_data_at_least:\n",
        "  by_risk_tier:\n    moderate: {service_levels.availability_percent: {min: 99.99}}\n"
        "  by_data_at_least:\n    internal: {warranties.warranty_days: {min: 365}}\n",
    )
    result = check(project, today=AS_OF)
    catalog, policy = result.catalog, result.project.policy
    solutions = list(catalog.solutions.values())
    choices = {(s.category, s.risk_tier, s.classification) for s in solutions}
    assert len(choices) < len(solutions)  # some solutions share what decides their requirements

    def found(within: Catalog) -> list[tuple[str, str, str, str]]:
        checked = term_requirement.check(within, policy)
        return [
            (p.file, p.pointer, p.message, p.hint) for p in checked if p.file.startswith("catalog/solutions/")
        ]

    apart = []
    for solution in solutions:
        alone = Catalog(catalog.today)
        alone.contracts = catalog.contracts
        alone.solutions = {solution.id: solution}
        apart += found(alone)
    assert len({file for file, *_ in apart}) >= 3
    assert sorted(found(catalog)) == sorted(apart)


def test_an_override_meets_a_requirement_its_contract_does_not(project: Path) -> None:
    edit(project, POLICY, "{min: 99.5}}", "{min: 99.95}}")
    assert any(p.rule == "term-requirement" for p in check(project, today=AS_OF).report.problems)
    edit(
        project,
        "catalog/solutions/acme-case-manager.yaml",
        "terms_overrides:\n",
        "terms_overrides:\n  service_levels: {availability_percent: 99.95}\n",
    )
    found = check(project, today=AS_OF).report.problems
    assert not [p for p in found if p.rule == "term-requirement"], found


GENERAL = {"basis": "greater_of", "multiple": 2, "multiple_of": "annual_fees", "fixed_amount": 3000000}


@pytest.mark.parametrize(
    ("cap", "paths", "words"),
    [
        ({**GENERAL, "data_breach_cap_multiple": 4, "data_breach_cap": 10000000}, [], ""),
        ({**GENERAL, "data_breach_cap_multiple": 4}, ["data_breach_cap_multiple"], "fixed $3M"),
        ({**GENERAL, "data_breach_cap": 10000000}, ["data_breach_cap"], "2× annual fees"),
        (
            {**GENERAL, "data_breach_cap_multiple": 1, "data_breach_cap": 2000000},
            ["data_breach_cap_multiple", "data_breach_cap"],
            "below",
        ),
        ({"basis": "fixed_amount", "fixed_amount": 1000000, "data_breach_cap": 1000000}, [], ""),
        ({"basis": "multiple_of", "multiple": 2, "data_breach_cap_multiple": 2.5}, [], ""),
        ({"basis": "unlimited", "data_breach_cap": 9000000}, ["data_breach_cap"], "otherwise not capped"),
        ({"data_breach_cap_multiple": 3}, ["data_breach_cap_multiple"], "otherwise not capped"),
        # carved out: uncapped, so the super-cap no longer limits anything
        ({**GENERAL, "data_breach_cap": 1, "carve_outs": ["data_breach"]}, [], ""),
        (GENERAL, [], ""),
    ],
)
def test_the_super_cap_is_at_least_the_general_cap(cap: dict[str, Any], paths: list[str], words: str) -> None:
    found = shortfalls(cap, "USD")
    assert [path.rsplit(".", 1)[1] for path, _, _ in found] == paths
    assert all(words in message for _, message, _ in found)


def test_a_super_cap_below_the_general_cap_is_found_where_it_was_signed(project: Path) -> None:
    edit(
        project,
        CONTRACT,
        "    fixed_amount: 1000000\n",
        "    fixed_amount: 1000000\n    data_breach_cap: 2000000\n    data_breach_cap_multiple: 1\n",
    )
    edit(project, CONTRACT, "tangible_property_damage, data_breach]", "tangible_property_damage]")
    found = [p for p in check(project, today=AS_OF).report.problems if p.rule == "data-breach-cap"]
    assert [(p.file, p.pointer) for p in found] == [
        (CONTRACT, "/terms/limitation_of_liability/data_breach_cap_multiple")
    ]
    assert "1× is below the general cap (2× annual fees)" in found[0].message.replace("(1×)", "1×")


@pytest.mark.parametrize(
    ("path", "value", "shown"),
    [
        ("service_levels.critical_response_minutes", 15, "15 min"),
        ("service_levels.availability_percent", 99.95, "99.95%"),
        ("service_levels.measurement_period", None, "not stated"),
        ("intellectual_property.embedded_materials_licence", "term_of_contract", "term of contract"),
        ("warranties.remedies", ["re_perform", "refund"], "re-performance of the services, refund"),
        ("insurance.cancellation_notice_days", None, "not stated (none)"),
        ("limitation_of_liability.data_breach_cap_multiple", 4, "4×"),
        ("force_majeure.termination_after_days", None, "not stated (no right stated)"),
    ],
)
def test_new_terms_in_words(path: str, value: Any, shown: str) -> None:
    assert terms.format_value(path, value) == shown


@pytest.mark.parametrize(
    ("path", "old", "new", "verdict"),
    [
        ("service_levels.measurement_period", "quarterly", "monthly", terms.Verdict.TIGHTENED),
        ("service_levels.service_credits_sole_remedy", None, True, terms.Verdict.LOOSENED),
        ("warranties.implied_warranties_disclaimed", True, False, terms.Verdict.TIGHTENED),
        ("insurance.cancellation_notice_days", 30, None, terms.Verdict.LOOSENED),
        ("force_majeure.termination_after_days", None, 60, terms.Verdict.TIGHTENED),
        ("limitation_of_liability.data_breach_cap", None, 5000000, terms.Verdict.TIGHTENED),
        ("intellectual_property.deliverables_owner", "vendor", "purchaser", terms.Verdict.TIGHTENED),
        ("subcontracting.offshore_work_prohibited", True, None, terms.Verdict.LOOSENED),
    ],
)
def test_which_way_the_new_terms_protect_the_purchaser(
    path: str, old: Any, new: Any, verdict: terms.Verdict
) -> None:
    assert terms.compare(path, old, new) is verdict


def test_policy_changes_to_term_requirements_in_words() -> None:
    from site_builder.diff_policy import policy_changes

    old = {
        "term_requirements": {
            "every_contract": {
                "insurance.cancellation_notice_days": {"min": 30},
                "warranties.no_malicious_code": {"equals": True},
            },
            "by_category": {"saas": {"service_levels.availability_percent": {"min": 99.5}}},
        }
    }
    new = {
        "term_requirements": {
            "every_contract": {"insurance.cancellation_notice_days": {"min": 45}},
            "by_category": {"saas": {"service_levels.availability_percent": {"min": 99.0}}},
            "by_data_at_least": {
                "confidential": {"subcontracting.offshore_work_prohibited": {"equals": True}}
            },
        }
    }
    texts = [c.text for c in policy_changes(old, new, "USD", lambda rule: "error")]
    assert texts == [
        "Term requirements: every contract: Warranties: free of malicious code yes no longer required (loosened)",
        "Term requirements: saas solutions: Service levels and credits: availability at least 99.5% → at least 99% (loosened)",
        "Term requirements: every contract: Insurance: notice of cancellation to purchasers at least 30 days → at least 45 days (tightened)",
        (
            "Term requirements: solutions holding confidential data or above: Subcontractors: no subcontracted "
            "work outside the country yes required (tightened)"
        ),
    ]
