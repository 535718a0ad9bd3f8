"""`catalog diff` on real git repositories: entries term by term, loosened first, safe Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from gitrepo import commit, edit, git, init
from markdown_it import MarkdownIt

from site_builder.diff_model import EntryChange
from site_builder.semantic_diff import DiffError, compare_snapshots, diff_catalog, format_report, snapshot_at
from site_builder.term_order import Verdict

from conftest import make_project

CONTRACT = "catalog/contracts/umbrella-software.yaml"
HOSTILE = (
    "Evil [click](javascript:alert(1)) <script>alert(1)</script> ![x](https://evil.example/p.png)"
    " | a | b |\n# Heading `code` $x^2$ @maintainers https://evil.example **bold** <!-- c -->"
)


@pytest.fixture
def repo(project: Path) -> Path:
    """The good fixture committed as `base`, then a second commit that changes terms and entries."""
    init(project)
    edit(
        project / CONTRACT,
        ("multiple: 2\n", "multiple: 1\n"),
        ("cyber_privacy_liability: {per_claim: 5000000", "cyber_privacy_liability: {per_claim: 2000000"),
        ("confirmed_breach_hours: 72", "confirmed_breach_hours: 24"),
        ('end: "2029-01-31"', 'end: "2030-01-31"'),
    )
    edit(
        project / "catalog/solutions/acme-case-manager.yaml",
        ("breach_notification: {confirmed_breach_hours: 24}", "breach_notification: {}"),
    )
    (project / "catalog/vendors/blue-river.yaml").unlink()
    (project / "catalog/solutions/blue-river-training.yaml").unlink()
    new = (project / "catalog/solutions/acme-desktop-suite.yaml").read_text(encoding="utf-8")
    new = new.replace("acme-desktop-suite", "acme-forms").replace("Acme Desktop Suite", "Acme Forms")
    (project / "catalog/solutions/acme-forms.yaml").write_text(new, encoding="utf-8")
    commit(project, "head")
    return project


def test_diff_lists_added_removed_and_changed_with_loosened_terms_first(repo: Path, run_cli: Any) -> None:
    result = run_cli("-C", repo, "diff", "base", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines() == [
        "Catalog changes: 1 added, 2 removed, 2 changed; 2 term(s) loosened, 1 tightened.",
        "changed  contract umbrella-software — IT Umbrella Contract, Software and Cloud",
        "  ! Limitation of liability: cap multiple 2× → 1× (loosened)",
        "  ! Insurance: cyber and privacy liability, per claim $5M → $2M (loosened)",
        "    Data protection: confirmed breach notice 72 h → 24 h (tightened)",
        "    period.end: 2029-01-31 → 2030-01-31",
        "    applies to 3 solutions offered under it: acme-case-manager, acme-desktop-suite, acme-forms",
        "removed  vendor blue-river — Blue River & Sons",
        "changed  solution acme-case-manager — Acme Case Manager",
        (
            "    Data protection: confirmed breach notice: override removed; the contract says the same (24 h) "
            "(neutral)"
        ),
        "added    solution acme-forms — Acme Forms",
        "removed  solution blue-river-training — Blue River Security Awareness Training",
    ]


def test_a_removed_override_is_judged_against_the_contract(repo: Path) -> None:
    """Dropping a tightening override falls back to the contract's looser term: loosened."""
    edit(repo / CONTRACT, ("confirmed_breach_hours: 24", "confirmed_breach_hours: 72"))
    commit(repo, "contract back to 72 h")
    git(repo, "tag", "with-72")
    (change,) = [c for c in diff_catalog(repo, "base", "with-72").entries if c.id == "acme-case-manager"]
    (breach,) = change.changes
    assert breach.text == ("Data protection: confirmed breach notice 24 h → 72 h (contract) (loosened)")
    assert breach.verdict is Verdict.LOOSENED


def test_head_defaults_to_the_working_tree(repo: Path, run_cli: Any) -> None:
    nothing = "No changes to the catalog, its policy, its schemas or anything else.\n"
    assert run_cli("-C", repo, "diff", "HEAD").output == nothing
    edit(repo / CONTRACT, ("data_return_days: 60", "data_return_days: 30"))
    result = run_cli("-C", repo, "diff", "HEAD")
    assert "Data protection: data returned within 60 days → 30 days (tightened)" in result.output
    assert snapshot_at(repo, "base") == snapshot_at(repo, "base~0")


def test_reformatting_is_no_change(repo: Path) -> None:
    flow = (
        "termination: {for_convenience: true, convenience_notice_days: 30, cure_period_days: 30, "
        "non_appropriation: true}"
    )
    block = (
        "termination:\n    for_convenience: true  # a comment\n    convenience_notice_days: 30\n"
        "    cure_period_days: 30\n    non_appropriation: true"
    )
    edit(repo / CONTRACT, (flow, block))
    assert diff_catalog(repo, "HEAD", None).entries == ()


def test_a_file_that_no_longer_parses_is_not_reported_as_removed(repo: Path) -> None:
    (repo / CONTRACT).write_text("id: umbrella-software\nid: twice\n", encoding="utf-8")
    changes = diff_catalog(repo, "HEAD", None).entries
    assert [(c.id, c.status) for c in changes] == [("umbrella-software", "changed")]
    assert "the new version cannot be read (line 2" in changes[0].notes[0]
    assert "appears twice" in changes[0].notes[0]


def test_markdown_summary_escapes_hostile_text(repo: Path) -> None:
    edit(repo / "catalog/solutions/acme-forms.yaml", ("name: Acme Forms", f"name: {json.dumps(HOSTILE)}"))
    edit(repo / CONTRACT, ("venue: Courts of the State of New York", 'venue: "[x](https://evil.example)"'))
    (repo / "docs" / f"{HOSTILE[:20]}.md".replace("/", "_")).write_text("x", encoding="utf-8")
    summary = format_report(diff_catalog(repo, "base", None), "markdown")
    assert summary.index("### Needs maintainer review") < summary.index("**Legal review required:**")
    assert summary.index("### Loosened terms") < summary.index("### Tightened terms")
    assert summary.index("### Tightened terms") < summary.index("### Other changes")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(summary)
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h2", "h3", "p", "ul", "li", "strong", "code", "blockquote", "hr"}, html
    assert 'href="' not in html
    assert "Evil [click](javascript:alert(1)) &lt;script&gt;" in html  # shown as written
    assert "\n# Heading" not in summary  # one line: no heading can be started
    assert "@maintainers" not in html  # no mention that would notify anyone


def test_json_is_complete_and_parsable(repo: Path, run_cli: Any) -> None:
    result = run_cli("-C", repo, "diff", "base", "HEAD", "--format", "json")
    report = json.loads(result.output)
    assert report["summary"]["terms_loosened"] == 2
    first = report["entries"][0]
    assert (first["kind"], first["id"], first["status"]) == ("contracts", "umbrella-software", "changed")
    assert first["changes"][0] == {
        "path": "limitation_of_liability.multiple",
        "text": "Limitation of liability: cap multiple 2× → 1× (loosened)",
        "verdict": "loosened",
        "old": 2,
        "new": 1,
    }
    assert first["affects"] == ["acme-case-manager", "acme-desktop-suite", "acme-forms"]


def test_compare_snapshots_on_plain_dicts() -> None:
    old = {"contracts/c": {"id": "c", "terms": {"governing_law": {"law": "US-NY"}}}}
    new = {"contracts/c": {"id": "c", "terms": {"governing_law": {"law": "US-DE"}}}}
    (change,) = compare_snapshots(old, new, "USD")
    assert change.changes[0].text == (
        "Governing law and disputes: governing law US-NY → US-DE (not comparable: review as loosened)"
    )
    junk = {"contracts/c": {"id": "c", "terms": {"insurance": {"carrier_min_am_best": 7}}}}
    rated = {"contracts/c": {"id": "c", "terms": {"insurance": {"carrier_min_am_best": "A- VII"}}}}
    (odd,) = compare_snapshots(rated, junk, "USD")
    assert odd.changes[0].verdict is Verdict.UNRANKED  # values that cannot be ordered are flagged
    assert odd.flagged


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("no-such-branch", 'unknown revision "no-such-branch"'),
        ("--output=/tmp/x", "is not a git revision"),
        ("main..HEAD", 'unknown revision "main..HEAD"'),
    ],
)
def test_bad_revisions_exit_2(repo: Path, run_cli: Any, base: str, message: str) -> None:
    result = run_cli("-C", repo, "diff", "--", base)
    assert result.exit_code == 2
    assert message in result.stderr


def test_max_chars_is_for_markdown_only(repo: Path, run_cli: Any) -> None:
    result = run_cli("-C", repo, "diff", "base", "--max-chars", "100")
    assert result.exit_code == 2
    assert "only the markdown format is shortened" in result.stderr


def test_outside_a_repository(project: Path) -> None:
    with pytest.raises(DiffError, match="not in a git repository"):
        diff_catalog(project, "HEAD", None)


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo" / "catalog-site")
    init(tmp_path / "repo")
    (tmp_path / "repo" / "setup.py").write_text("print('outside the project')\n", encoding="utf-8")
    edit(project / CONTRACT, ("multiple: 2\n", "multiple: 3\n"))
    assert len(snapshot_at(project, "HEAD")) == 7
    report = diff_catalog(project, "HEAD", None)
    (change,) = report.entries
    assert change.changes[0].text == "Limitation of liability: cap multiple 2× → 3× (tightened)"
    assert report.outside == ()  # the repository's other folders are not this project's


def test_entry_change_keeps_the_names_the_change_feed_reads() -> None:
    change = EntryChange("contracts", "c", "changed", "C", notes=("x",))
    assert (change.term_changes, change.field_changes, change.loosened) == ((), ("x",), ())
