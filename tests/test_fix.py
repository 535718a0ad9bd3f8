"""`catalog fix` on every bad example: each fix makes its finding go, changes only the lines it is
about, and brings no new finding; the fix is the same data in the JSON output and in the text."""

from __future__ import annotations

import copy
import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from site_builder import yamledit, yamlsafe
from site_builder.problems import Change

from cases import Case, apply_case, load_cases
from conftest import REPO, make_project

CASES = load_cases()


def _problems(run_cli: Any, root: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("-C", root, "validate", "--format", "json", *args)
    return json.loads(result.output)  # type: ignore[no-any-return]


def _identity(problem: dict[str, Any]) -> tuple[str, str, str, str]:
    return problem["file"], problem["rule"], problem["pointer"], problem["message"]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "catalog").rglob("*"))
        if path.is_file() and not path.is_symlink()
    } | {"schema/terms-policy.yaml": (root / "schema/terms-policy.yaml").read_bytes()}


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _reference(data: Any, changes: list[dict[str, Any]]) -> Any:
    """What the data must become: each change made on plain values, independently of the editor."""
    data = copy.deepcopy(data)
    ordered = [c for c in changes if c["op"] != "remove"] + sorted(
        (c for c in changes if c["op"] == "remove"),
        key=lambda c: [int(t) if t.isdigit() else -1 for t in _tokens(c["path"])],
        reverse=True,
    )
    for change in ordered:
        parts = _tokens(change["path"])
        node = data
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        last = parts[-1]
        if change["op"] == "set":
            if isinstance(node, list):
                node[int(last)] = change["value"]
            else:
                node[last] = change["value"]
        elif change["op"] == "add":
            node.setdefault(last, []).append(change["value"])
        elif change["op"] == "rename":
            node[change["value"]] = node.pop(last)  # order is the text check's business
        elif change["op"] == "remove":
            del node[int(last) if isinstance(node, list) else last]
            for depth in range(len(parts) - 1, 0, -1):  # mappings and lists left empty go too
                parent = data
                for part in parts[: depth - 1]:
                    parent = parent[int(part)] if isinstance(parent, list) else parent[part]
                key: Any = int(parts[depth - 1]) if isinstance(parent, list) else parts[depth - 1]
                if parent[key] in ({}, []):
                    del parent[key]
                else:
                    break
    return data


def _touched_lines(text: str, file: str, changes: list[dict[str, Any]]) -> set[int]:
    """The lines of the original a change may rewrite: where its target or its deepest existing
    parent is, and every line of what it removes or renames."""
    marks: dict[str, yamlsafe.Mark] = {}
    yamlsafe.load(text, file, marks)
    lines: set[int] = set()
    for change in changes:
        if change["op"] == "delete-text":
            lines.add(change["value"]["line"])
            continue
        found = change["path"]
        while found and found not in marks:
            found = found[: found.rfind("/")]
        targets = [p for p in marks if p == found or p.startswith(found + "/")] if found else []
        if change["op"] in {"set", "add"} and found != change["path"]:
            targets = [found] if found else []  # new fields go below it (or in its flow mapping)
        lines |= {marks[p].line for p in targets}
        if change["op"] in {"set", "remove", "rename"} and found == change["path"]:
            # A value written over several lines (a block of text) ends where the next field starts.
            start = marks[found].line
            following = [m.line for m in marks.values() if m.line > start]
            lines |= set(range(start, min(following, default=len(text.split("\n")) + 1)))
        # A removal may empty the mappings above it: their lines go too.
        if change["op"] == "remove":
            parent = change["path"]
            while "/" in parent.strip("/"):
                parent = parent[: parent.rfind("/")]
                lines.add(marks[parent].line)
    return lines


@pytest.mark.slow
def test_every_fix_of_every_bad_example_clears_its_finding_and_nothing_else(
    tmp_path: Path, run_cli: Any
) -> None:
    fixed_cases = 0
    fixes_seen: set[str] = set()
    for case in CASES:
        root = apply_case(case, tmp_path / case.name)
        args = [str(a).replace("{root}", str(root)) for a in case.spec.get("args") or []]  # type: ignore[attr-defined]
        before = _problems(run_cli, root, *args)
        with_fix = [p for p in before if p["fix"] is not None]
        if not with_fix:
            continue
        fixed_cases += 1
        original = _snapshot(root)
        result = run_cli(
            "-C",
            root,
            "fix",
            "--with-suggestions",
            "--with-commitments",
            *[a for a in args if a != "--strict"],
        )
        assert result.exit_code in (0, 1), result.output + result.stderr
        after = _problems(run_cli, root, *args)
        now = _snapshot(root)
        renamed = {
            c["value"]: p["file"] for p in with_fix for c in p["fix"]["changes"] if c["op"] == "rename-file"
        }
        after_ids = {(renamed.get(p["file"], p["file"]), *_identity(p)[1:]) for p in after}
        before_ids = {_identity(p) for p in before}
        for problem in with_fix:
            fixes_seen |= {c["op"] for c in problem["fix"]["changes"]}
            assert _identity(problem) not in after_ids, (
                f"{case.name}: still reported: {problem}\n{result.output}"
            )
        assert after_ids <= before_ids, f"{case.name}: new findings {after_ids - before_ids}\n{result.output}"
        for file, old in original.items():
            changes = [c for p in with_fix if p["file"] == file for c in p["fix"]["changes"]]
            moved = next((c["value"] for c in changes if c["op"] == "rename-file"), file)
            new = now.get(moved)
            assert new is not None, f"{case.name}: {file} is gone"
            if not changes:
                assert new == old, f"{case.name}: {file} changed without a fix for it"
                continue
            if not any(c["op"] in {"set", "add", "remove", "rename", "delete-text"} for c in changes):
                assert new == old
                continue
            _check_edit(case, file, old.decode("utf-8"), new.decode("utf-8"), changes)
        if any(c["op"] == "clear-executable" for p in with_fix for c in p["fix"]["changes"]):
            assert not os.access(root / with_fix[0]["file"], os.X_OK)
    assert fixed_cases >= 25, fixed_cases
    assert fixes_seen == {"set", "add", "remove", "rename", "delete-text", "rename-file", "clear-executable"}


def _check_edit(case: Case, file: str, old: str, new: str, changes: list[dict[str, Any]]) -> None:
    text_changes = sorted(
        (c for c in changes if c["op"] == "delete-text"),
        key=lambda c: (c["value"]["line"], c["value"]["column"]),
        reverse=True,  # from the end: each deletion leaves the others' columns where they were
    )
    data_changes = [c for c in changes if c["op"] in {"set", "add", "remove", "rename"}]
    readable = old
    for change in text_changes:
        where = change["value"]
        lines = readable.split("\n")
        line = lines[where["line"] - 1]
        lines[where["line"] - 1] = (
            line[: where["column"] - 1] + line[where["column"] - 1 + len(where["text"]) :]
        )
        readable = "\n".join(lines)
    old_data, problems = yamlsafe.load(readable, file)
    assert not problems, problems
    new_data, problems = yamlsafe.load(new, file)
    assert not problems, f"{case.name}: the fixed file does not load: {problems}"
    assert new_data == _reference(old_data, data_changes), f"{case.name}: {file} holds other data"
    allowed = _touched_lines(readable, file, data_changes) | {c["value"]["line"] for c in text_changes}
    matcher = difflib.SequenceMatcher(a=old.split("\n"), b=new.split("\n"), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in {"replace", "delete"}:
            rewritten = set(range(i1 + 1, i2 + 1))
            assert rewritten <= allowed, (
                f"{case.name}: {file} lines {sorted(rewritten - allowed)} changed; only {sorted(allowed)} "
                "may:\n" + "\n".join(difflib.unified_diff(old.split("\n"), new.split("\n"), lineterm=""))
            )


def test_the_json_fix_is_what_the_text_shows(tmp_path: Path, run_cli: Any) -> None:
    case = next(c for c in CASES if c.name == "breach-notification")
    root = apply_case(case, tmp_path / "project")
    (problem,) = _problems(run_cli, root)
    assert problem["fix"] == {
        "kind": "commitment",
        "changes": [
            {
                "op": "set",
                "path": "/terms_overrides/data_protection/breach_notification/confirmed_breach_hours",
                "value": 24,
            }
        ],
    }
    text = run_cli("-C", root, "validate", "--format", "text").output
    # The nested YAML to write, never a dotted path that pasted would be one long key.
    assert "terms_overrides.data_protection" not in text
    assert (
        "terms_overrides:   # line 19, already in the file: add below it\n" in text.replace("  " * 12, "")
        or "terms_overrides:   # line 19" in text
    )
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index(next(line for line in lines if line.startswith("terms_overrides:")))
    assert lines[start + 1 : start + 4] == [
        "data_protection:",
        "breach_notification:",
        "confirmed_breach_hours: 24",
    ]
    assert "`catalog fix --with-commitments`" in text


def test_a_dotted_key_pasted_from_an_old_hint_is_nested_by_fix(project: Path, run_cli: Any) -> None:
    path = project / "catalog/solutions/acme-case-manager.yaml"
    text = path.read_text(encoding="utf-8")
    pasted = "terms_overrides.data_protection.breach_notification.confirmed_breach_hours: 12\n"
    path.write_text(text.rstrip("\n") + "\n" + pasted, encoding="utf-8")
    (problem,) = [p for p in _problems(run_cli, project) if p["rule"] == "schema"]
    assert "74 characters" in problem["message"]
    assert problem["fix"]["kind"] == "correction"
    result = run_cli("-C", project, "fix")
    assert result.exit_code == 0, result.output
    data, _ = yamlsafe.load(path.read_text(encoding="utf-8"), "x")
    assert data["terms_overrides"]["data_protection"]["breach_notification"]["confirmed_breach_hours"] == 12
    assert "terms_overrides.data_protection" not in path.read_text(encoding="utf-8")


def test_fix_never_writes_what_the_loader_refuses_and_dry_run_writes_nothing(
    project: Path, run_cli: Any
) -> None:
    path = project / "catalog/vendors/acme-gov.yaml"
    text = path.read_text(encoding="utf-8").replace("size: medium", "size: Medium")
    path.write_text(text, encoding="utf-8")
    dry = run_cli("-C", project, "fix", "--with-suggestions", "--dry-run")
    assert path.read_text(encoding="utf-8") == text
    assert "-size: Medium" in dry.output
    assert "+size: medium" in dry.output
    assert "Would fix 1 finding in 1 file" in dry.output
    done = run_cli("-C", project, "fix", "--with-suggestions")
    assert "size: medium" in path.read_text(encoding="utf-8")
    assert "Fixed 1 finding in 1 file" in done.output
    assert done.exit_code == 0


def test_fix_leaves_guesses_and_commitments_to_a_person_by_default(tmp_path: Path, run_cli: Any) -> None:
    case = next(c for c in CASES if c.name == "reference")
    root = apply_case(case, tmp_path / "project")
    before = _snapshot(root)
    result = run_cli("-C", root, "fix")
    assert _snapshot(root) == before
    assert result.exit_code == 1
    assert "--with-suggestions" in result.output
    assert 'has no lot "7"' in result.output.split("Still needs a person:", 1)[1]


def test_fix_only_touches_the_files_named(tmp_path: Path, run_cli: Any) -> None:
    case = next(c for c in CASES if c.name == "indemnification-required")
    root = apply_case(case, tmp_path / "project")
    before = _snapshot(root)
    run_cli("-C", root, "fix", "--with-commitments", root / "catalog/solutions/acme-case-manager.yaml")
    after = _snapshot(root)
    changed = {f for f in before if before[f] != after[f]}
    assert changed == {"catalog/solutions/acme-case-manager.yaml"}


def test_a_fix_that_would_break_the_file_is_put_back(project: Path, run_cli: Any) -> None:
    # The closest level to "li-saas" is FedRAMP's li_saas, which a GovRAMP authorization may not
    # have: written, the file would still fail its schema, so the editor puts it back.
    path = project / "catalog/solutions/acme-case-manager.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("program: fedramp, level: moderate", "program: govramp, level: li-saas")
    path.write_text(text, encoding="utf-8")
    outcome = run_cli("-C", project, "fix", "--with-suggestions")
    assert path.read_text(encoding="utf-8") == text
    assert 'put back: it would have brought authorizations[0].level: "li_saas"' in outcome.output
    assert outcome.exit_code == 1


def test_findings_a_fix_unmasks_are_kept_and_reported(project: Path, run_cli: Any) -> None:
    # Once its category is spelt right, the solution is checked as software: what the policy
    # asks of software shows, and the fix stays.
    path = project / "catalog/solutions/acme-desktop-suite.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("category: software_license", "category: saaz"), encoding="utf-8")
    outcome = run_cli("-C", project, "fix", "--with-suggestions")
    assert "category: saas" in path.read_text(encoding="utf-8")
    assert "Still needs a person:" in outcome.output
    assert "(security-credential)" in outcome.output


@pytest.mark.parametrize(
    "path",
    sorted(
        [*(REPO / "catalog").rglob("*.yaml"), REPO / "schema" / "terms-policy.yaml"],
        key=lambda p: p.as_posix(),
    ),
    ids=lambda p: p.name,
)
def test_every_shipped_file_comes_back_byte_for_byte_and_takes_an_edit_in_place(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data, _ = yamlsafe.load(text, path.name)
    key = next(iter(data))
    edited = yamledit.apply(text, [Change("set", "/zz_probe", True), Change("set", f"/{key}", data[key])])
    old, new = text.split("\n"), edited.split("\n")
    assert [line for line in new if line not in old] == ["zz_probe: true"]
    assert [line for line in old if line not in new] == []


def test_a_layout_the_editor_would_change_is_refused(tmp_path: Path) -> None:
    text = "id: x\nlist:\n    -   a\n    - b\nz:   1\n"
    with pytest.raises(yamledit.EditError, match="by hand"):
        yamledit.apply(text, [Change("set", "/z", 2)])


def test_fixing_the_demo_changes_nothing(tmp_path: Path, run_cli: Any) -> None:
    root = make_project(tmp_path / "demo", demo=True)
    before = _snapshot(root)
    result = run_cli("-C", root, "fix", "--with-suggestions", "--with-commitments")
    assert result.exit_code == 0, result.output
    assert _snapshot(root) == before
