"""`catalog diff` on real git repositories: entries and terms, loosened first, safe Markdown."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from site_builder.semantic_diff import (
    DiffError,
    EntryChange,
    compare_snapshots,
    diff_catalog,
    format_diff,
    snapshot_at,
)

from conftest import make_project

CONTRACT = "catalog/contracts/umbrella-software.yaml"
HOSTILE = (
    "Evil [click](javascript:alert(1)) <script>alert(1)</script> ![x](https://evil.example/p.png)"
    " | a | b |\n# Heading `code` $x^2$ @maintainers https://evil.example **bold** <!-- c -->"
)


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": "2026-11-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-01T00:00:00Z",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(project: Path) -> Path:
    """The good fixture committed as `base`, then a second commit that changes terms and entries."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    git(project, "tag", "base")
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
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "head")
    return project


def test_diff_lists_added_removed_and_changed_with_loosened_terms_first(repo: Path, run_cli: Any) -> None:
    result = run_cli("-C", repo, "diff", "base", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines() == [
        "Catalog changes: 1 added, 2 removed, 2 changed; 3 term(s) loosened, 1 tightened.",
        "changed  contract umbrella-software — IT Umbrella Contract, Software and Cloud",
        "  ! Limitation of liability: cap multiple 2× → 1× (loosened)",
        "  ! Insurance: cyber and privacy liability, per claim $5M → $2M (loosened)",
        "    Data protection: confirmed breach notice 72 h → 24 h (tightened)",
        "    period.end: 2029-01-31 → 2030-01-31",
        "    applies to 3 solutions offered under it: acme-case-manager, acme-desktop-suite, acme-forms",
        "changed  solution acme-case-manager — Acme Case Manager",
        "  ! Data protection: confirmed breach notice 24 h → as in the contract (loosened)",
        "removed  vendor blue-river — Blue River & Sons",
        "added    solution acme-forms — Acme Forms",
        "removed  solution blue-river-training — Blue River Security Awareness Training",
    ]


def test_head_defaults_to_the_working_tree(repo: Path, run_cli: Any) -> None:
    assert run_cli("-C", repo, "diff", "HEAD").output == "No changes to the catalog.\n"
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
    assert diff_catalog(repo, "HEAD", None) == []


def test_a_file_that_no_longer_parses_is_not_reported_as_removed(repo: Path) -> None:
    (repo / CONTRACT).write_text("id: umbrella-software\nid: twice\n", encoding="utf-8")
    changes = diff_catalog(repo, "HEAD", None)
    assert [(c.id, c.status) for c in changes] == [("umbrella-software", "changed")]
    assert "the new version cannot be read (line 2" in changes[0].field_changes[0]
    assert "appears twice" in changes[0].field_changes[0]


def test_markdown_summary_escapes_hostile_text(repo: Path) -> None:
    edit(repo / "catalog/solutions/acme-forms.yaml", ("name: Acme Forms", f"name: {json.dumps(HOSTILE)}"))
    edit(repo / CONTRACT, ("venue: Courts of the State of New York", 'venue: "[x](https://evil.example)"'))
    summary = format_diff(diff_catalog(repo, "base", None), "markdown")
    assert summary.index("### Loosened terms") < summary.index("### Tightened terms")
    assert summary.index("### Tightened terms") < summary.index("### Other changes")
    assert "**Legal review required:**" in summary
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(summary)
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h2", "h3", "p", "ul", "li", "strong", "code", "blockquote"}, html
    assert 'href="' not in html
    assert "Evil [click](javascript:alert(1)) &lt;script&gt;" in html  # shown as written
    assert "\n# Heading" not in summary  # one line: no heading can be started
    assert "@maintainers" not in html  # no mention that would notify anyone


def test_json_is_complete_and_parsable(repo: Path, run_cli: Any) -> None:
    result = run_cli("-C", repo, "diff", "base", "HEAD", "--format", "json")
    changes = json.loads(result.output)
    first = changes[0]
    assert (first["kind"], first["id"], first["status"]) == ("contracts", "umbrella-software", "changed")
    assert first["term_changes"][0] == {
        "path": "limitation_of_liability.multiple",
        "label": "Limitation of liability: cap multiple",
        "old": 2,
        "new": 1,
        "direction": -1,
        "text": "Limitation of liability: cap multiple 2× → 1× (loosened)",
    }


def test_policy_changes_are_reported(repo: Path) -> None:
    edit(repo / "schema/terms-policy.yaml", ("min_multiple: 1.0", "min_multiple: 0.5"))
    changes = diff_catalog(repo, "HEAD", None)
    assert changes == [
        EntryChange(
            "policy",
            "terms-policy",
            "changed",
            "Terms policy",
            (),
            ("limitation_of_liability.min_multiple: 1.0 → 0.5",),
        )
    ]
    assert "`schema/terms-policy.yaml` changed" in format_diff(changes, "markdown")


def test_compare_snapshots_on_plain_dicts() -> None:
    old = {"contracts/c": {"id": "c", "terms": {"governing_law": {"law": "US-NY"}}}}
    new = {"contracts/c": {"id": "c", "terms": {"governing_law": {"law": "US-DE"}}}}
    (change,) = compare_snapshots(old, new, "USD")
    assert change.term_changes[0].text == (
        "Governing law and disputes: governing law US-NY → US-DE (not comparable: review as loosened)"
    )
    junk = {"contracts/c": {"id": "c", "terms": {"insurance": {"carrier_min_am_best": 7}}}}
    rated = {"contracts/c": {"id": "c", "terms": {"insurance": {"carrier_min_am_best": "A- VII"}}}}
    (odd,) = compare_snapshots(rated, junk, "USD")
    assert odd.term_changes[0].direction < 0  # values that cannot be ordered count with the loosened


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


def test_outside_a_repository(project: Path) -> None:
    with pytest.raises(DiffError, match="not in a git repository"):
        diff_catalog(project, "HEAD", None)


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo" / "catalog-site")
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "base")
    edit(project / CONTRACT, ("multiple: 2\n", "multiple: 3\n"))
    assert len(snapshot_at(project, "HEAD")) == 7
    (change,) = diff_catalog(project, "HEAD", None)
    assert change.term_changes[0].text == "Limitation of liability: cap multiple 2× → 3× (tightened)"
