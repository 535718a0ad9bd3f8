"""Time does not stall publishing: on the demo catalog, on a date when contracts, credentials and
a waiver have lapsed, the scheduled build publishes and shows what cannot be ordered, with reason
and date; a pull request that touches such an entry, or `--strict`, still fails."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import commit, edit, init
from test_exports_support import full_catalog, unzipped_csv

from browser.sitekit import article, page, visible_text

LATER = "2027-07-15"  # riverbend's contract ended 2027-01-31; records-vault's waiver 2027-06-01
VAULT = "catalog/solutions/harborline-records-vault.yaml"
SSO = "catalog/solutions/bluestem-workforce-sso.yaml"  # FedRAMP monitoring last 2026-10-31: 120 days
POLICY = "schema/terms-policy.yaml"


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_DATE", LATER)


def parsable(run_cli: Any, root: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli("-C", root, "validate", "--format", "parsable", *args)
    return result.exit_code, result.output.splitlines()


def test_a_scheduled_run_passes_and_reports_lapses_as_warnings(
    demo_project: Path, run_cli: Any, later: None
) -> None:
    code, lines = parsable(run_cli, demo_project)
    assert code == 0, lines
    assert not [line for line in lines if "[error]" in line]
    ended = [line for line in lines if "the contract ended on 2027-01-31" in line]
    assert ended
    assert all(line.startswith("catalog/contracts/riverbend-contact-center.yaml:") for line in ended)
    assert all("[warning]" in line for line in ended)
    vault = [line for line in lines if line.startswith(VAULT)]
    assert any("(the waiver of it expired on 2027-06-01) (insurance-minimum)" in line for line in vault)
    sso = [line for line in lines if line.startswith(SSO)]
    assert any(
        "[warning] no current security credential the policy accepts for a moderate-risk saas solution; "
        "what it held has lapsed (security-credential)" in line
        for line in sso
    )
    assert any(line.startswith(f"{POLICY}:") and "(waiver-expired)" in line for line in lines)
    code, strict = parsable(run_cli, demo_project, "--strict")
    assert code == 1
    assert any("[error] the contract ended on 2027-01-31" in line for line in strict)


def test_the_hint_says_why_it_is_only_a_warning(demo_project: Path, run_cli: Any, later: None) -> None:
    result = run_cli("-C", demo_project, "validate", "--format", "json")
    problems = json.loads(result.output)
    (ended,) = [p for p in problems if p["rule"] == "contract-expired" and "riverbend" in p["file"]]
    assert ended["level"] == "warning"
    assert "time, not a change, brought this on 2027-02-01" in ended["hint"]
    assert "not currently orderable" in ended["hint"]


def test_a_pull_request_touching_a_lapsed_entry_fails_until_renewed_or_waived(
    demo_project: Path, run_cli: Any, later: None
) -> None:
    repo = init(demo_project)
    edit(repo / VAULT, ("Cloud records repository", "A cloud records repository"))
    edit(repo / SSO, ("tags: [sso, mfa,", "tags: [sso, single-sign-on, mfa,"))
    commit(repo, "touch the vault and the sign-on")
    code, lines = parsable(run_cli, repo, "--changed-since", "base")
    assert code == 1
    errors = [line for line in lines if "[error]" in line]
    assert errors
    assert {(line.split(":", 1)[0], line.rsplit("(", 1)[1]) for line in errors} == {
        (VAULT, "insurance-minimum)"),
        (SSO, "security-credential)"),
    }
    # the other lapses stay warnings: this pull request did not touch them
    assert any("riverbend-contact-center.yaml" in line and "[warning]" in line for line in lines)
    # renewed: the waiver extended (the policy, now touched, has nothing expired) and a newer
    # continuous-monitoring report recorded
    edit(repo / POLICY, ('expires: "2027-06-01"', 'expires: "2028-06-01"'))
    edit(repo / SSO, ('last_continuous_monitoring: "2026-10-31"', 'last_continuous_monitoring: "2027-06-30"'))
    commit(repo, "renewals")
    code, lines = parsable(run_cli, repo, "--changed-since", "base")
    assert code == 0, [line for line in lines if "[error]" in line]


def test_a_pull_request_elsewhere_is_not_blocked_by_lapses(
    demo_project: Path, run_cli: Any, later: None
) -> None:
    repo = init(demo_project)
    edit(
        repo / "catalog/vendors/harborline-data-systems.yaml",
        ("name: Harborline Data Systems", "name: Harborline Data Systems Inc"),
    )
    commit(repo, "vendor name")
    code, lines = parsable(run_cli, repo, "--changed-since", "base")
    assert code == 0, [line for line in lines if "[error]" in line]


def test_a_file_named_on_the_command_line_is_touched(demo_project: Path, run_cli: Any, later: None) -> None:
    """What the pre-commit hook runs: `catalog validate` with the changed files."""
    code, lines = parsable(run_cli, demo_project, str(demo_project / VAULT))
    assert code == 1
    assert all(line.startswith((VAULT, POLICY)) for line in lines), lines


def test_changed_since_an_unknown_revision_is_a_usage_error(demo_project: Path, run_cli: Any) -> None:
    init(demo_project)
    result = run_cli("-C", demo_project, "validate", "--changed-since", "no-such-branch")
    assert result.exit_code == 2
    assert 'unknown revision "no-such-branch"' in result.stderr


@pytest.fixture(scope="module")
def later_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built as the nightly job would on LATER: it must publish."""
    from click.testing import CliRunner

    from site_builder.cli import main

    from conftest import make_project

    tmp = tmp_path_factory.mktemp("later")
    root = make_project(tmp / "demo", demo=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CATALOG_DATE", LATER)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.delenv("GITHUB_ACTIONS", raising=False)
        result = CliRunner().invoke(main, ["-C", str(root), "build", "--site-dir", str(tmp / "site")])
    assert result.exit_code == 0, result.output
    return tmp / "site"


@pytest.mark.slow
def test_the_build_publishes_and_shows_what_cannot_be_ordered(later_site: Path) -> None:
    words = visible_text(article(page(later_site, "solutions/harborline-records-vault/")))
    assert "Not currently orderable since 2027-06-02:" in words
    assert (
        'Since 2027-06-02: under contract "harborline-it-umbrella", cyber and privacy liability per claim'
        in words
    )
    assert "(the waiver of it expired on 2027-06-01)" in words
    sso = visible_text(article(page(later_site, "solutions/bluestem-workforce-sso/")))
    assert "Not currently orderable since 2027-03-01:" in sso
    assert "no current security credential the policy accepts for a moderate-risk saas solution" in sso
    contract = visible_text(article(page(later_site, "contracts/riverbend-contact-center/")))
    assert "Not currently orderable since 2027-02-01:" in contract
    orderable = visible_text(article(page(later_site, "solutions/harborline-records-migration/")))
    assert "Not currently orderable" not in orderable


@pytest.mark.slow
def test_a_solution_that_cannot_be_ordered_is_left_out_of_the_determinations(later_site: Path) -> None:
    text = article(page(later_site, "scenarios/ransomware-at-state-agency/"))
    start = text.index('id="determination-state_agency-state_agency_emergency"')
    draft = visible_text(text[start : text.index("</div>", start)])
    chosen, left = draft.split("Left out:", 1)
    assert "Mesa & Pine Managed Detection and Response from" not in chosen
    assert (
        "Mesa & Pine Managed Detection and Response: not currently orderable since 2027-03-01 (no current "
        "security credential the policy accepts for a high-risk managed_service solution" in left
    )
    assert "Mesa & Pine Incident Response Retainer from Mesa & Pine Security, Inc." in chosen
    panel = visible_text(article(page(later_site, "solutions/mesa-pine-managed-detection/")))
    assert "Check first: it is not currently orderable since 2027-03-01" in panel


@pytest.mark.slow
def test_the_expiring_page_lists_them_oldest_first(later_site: Path) -> None:
    words = visible_text(article(page(later_site, "expiring/")))
    section = words.split("Not currently orderable", 1)[1].split("Contracts Contracts", 1)[0]
    assert section.index("Disaster Recovery Services (2021 award) (contract) 2026-10-01") < section.index(
        "Cloud Contact Centre and Surge Staffing Services (contract) 2027-02-01"
    )
    assert "Harborline Records Vault (solution) 2027-06-02" in section
    assert (
        'Riverbend IVR Builder (solution) 2027-02-01 contract "riverbend-contact-center": the contract ended'
        in section
    )


@pytest.mark.slow
def test_the_open_data_says_so_too(later_site: Path) -> None:
    document = full_catalog(later_site)
    solutions = {s["id"]: s["computed"] for s in document["solutions"]}
    assert solutions["harborline-records-migration"]["orderable"] is True
    vault = solutions["harborline-records-vault"]
    assert vault["orderable"] is False
    assert [n["since"] for n in vault["not_orderable"]] == ["2027-06-02"]
    assert [n["since"] for n in solutions["bluestem-workforce-sso"]["not_orderable"]] == ["2027-03-01"]
    contracts = {c["id"]: c["computed"] for c in document["contracts"]}
    assert contracts["riverbend-contact-center"]["not_orderable"][0]["since"] == "2027-02-01"
    text = unzipped_csv(later_site / "api/v1", "solutions.csv").decode("utf-8-sig")
    rows = {row["ID"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["harborline-records-vault"]["Orderable now"] == "no"
    assert rows["harborline-records-vault"]["Not orderable since"] == "2027-06-02"
    assert (
        "cyber and privacy liability per claim is $4M"
        in rows["harborline-records-vault"]["Why not orderable"]
    )
    assert rows["harborline-records-migration"]["Orderable now"] == "yes"


def test_export_carries_the_status_without_a_build(demo_project: Path, run_cli: Any, later: None) -> None:
    result = run_cli("-C", demo_project, "export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.output)
    vault = next(s for s in document["solutions"] if s["id"] == "harborline-records-vault")
    assert vault["computed"]["orderable"] is False


DATES = [f"{year}-{month:02d}-15" for year in range(2027, 2030) for month in (1, 4, 7, 10)] + [
    "2035-01-01",
    "2040-06-30",
]


@pytest.mark.parametrize("fixture", ["demo", "good"])
def test_no_date_stalls_publishing(tmp_path: Path, fixture: str) -> None:
    """Whatever the date, the catalog as it stands has no error: everything time alone brings is a
    lapse. (Both catalogs are clean today, so any error here would be time's.)"""
    from datetime import date

    from site_builder.pipeline import check, open_project

    from conftest import make_project

    root = make_project(tmp_path / fixture, demo=fixture == "demo")
    project = open_project(root)
    for day in DATES:
        result = check(root, today=date.fromisoformat(day), project=project)
        errors = [f"{p.file}: {p.message} ({p.rule})" for p in result.report.errors]
        assert not errors, (day, errors)
    strict = check(root, today=date.fromisoformat(DATES[-1]), project=project, strict=True)
    assert strict.report.errors  # by then everything has lapsed, and --strict says so
    assert {p.rule for p in strict.report.errors} <= {
        "contract-expired",
        "security-credential",
        "data-agreement",
        "scenario-requirements",
        "participating-addendum",
        "insurance-minimum",  # its waiver expired
        "waiver-expired",
        "accessibility-report",
        "required-term-missing",
    }
