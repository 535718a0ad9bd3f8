"""`catalog validate` and `catalog rules` as a user runs them: formats, exit codes, partial runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SOLUTION = "catalog/solutions/acme-case-manager.yaml"
CONTRACT = "catalog/contracts/umbrella-software.yaml"


def break_contract(project: Path) -> None:
    path = project / CONTRACT
    path.write_text(
        path.read_text()
        .replace("law: US-NY", "law: US-DE")
        .replace("data_return_days: 60", "data_return_days: 120")
    )


def test_exit_code_0_when_clean(project: Path, run_cli) -> None:
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 0
    assert "No problems in 7 files." in result.output


def test_text_format_groups_by_file_with_hints(project: Path, run_cli) -> None:
    break_contract(project)
    result = run_cli("-C", project, "validate", "--format", "text")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == CONTRACT
    assert (
        "governing law is US-DE; for a contract awarded by this jurisdiction the policy accepts US-NY"
        in result.output
    )
    assert "→ write it as below if the signed contract says so, or have the contract amended" in result.output
    assert "law: US-NY   # line 63, in place of what is there" in result.output
    assert lines[-2] == "2 errors, 0 warnings in 2 of 7 files."
    assert lines[-1].startswith("`catalog fix --with-commitments` also writes the 2 terms shown")


def test_parsable_format(project: Path, run_cli) -> None:
    break_contract(project)
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.output.splitlines() == [
        (
            f"{CONTRACT}:63:19: [error] the contract's governing law is US-DE; for a contract awarded by "
            "this jurisdiction the policy accepts US-NY (governing-law)"
        ),
        (
            f'{SOLUTION}:5:6: [error] under contract "umbrella-software", data return is 120 days; '
            "the policy allows at most 90 days for a solution holding confidential data (data-return)"
        ),
    ]


def test_json_format_fields(project: Path, run_cli) -> None:
    break_contract(project)
    problems = json.loads(run_cli("-C", project, "validate", "--format", "json").output)
    assert [sorted(p) for p in problems] == [
        ["column", "file", "fix", "hint", "level", "line", "message", "pointer", "rule"]
    ] * 2
    assert problems[0]["pointer"] == "/terms/governing_law/law"
    assert problems[0]["file"] == CONTRACT


def test_github_format_is_auto_under_actions(project: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    break_contract(project)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    output = run_cli("-C", project, "validate").output
    assert f"::error file={CONTRACT},line=63,col=19,title=governing-law::" in output
    assert output.splitlines()[0] == f"::group::{CONTRACT}"


def test_warnings_pass_unless_strict(project: Path, run_cli) -> None:
    path = project / "catalog/scenarios/ransomware-agency.yaml"
    path.write_text(path.read_text().replace('review_by: "2027-06-01"', 'review_by: "2026-01-01"'))
    warning = (
        "catalog/scenarios/ransomware-agency.yaml:23:1: [warning] the scenario was due for review on "
        "2026-01-01 (scenario-review)"
    )
    for extra, code in (((), 0), (("--strict",), 1)):
        result = run_cli("-C", project, "validate", "--format", "parsable", *extra)
        assert result.exit_code == code, extra
        assert result.output.splitlines() == [warning], extra  # the same finding, failing only under --strict
    text = run_cli("-C", project, "validate", "--strict").output
    assert "0 errors, 1 warning in 1 of 7 files." in text


def test_as_of_option_changes_expiry(project: Path, run_cli) -> None:
    result = run_cli("-C", project, "validate", "--as-of", "2029-03-01", "--format", "parsable")
    assert "the contract ended on 2029-01-31" in result.output
    assert "the FedRAMP Moderate authorization (Authorized) has lapsed" in result.output
    assert result.exit_code == 0  # time alone: lapses are warnings, and the site is still published
    strict = run_cli("-C", project, "validate", "--as-of", "2029-03-01", "--strict", "--format", "parsable")
    assert strict.exit_code == 1
    assert "[error] the contract ended on 2029-01-31" in strict.output


def test_broken_policy_is_exit_code_2_naming_the_line(project: Path, run_cli) -> None:
    policy = project / "schema/terms-policy.yaml"
    policy.write_text(policy.read_text().replace("min_multiple: 1.0", "min_multiple: lots"))
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 2
    assert "schema/terms-policy.yaml" in result.stderr
    assert "limitation_of_liability.min_multiple" in result.stderr
    assert "Traceback" not in result.stderr + result.output


def test_broken_schema_is_exit_code_2(project: Path, run_cli) -> None:
    (project / "schema/vendor.schema.json").write_text("{not json")
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 2
    assert "the schemas in schema/ cannot be used" in result.stderr
    assert "→ restore the schema files from the repository" in result.stderr


def test_missing_catalog_folder_is_reported(tmp_path: Path, project: Path, run_cli) -> None:
    import shutil

    shutil.rmtree(project / "catalog")
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 1
    assert "there is no catalog/ folder here" in result.output


def test_usage_errors_are_exit_code_2(project: Path, run_cli) -> None:
    nowhere = run_cli("-C", project / "nowhere", "validate")
    assert nowhere.exit_code == 2
    assert f"Invalid value for -C: {project / 'nowhere'} is not a folder" in nowhere.stderr
    xml = run_cli("-C", project, "validate", "--format", "xml")
    assert xml.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'auto', 'text', 'parsable'" in xml.stderr
    (project / "README.md").write_text("# notes\n", encoding="utf-8")
    outside = run_cli("-C", project, "validate", project / "README.md")
    assert outside.exit_code == 2
    assert "README.md" in outside.stderr
    assert "only files in catalog/ (or the schemas and policy, which check everything) can be named" in (
        outside.stderr
    )
    assert "→ run `catalog validate` without paths to check everything" in outside.stderr
    for result in (nowhere, xml, outside):
        assert result.output == ""
        assert "Traceback" not in result.stderr


def test_partial_run_reports_only_named_file(project: Path, run_cli) -> None:
    other = project / "catalog/solutions/acme-desktop-suite.yaml"
    other.write_text(other.read_text().replace("risk_tier: low", "risk_tier: lowish"))
    path = project / SOLUTION
    path.write_text(path.read_text().replace("confirmed_breach_hours: 24", "confirmed_breach_hours: 36"))
    result = run_cli("-C", project, "validate", "--format", "parsable", project / SOLUTION)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        (
            f'{SOLUTION}:21:27: [error] under contract "umbrella-software", confirmed-breach notice is 36 h; '
            "the policy allows at most 24 h for a solution holding confidential data (breach-notification)"
        )
    ]


def test_partial_run_on_contract_checks_its_solutions(project: Path, run_cli) -> None:
    break_contract(project)
    result = run_cli("-C", project, "validate", "--format", "parsable", project / CONTRACT)
    files = {line.split(":")[0] for line in result.output.splitlines()}
    assert files == {CONTRACT, SOLUTION}


def test_partial_run_on_contract_skips_solutions_of_a_contract_whose_id_starts_alike(
    project: Path, run_cli
) -> None:
    contracts, solutions = project / "catalog/contracts", project / "catalog/solutions"
    (contracts / "umbrella-software-2.yaml").write_text(
        (contracts / "umbrella-software.yaml")
        .read_text()
        .replace("id: umbrella-software", "id: umbrella-software-2")
        .replace("number: PM-0001", "number: PM-0002")
    )
    (solutions / "acme-desktop-suite-2.yaml").write_text(
        (solutions / "acme-desktop-suite.yaml")
        .read_text()
        .replace("id: acme-desktop-suite", "id: acme-desktop-suite-2")
        .replace("contract: umbrella-software,", "contract: umbrella-software-2,")
        .replace("risk_tier: low", "risk_tier: lowish")  # broken, but not under the contract named
    )
    break_contract(project)
    result = run_cli("-C", project, "validate", "--format", "parsable", project / CONTRACT)
    files = {line.split(":")[0] for line in result.output.splitlines()}
    assert files == {CONTRACT, SOLUTION}
    whole = run_cli("-C", project, "validate", "--format", "parsable")
    assert "catalog/solutions/acme-desktop-suite-2.yaml" in whole.output  # the copy is really broken


def test_partial_run_on_a_scenario_reads_its_solutions_contracts(demo_project: Path, run_cli) -> None:
    # the breach scenario's interpreters are on a contract the scenario does not list itself
    scenario = demo_project / "catalog/scenarios/breach-of-resident-personal-data.yaml"
    result = run_cli("-C", demo_project, "validate", "--format", "parsable", scenario)
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_partial_run_on_a_contract_rechecks_the_scenarios_relying_on_it(project: Path, run_cli) -> None:
    scenario = project / "catalog/scenarios/ransomware-agency.yaml"
    scenario.write_text(
        scenario.read_text().replace("confirmed_breach_hours: {max: 72}", "confirmed_breach_hours: {max: 48}")
    )
    result = run_cli("-C", project, "validate", "--format", "parsable", project / CONTRACT)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        (
            'catalog/scenarios/ransomware-agency.yaml:21:19: [error] contract "umbrella-software": Data '
            "protection: confirmed breach notice is 72 h; the scenario requires at most 48 h "
            "(data_protection.breach_notification.confirmed_breach_hours) (scenario-requirements)"
        )
    ]


def test_partial_run_relative_to_working_directory(
    project: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "catalog")
    result = run_cli("-C", project, "validate", "solutions/acme-desktop-suite.yaml")
    assert result.exit_code == 0
    assert "No problems in 1 file." in result.output


def test_rules_lists_every_rule(run_cli) -> None:
    from site_builder.rules import RULES

    text = run_cli("rules").output
    for rule_id in RULES:
        assert rule_id in text
    as_json = json.loads(run_cli("rules", "--format", "json").output)
    assert all(rule["example"] and rule["fix"] for rule in as_json)


def test_console_script_and_module_entry_point(project: Path) -> None:
    env = {**os.environ, "CATALOG_DATE": "2026-11-25"}
    for command in (
        [str(Path(sys.executable).parent / "catalog"), "-C", str(project), "validate"],
        [sys.executable, "-m", "site_builder", "-C", str(project), "validate"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=REPO)
        assert done.returncode == 0, done.stderr
        assert "No problems" in done.stdout


def test_naming_a_schema_or_the_policy_checks_everything(project: Path, run_cli) -> None:
    break_contract(project)
    result = run_cli("-C", project, "validate", "--format", "parsable", project / "schema/terms-policy.yaml")
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.output.splitlines()} == {CONTRACT, SOLUTION}


@pytest.mark.parametrize(
    ("rule", "says"),
    [("unsafe-text", "checked while files are read"), ("no-such-rule", "which is not a rule")],
)
def test_waivers_may_only_name_catalog_rules(project: Path, run_cli, rule: str, says: str) -> None:
    policy = project / "schema/terms-policy.yaml"
    policy.write_text(
        policy.read_text().replace(
            "waivers: []",
            f"waivers:\n  - entry: solutions/acme-case-manager\n    rule: {rule}\n    approver: A\n"
            '    reason: R\n    granted: "2026-01-01"\n    expires: "2027-01-01"',
        )
    )
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 2
    assert says in result.stderr
    assert "schema/terms-policy.yaml" in result.stderr


def test_severity_must_name_real_rules(project: Path, run_cli) -> None:
    policy = project / "schema/terms-policy.yaml"
    policy.write_text(
        policy.read_text().replace("accessibility-report: warning", "accessibilty-report: warning")
    )
    result = run_cli("-C", project, "validate")
    assert result.exit_code == 2
    assert 'severity names "accessibilty-report"' in result.stderr
