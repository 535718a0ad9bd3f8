"""What users read matches what the code does: commands, rules and the quick start."""

from __future__ import annotations

import re

from site_builder.cli import main
from site_builder.rulebook import format_rules
from site_builder.rules import RULES

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme() -> None:
    for name in main.commands:
        assert f"`catalog {name}" in README, f"catalog {name} is not in the README"


def test_every_command_and_option_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"catalog {name} has no help"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"catalog {name} {param.opts} has no help"  # type: ignore[attr-defined]


def test_every_rule_is_documented_with_example_and_fix() -> None:
    markdown = format_rules(RULES.values(), "markdown")
    for rule in RULES.values():
        assert rule.summary, rule.id
        assert rule.example, rule.id
        assert rule.fix, rule.id
        assert f"### `{rule.id}`" in markdown
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id)


def test_the_readme_layout_names_every_module_of_the_package() -> None:
    layout = README.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    package = REPO / "site_builder"
    for path in sorted(package.iterdir()):
        if path.name.startswith(("_", ".")) or path.name == "py.typed":
            continue
        shown = f"`{path.name}/`" if path.is_dir() else f"`{path.name}`"
        assert shown in layout, f"the README's project layout does not mention {shown}"


def test_quick_start_is_the_two_dev_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./dev site --serve", "./dev test"]
    assert (REPO / "dev").stat().st_mode & 0o111
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "./dev test" in ci


def test_the_open_datas_removed_fields_are_announced_where_consumers_read() -> None:
    """A field the open data no longer carries is named, with what replaces it, in the README and on
    the data page's "Changed in this version" (nothing a consumer reads goes silently)."""
    data_page = (REPO / "site_builder/templates/data.html.j2").read_text(encoding="utf-8")
    changed = data_page.split("Changed in this version", 1)[1].split("</p>", 1)[0]
    readme = README.split("*Changed in this version:*", 1)[1].split("*Earlier:*", 1)[0]
    removed_and_replacing = [
        "effective_terms_changed", "changed_terms", "lots", "status_label", "standing_label",
        "meta.status_labels", "api_version", "index", "record", "page",
        "preNegotiatedTermsChanged", "preNegotiatedTermsChanges", "DTEND",
        # renamed files: the bulk files are published compressed only
        "catalog.json", "catalog.json.gz", "ocds-release-package.json", "ocds-release-package.json.gz",
        "uri", "distributions",
    ]  # fmt: skip
    for name in removed_and_replacing:
        assert f"<code>{name}</code>" in changed, name
        assert f"`{name}`" in readme, name
