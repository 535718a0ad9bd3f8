"""`/feed.xml`: Atom from git history (term changes in `catalog diff`'s words), or the current state."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest
from test_exports_support import SITE_URL, commit_all, export_site, git, replace_in, yaml_files

from site_builder.exports.history import MAX_ENTRIES_PER_COMMIT
from site_builder.exports.settings import make_settings
from site_builder.model import KINDS

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(site: Path) -> Any:
    raw = (site / "feed.xml").read_bytes()
    ET.fromstring(raw)  # noqa: S314 -- our own output: well-formed XML, or this raises
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture
def history(project: Path) -> Path:
    """The good project in git: listed, then a term loosened on the contract (with the solution
    that needs it keeping its own limit) in a commit whose message is hostile, then a vendor gone."""
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "List the umbrella contract", "2026-09-01T10:00:00Z")
    replace_in(
        project / "catalog/contracts/umbrella-software.yaml",
        "cyber_privacy_liability: {per_claim: 5000000, aggregate: 5000000}",
        "cyber_privacy_liability: {per_claim: 2000000, aggregate: 2000000}",
    )
    replace_in(
        project / "catalog/solutions/acme-case-manager.yaml",
        "    breach_notification: {confirmed_breach_hours: 24}\n",
        "    breach_notification: {confirmed_breach_hours: 24}\n"
        "  insurance:\n    coverages:\n      cyber_privacy_liability: {per_claim: 5000000}\n",
    )
    commit_all(
        project, 'Lower cyber cover </title><script>alert("x")</script> & \x01 more', "2026-10-01T10:00:00Z"
    )
    replace_in(
        project / "catalog/solutions/blue-river-training.yaml", "vendor: blue-river", "vendor: acme-gov"
    )
    (project / "catalog/vendors/blue-river.yaml").unlink()
    commit_all(project, "Blue River leaves; Acme sells the training", "2026-11-01T10:00:00Z")
    return project


def test_without_git_the_feed_lists_the_current_state_and_says_so(project: Path, tmp_path: Path) -> None:
    export_site(project, tmp_path / "site")
    parsed = parse(tmp_path / "site")
    assert "No change history is available" in parsed.feed.subtitle
    total = sum(len(ids) for ids in yaml_files(project).values())
    assert len(parsed.entries) == total
    assert all(e.title.startswith("Currently listed ") for e in parsed.entries)
    assert all("No change history" in e.summary for e in parsed.entries)
    ids = [e.id for e in parsed.entries]
    export_site(project, tmp_path / "later", today=date(2026, 12, 20))
    assert [e.id for e in parse(tmp_path / "later").entries] == ids  # not renewed as days count down
    assert len(set(ids)) == total
    assert all(i.startswith("urn:uuid:") for i in ids)


def test_changes_from_git_history_in_the_words_of_catalog_diff(history: Path, tmp_path: Path) -> None:
    export_site(history, tmp_path / "site", make_settings(SITE_URL, None))
    parsed = parse(tmp_path / "site")
    titles = [e.title for e in parsed.entries]
    assert titles[:3] == [
        "Vendor removed: Blue River & Sons",
        "Solution changed: Blue River Security Awareness Training",
        "Contract changed: IT Umbrella Contract, Software and Cloud (2 terms loosened)",
    ]
    contract = parsed.entries[2]
    assert "Insurance: cyber and privacy liability, per claim $5M → $2M (loosened)" in contract.summary
    assert "Applies to the 3 solutions now offered under it" in contract.summary
    assert contract.link == f"{SITE_URL}contracts/umbrella-software/"
    assert contract.updated == "2026-10-01T10:00:00Z"
    assert contract.author == "Catalog Editor"
    override = next(e for e in parsed.entries if e.title == "Solution changed: Acme Case Manager")
    assert (
        "Insurance: cyber and privacy liability, per claim $2M (contract) → $5M (tightened)"
        in override.summary
    )
    removed = parsed.entries[0]
    assert removed.get("links", []) == []  # a removed entry has no page any more
    first_commit = [e for e in parsed.entries if e.updated == "2026-09-01T10:00:00Z"]
    assert len(first_commit) == 7
    assert all(" added: " in e.title for e in first_commit)
    assert parsed.feed.updated == "2026-11-01T10:00:00Z"
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_hostile_commit_messages_are_filtered_like_entries(history: Path, tmp_path: Path) -> None:
    export_site(history, tmp_path / "site")
    raw = (tmp_path / "site/feed.xml").read_bytes()
    assert b"<script" not in raw
    assert b"alert(" not in raw  # not even escaped: the message is not shown at all
    root = ET.fromstring(raw)  # noqa: S314 -- our own output
    contents = [c.text or "" for c in root.iter(f"{ATOM}content")]
    hostile = next(c for c in contents if "its message is not shown" in c)
    assert "it contains U+0001, a control character" in hostile


def test_reordering_characters_and_look_alike_authors_never_reach_the_feed(
    history: Path, tmp_path: Path
) -> None:
    replace_in(history / "catalog/vendors/acme-gov.yaml", "name: Sales desk", "name: Sales office")
    git(history, "add", "-A")
    git(
        history,
        "commit",
        "-q",
        "--author=\u0421atalog \u0415ditor <editor@example.gov>",  # Cyrillic С and Е
        "-m",
        "Approve \u202egnp.exe by legal",
        when="2026-11-10T10:00:00Z",
    )
    assert git(history, "log", "-1", "--format=%an") == "\u0421atalog \u0415ditor"
    export_site(history, tmp_path / "site")
    raw = (tmp_path / "site/feed.xml").read_bytes().decode("utf-8")
    assert "\u202e" not in raw
    assert "\u0421atalog" not in raw
    parsed = parse(tmp_path / "site")
    newest = parsed.entries[0]
    assert "its message is not shown: it contains U+202E RIGHT-TO-LEFT OVERRIDE" in newest.summary
    assert newest.get("author") is None  # an author that fails the name checks is left out
    assert parsed.entries[1].get("author") == "Catalog Editor"


def test_entry_ids_are_stable_across_builds_and_new_commits(history: Path, tmp_path: Path) -> None:
    export_site(history, tmp_path / "one")
    before = {e.title: e.id for e in parse(tmp_path / "one").entries}
    replace_in(history / "catalog/vendors/acme-gov.yaml", "name: Sales desk", "name: Sales office")
    commit_all(history, "Rename the sales desk", "2026-11-10T10:00:00Z")
    export_site(history, tmp_path / "two")
    after = parse(tmp_path / "two").entries
    assert after[0].title == "Vendor changed: Acme Gov Systems"
    assert "contacts" in after[0].summary
    assert {e.title: e.id for e in after[1:]} == before


def test_a_commit_touching_many_entries_is_summarised(history: Path, tmp_path: Path) -> None:
    template = (history / "catalog/vendors/acme-gov.yaml").read_text(encoding="utf-8")
    count = MAX_ENTRIES_PER_COMMIT + 5
    for number in range(count):
        vendor_id = f"bulk-vendor-{number}"
        text = template.replace("id: acme-gov", f"id: {vendor_id}").replace(
            "Acme Gov Systems", f"Bulk {number}"
        )
        (history / f"catalog/vendors/{vendor_id}.yaml").write_text(text, encoding="utf-8")
    commit_all(history, "Import vendors", "2026-11-20T10:00:00Z")
    export_site(history, tmp_path / "site")
    entries = parse(tmp_path / "site").entries
    assert entries[0].title == f"{count} catalog entries changed"
    assert f"{count} vendors added" in entries[0].summary
    assert "catalog diff" in entries[0].summary


def test_a_shallow_clone_has_no_history_and_says_so(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)],
        check=True,
        capture_output=True,
    )
    export_site(clone, tmp_path / "site")
    parsed = parse(tmp_path / "site")
    assert "shallow clone" in parsed.feed.subtitle
    assert len(parsed.entries) == sum(len(yaml_files(clone)[kind]) for kind in KINDS)
