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
VAULT = "catalog/solutions/harborline-records-vault.yaml"
PROTECTION = re.compile(r"  data_protection:\n(    .*\n)+")


def problems(run_cli: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("-C", root, "validate", "--format", "json", *args)
    return list(json.loads(result.output))


def without_data_protection(root: Path) -> None:
    path = root / HARBORLINE
    text = path.read_text(encoding="utf-8")
    path.write_text(PROTECTION.sub("", text, count=1), encoding="utf-8")


def test_a_missing_family_is_one_error_on_the_contract(demo_project: Path, run_cli: Any) -> None:
    without_data_protection(demo_project)
    found = problems(run_cli, demo_project)
    errors = [p for p in found if p["level"] == "error"]
    (placed,) = errors
    text = (demo_project / HARBORLINE).read_text(encoding="utf-8").splitlines()
    assert placed["file"] == HARBORLINE
    assert text[placed["line"] - 1] == "terms:"  # the line of `terms:`: the family is not there
    assert placed["rule"] == "required-term-missing"
    assert placed["message"] == (
        "the contract states no data protection terms, which breach-notification, data-location, "
        "data-ownership, data-return and encryption require for 4 solutions offered under it: harborline-capture-desktop, "
        "harborline-cold-archive, harborline-records-migration, harborline-records-vault"
    )
    assert "add `data_protection:` to the contract's terms" in placed["hint"]
    assert not [p for p in found if p["file"].startswith("catalog/solutions/harborline-")]


def test_a_missing_field_is_reported_at_its_family(demo_project: Path, run_cli: Any) -> None:
    edit(demo_project / HARBORLINE, ("    data_return_days: 60\n", ""))
    found = [p for p in problems(run_cli, demo_project) if p["level"] == "error"]
    (placed,) = found
    line = (demo_project / HARBORLINE).read_text(encoding="utf-8").splitlines()[placed["line"] - 1]
    assert line == "  data_protection:"
    assert placed["message"].startswith('the contract does not state "Data protection: data returned within"')
    assert placed["message"].endswith(
        "for 4 solutions offered under it: harborline-capture-desktop, "
        "harborline-cold-archive, harborline-records-migration, harborline-records-vault"
    )


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
        (HARBORLINE, "required-term-missing")
    ]


def test_a_waiver_on_the_contract_covers_the_placed_finding(demo_project: Path, run_cli: Any) -> None:
    without_data_protection(demo_project)
    with (demo_project / "schema/terms-policy.yaml").open("a", encoding="utf-8") as policy:
        policy.write(
            "  - entry: contracts/harborline-it-umbrella\n    rule: required-term-missing\n"
            "    term: data_protection\n    approver: Chief Procurement Officer (fictional)\n"
            '    reason: Amendment in signature.\n    granted: "2026-11-01"\n    expires: "2027-01-31"\n'
        )
    assert not [p for p in problems(run_cli, demo_project) if p["level"] == "error"]


@pytest.mark.parametrize(
    ("where", "breakage"),
    [
        (VAULT, ("risk_tier: moderate", "risk_tier: extreme")),  # the entry's own schema error
        (HARBORLINE, ("vehicle_type: umbrella", "vehicle_type: handshake")),  # its contract's
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
    edit(demo_project / HARBORLINE, ("per_claim: 4000000", "per_claim: 5000000"))
    (unused,) = [p for p in problems(run_cli, demo_project) if p["file"] == "schema/terms-policy.yaml"]
    assert unused["rule"] == "waiver-unused"
    assert unused["hint"] == "remove the waiver"
