"""The legal model on real projects: the policy's buyer types and authorities, who may order under
a contract, and which emergency authorities a buyer type may use under it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.eligibility import FEDERAL, IN_STATE, OTHER_STATE, eligibility, origin
from site_builder.emergency import federal_rule, routes
from site_builder.pipeline import check, open_project
from site_builder.problems import ConfigError

from conftest import REPO

AS_OF = date(2026, 11, 25)
CONTRACT = "catalog/contracts/umbrella-software.yaml"
POLICY = "schema/terms-policy.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def contract_of(root: Path) -> tuple[object, object]:
    result = check(root, today=AS_OF)
    return result.catalog.contracts["umbrella-software"], result.project.policy


COOPERATIVE = (
    "issuing_authority: {name: Office of General Services (test), url: https://ogs.example/umbrella}",
    "issuing_authority: {name: Northwood Compact (test), url: https://ogs.example/umbrella, jurisdiction: US-XN}",
)


@pytest.mark.parametrize(
    ("old", "new", "pointer", "words"),
    [
        (
            "    buyer_types: [local_government]\n    declared_by: The governing board",
            "    buyer_types: [county]\n    declared_by: The governing board",
            "/emergency_authorities/local_government_emergency/buyer_types/0",
            'names buyer type "county", which `buyer_types` does not define',
        ),
        (
            "    buyer_types: [local_government, school_district]\n    declared_by: The buyer\n",
            "    buyer_types: [state_agency, local_government]\n    declared_by: The buyer\n",
            "/emergency_authorities/federal_exigency/buyer_types/0",
            "under 2 CFR 200.317 a state follows its own procurement procedures",
        ),
        (
            "      also_meet: [federal_exigency]\n  local_government_emergency:",
            "      also_meet: [federal_emergency]\n  local_government_emergency:",
            "/emergency_authorities/state_disaster_suspension/federal_funds/also_meet/0",
            'must also meet "federal_emergency"',
        ),
        (
            "    program: gsa_disaster_purchasing\n",
            "",
            "/emergency_authorities/disaster_purchasing",
            "is a federal program but names no `program`",
        ),
        (
            "    moderate: [[fedramp_moderate], [govramp_moderate_authorized], [soc2_type2, iso27001]]",
            "    moderate: [[fedramp_moderate], [govramp_moderate], [soc2_type2, iso27001]]",
            "/credentials/by_risk_tier/moderate/1/0",
            '"govramp_moderate" is neither an attestation type nor a class',
        ),
        (
            "    source_url: https://www.ecfr.gov/current/title-2/section-200.320\n",
            "",
            "/emergency_authorities/federal_exigency",
            'federal_exigency.source_url" is missing',
        ),
    ],
)
def test_a_policy_contradicting_the_law_stops_with_the_line(
    project: Path, run_cli, old: str, new: str, pointer: str, words: str
) -> None:
    edit(project, POLICY, old, new)
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert result.stderr.splitlines()[0] == "schema/terms-policy.yaml"
    assert result.stderr.count(" error ") == 1, result.stderr  # that one problem, nothing spurious
    assert "Traceback" not in result.stderr
    with pytest.raises(ConfigError) as caught:
        open_project(project)
    (problem,) = caught.value.problems
    assert problem.pointer == pointer
    assert problem.line > 1


def test_the_demo_policy_cites_every_real_authority_and_marks_every_fictional_one() -> None:
    policy = open_project(REPO).policy
    assert len(policy.buyer_types) >= 3
    kinds = {a.kind for a in policy.authorities.values()}
    assert kinds == {
        "statutory_emergency",
        "declared_emergency_suspension",
        "federal_exigency",
        "federal_program",
    }
    for authority in policy.authorities.values():
        if authority.fictional:
            assert authority.modeled_on, authority.id
            assert authority.cited.endswith("(fictional)")
        else:
            assert authority.source_url.startswith("https://"), authority.id
    exigency = [a for a in policy.authorities.values() if a.kind == "federal_exigency"]
    assert exigency
    assert all(a.citation == "2 CFR 200.320(c)(3)" for a in exigency)
    for authority in exigency:  # never for a buyer the federal rules treat as a state
        assert all(policy.buyer_types[b].federal_procurement == "non_state" for b in authority.buyer_types)
    # every buyer type the policy expects scenarios to cover has a statutory emergency of its own
    for buyer in policy.buyer_types.values():
        if buyer.emergency_required:
            assert any(
                a.kind == "statutory_emergency" and a.applies_to(buyer.id)
                for a in policy.authorities.values()
            ), buyer.id


def test_a_contract_of_this_jurisdiction_is_open_to_the_buyer_types_it_lists(project: Path) -> None:
    contract, policy = contract_of(project)
    assert origin(contract, policy) == IN_STATE
    state = eligibility(contract, "state_agency", policy, AS_OF)
    assert (state.eligible, state.may_order_today, state.addendum) == (True, True, None)
    assert [(b.up_to, b.method) for b in state.bands] == [(50000, "direct_order"), (None, "rfq")]
    local = eligibility(contract, "local_government", policy, AS_OF)
    assert [(b.up_to, b.method) for b in local.bands] == [
        (None, "rfq")
    ]  # the threshold is state agencies' only
    school = eligibility(contract, "school_district", policy, AS_OF)
    assert not school.eligible
    assert school.reason == "the contract is not open to school district"


def test_another_states_contract_needs_this_jurisdictions_participating_addendum(project: Path) -> None:
    edit(project, CONTRACT, *COOPERATIVE)
    contract, policy = contract_of(project)
    assert origin(contract, policy) == OTHER_STATE
    found = eligibility(contract, "state_agency", policy, AS_OF)
    assert not found.eligible
    assert (
        "no participating addendum opens it to state agency of State of Example (fictional)" in found.reason
    )
    edit(
        project,
        CONTRACT,
        "eligibility: {buyer_types: [state_agency, local_government]}",
        "eligibility:\n  buyer_types: [state_agency, local_government]\n  participating_addenda:\n"
        '    - {party: Other State (test), jurisdiction: US-XN, signed_by: Its CPO, signed: "2024-01-01", '
        "buyer_types: [state_agency, local_government]}\n"
        '    - {party: This State (test), jurisdiction: US-NY, number: PA-1, signed_by: CPO, signed: "2024-03-01", '
        "buyer_types: [state_agency]}\n"
        '    - {party: Town of Test, jurisdiction: US-NY, entity: Town of Test, signed_by: Supervisor, signed: "2025-03-01", '
        "buyer_types: [local_government]}",
    )
    contract, policy = contract_of(project)
    state = eligibility(contract, "state_agency", policy, AS_OF)
    assert state.may_order_today
    assert state.addendum is not None
    assert state.addendum.number == "PA-1"
    local = eligibility(contract, "local_government", policy, AS_OF)
    assert not local.eligible  # only the town's own addendum: not open to every local government
    assert local.entities == ("Town of Test",)
    assert local.reason.endswith("only Town of Test signed one for itself")


def test_an_ended_addendum_keeps_the_standing_but_not_the_order(project: Path) -> None:
    edit(project, CONTRACT, *COOPERATIVE)
    edit(
        project,
        CONTRACT,
        "eligibility: {buyer_types: [state_agency, local_government]}",
        "eligibility:\n  buyer_types: [state_agency, local_government]\n  participating_addenda:\n"
        '    - {party: This State (test), jurisdiction: US-NY, signed_by: CPO, signed: "2024-03-01", '
        'expires: "2026-03-01", buyer_types: [state_agency]}',
    )
    contract, policy = contract_of(project)
    found = eligibility(contract, "state_agency", policy, AS_OF)
    assert found.eligible
    assert not found.in_force
    assert not found.may_order_today
    assert "(not in force on 2026-11-25)" in found.reason
    # every addendum signed here has ended: time has closed the contract to this jurisdiction
    result = check(project, today=AS_OF)
    (lapse,) = result.standing["contracts/umbrella-software"]
    assert lapse.since == date(2026, 3, 2)
    assert "ended on 2026-03-01" in lapse.reason
    assert "solutions/acme-case-manager" in result.standing  # offered only under it
    (shown,) = [p for p in result.report.problems if p.rule == "participating-addendum"]
    assert shown.level.value == "warning"  # the nightly run still publishes
    strict = check(project, today=AS_OF, strict=True)
    assert any(p.rule == "participating-addendum" for p in strict.report.errors)


def test_a_federal_schedule_is_open_through_its_program(project: Path) -> None:
    edit(project, CONTRACT, *COOPERATIVE)
    edit(project, CONTRACT, "jurisdiction: US-XN", "jurisdiction: US")
    edit(project, CONTRACT, "law: US-NY", "law: US")
    contract, policy = contract_of(project)
    assert origin(contract, policy) == FEDERAL
    assert eligibility(contract, "state_agency", policy, AS_OF).may_order_today
    assert check(project, today=AS_OF).report.problems == []  # the policy accepts federal law for it


def test_emergency_routes_take_the_lesser_of_the_law_and_the_contract(project: Path) -> None:
    contract, policy = contract_of(project)
    found = {r.authority.id: r for r in routes(policy, contract, "state_agency")}
    assert set(found) == {"state_agency_emergency", "state_disaster_suspension", "disaster_purchasing"}
    statutory = found["state_agency_emergency"]
    assert (statutory.order_limit, statutory.limit_from) == (500000, "the contract")
    assert (statutory.max_days, statutory.days_from) == (90, "the law")
    suspension = found["state_disaster_suspension"]
    assert (suspension.max_days, suspension.days_from) == (30, "the law")
    program = found["disaster_purchasing"]
    assert not program.usable
    assert "has not opted into GSA Disaster Purchasing" in program.why_not
    assert list(found)[-1] == "disaster_purchasing"  # unusable routes come last
    # the federal exigency rule is not a route: it is what federal money adds for a non-state buyer
    assert "federal_exigency" not in {r.authority.id for r in routes(policy, contract, "local_government")}
    rule, exigency = federal_rule(policy, policy.buyer_types["local_government"])
    assert "2 CFR 200.318-200.327" in rule
    assert [a.id for a in exigency] == ["federal_exigency"]
    rule, exigency = federal_rule(policy, policy.buyer_types["state_agency"])
    assert "2 CFR 200.317" in rule
    assert exigency == ()


def test_a_vendor_opted_into_the_program_makes_its_route_usable(project: Path) -> None:
    edit(
        project,
        CONTRACT,
        "max_term_days: 90}",
        "max_term_days: 90, federal_programs: [gsa_disaster_purchasing]}",
    )
    contract, policy = contract_of(project)
    program = next(
        r for r in routes(policy, contract, "school_district") if r.authority.id == "disaster_purchasing"
    )
    assert program.usable
