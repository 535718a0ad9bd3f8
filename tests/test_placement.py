"""Findings land where the fix is, and waivers of entries that could not be checked are not called
unused: on the demo catalog, through `catalog validate`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from gitrepo import edit

HARBORLINE = "catalog/contracts/harborline-it-umbrella.yaml"
VEHICLE = "catalog/vehicles/ogs-it-umbrella-73600.yaml"
KEYSTONE = "catalog/contracts/keystone-vale-statewide-it.yaml"
VAULT = "catalog/solutions/harborline-records-vault.yaml"
BLUESTEM_SOLUTIONS = (
    "bluestem-privileged-access-vault",
    "bluestem-resident-identity",
    "bluestem-security-keys",
    "bluestem-workforce-sso",
)
PROTECTION = re.compile(r"  data_protection:\n(    .*\n)+")


def problems(run_cli: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("-C", root, "validate", "--format", "json", *args)
    return list(json.loads(result.output))


def without_data_protection(root: Path, where: str = VEHICLE) -> None:
    path = root / where
    text = path.read_text(encoding="utf-8")
    path.write_text(PROTECTION.sub("", text, count=1), encoding="utf-8")


def test_a_missing_family_is_one_error_on_the_contract(demo_project: Path, run_cli: Any) -> None:
    without_data_protection(demo_project, KEYSTONE)
    found = problems(run_cli, demo_project)
    # (a scenario that requires breach notice of the contract reports it too, as its own finding)
    errors = [p for p in found if p["level"] == "error" and not p["file"].startswith("catalog/scenarios/")]
    (placed,) = errors
    text = (demo_project / KEYSTONE).read_text(encoding="utf-8").splitlines()
    assert placed["file"] == KEYSTONE
    assert text[placed["line"] - 1] == "terms:"  # the line of `terms:`: the family is not there
    assert placed["rule"] == "required-term-missing"
    assert placed["message"].startswith("the contract states no data protection terms, which ")
    assert "add `data_protection:` to the contract's terms" in placed["hint"]
    assert not [p for p in found if p["file"].startswith("catalog/solutions/")]


def test_a_family_missing_from_a_vehicle_is_one_error_on_the_vehicle(
    demo_project: Path, run_cli: Any
) -> None:
    """Two awards state breach-notice hours of their own, the third nothing: what is missing under
    all three is missing from the vehicle's common terms, fixed there once for every awardee."""
    without_data_protection(demo_project)
    found = problems(run_cli, demo_project)
    errors = [p for p in found if p["level"] == "error" and not p["file"].startswith("catalog/scenarios/")]
    (placed,) = errors
    text = (demo_project / VEHICLE).read_text(encoding="utf-8").splitlines()
    assert placed["file"] == VEHICLE
    assert text[placed["line"] - 1] == "terms:"
    assert placed["rule"] == "required-term-missing"
    assert placed["message"].startswith("the vehicle states no data protection terms, which ")
    named = placed["message"].rsplit(": ", 1)[1].split(", ")
    assert {"harborline-records-vault", "larkspur-ridge-data-platform", "bluestem-workforce-sso"} <= set(
        named
    )
    assert "add `data_protection:` to the vehicle's common terms" in placed["hint"]
    assert not [p for p in found if p["file"].startswith("catalog/solutions/")]


def test_a_missing_field_is_reported_at_its_family(demo_project: Path, run_cli: Any) -> None:
    """Harborline's and Larkspur's awards take their data return from the vehicle; Bluestem's
    states its own: the finding is the vehicle's, for the solutions under the other two."""
    edit(demo_project / VEHICLE, ("    data_return_days: 60\n", ""))
    found = [
        p
        for p in problems(run_cli, demo_project)
        if p["level"] == "error" and p["rule"] != "scenario-requirements"
    ]
    (placed,) = found
    line = (demo_project / VEHICLE).read_text(encoding="utf-8").splitlines()[placed["line"] - 1]
    assert line == "  data_protection:"
    assert placed["message"].startswith('the vehicle does not state "Data protection: data returned within"')
    assert "harborline-records-vault" in placed["message"]
    assert not [s for s in BLUESTEM_SOLUTIONS if s in placed["message"]]


def test_a_finding_from_the_solutions_own_data_stays_on_the_solution(
    demo_project: Path, run_cli: Any
) -> None:
    """The contract states 48 h; only the confidential solution needs 24 h: its override is the fix."""
    edit(
        demo_project / VAULT,
        ("  data_protection:\n    breach_notification:\n      confirmed_breach_hours: 24\n", ""),
    )
    (finding,) = [p for p in problems(run_cli, demo_project) if p["level"] == "error"]
    assert finding["file"] == VAULT
    assert finding["rule"] == "breach-notification"
    assert "confirmed-breach notice is 48 h; the policy allows at most 24 h" in finding["message"]


def test_checking_one_solution_still_shows_what_its_contract_lacks(demo_project: Path, run_cli: Any) -> None:
    """What the pre-commit hook does: the contract's finding is reported with the solution checked."""
    without_data_protection(demo_project)
    found = problems(run_cli, demo_project, str(demo_project / VAULT))
    assert [(p["file"], p["rule"]) for p in found if p["level"] == "error"] == [
        (VEHICLE, "required-term-missing")
    ]


def test_a_waiver_on_the_contract_covers_the_placed_finding(demo_project: Path, run_cli: Any) -> None:
    without_data_protection(demo_project)
    with (demo_project / "schema/terms-policy.yaml").open("a", encoding="utf-8") as policy:
        policy.write(
            "  - entry: vehicles/ogs-it-umbrella-73600\n    rule: required-term-missing\n"
            "    term: data_protection\n    approver: Chief Procurement Officer (fictional)\n"
            '    reason: Amendment in signature.\n    granted: "2026-11-01"\n    expires: "2027-01-31"\n'
            '    memo:\n      title: Waiver memo CPO-2026-31\n      date: "2026-11-01"\n'
            "      url: https://procurement.example/waivers/cpo-2026-31.pdf\n"
            "      signatories: [{name: Marisol Vega, role: Chief Procurement Officer, party: purchaser}]\n"
        )
    found = problems(run_cli, demo_project)
    assert not [p for p in found if p["level"] == "error" and p["rule"] != "scenario-requirements"]


@pytest.mark.parametrize(
    ("where", "breakage"),
    [
        (VAULT, ("risk_tier: moderate", "risk_tier: extreme")),  # the entry's own schema error
        (HARBORLINE, ("lots_awarded:", "vehicle_type: umbrella\nlots_awarded:")),  # its contract's
        (VEHICLE, ("vehicle_type: umbrella", "vehicle_type: handshake")),  # its vehicle's
    ],
)
def test_a_waiver_of_an_entry_that_could_not_be_checked_is_not_evaluated(
    demo_project: Path, run_cli: Any, where: str, breakage: tuple[str, str]
) -> None:
    edit(demo_project / where, breakage)
    found = problems(run_cli, demo_project)
    rules = {p["rule"] for p in found if p["file"] == "schema/terms-policy.yaml"}
    assert rules == {"waiver-not-evaluated"}
    (waiver,) = [p for p in found if p["rule"] == "waiver-not-evaluated"]
    assert waiver["level"] == "warning"
    assert waiver["message"] == (
        "the waiver of insurance-minimum for solutions/harborline-records-vault was not evaluated: the entry "
        "has errors that stop its checks"
    )
    assert waiver["hint"].startswith("fix the errors above first")
    result = run_cli("-C", demo_project, "validate")
    assert "matches no finding" not in result.output
    assert "remove the waiver" not in result.output


def test_a_waiver_that_really_matches_nothing_is_still_unused(demo_project: Path, run_cli: Any) -> None:
    edit(demo_project / VEHICLE, ("per_claim: 4000000", "per_claim: 5000000"))
    (unused,) = [p for p in problems(run_cli, demo_project) if p["file"] == "schema/terms-policy.yaml"]
    assert unused["rule"] == "waiver-unused"
    assert unused["hint"] == "remove the waiver"
