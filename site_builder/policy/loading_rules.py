"""Rules raised while files are found, read and checked against the schemas (documented here)."""

from __future__ import annotations

from .registry import Rule, register

for _rule in (
    Rule(
        "file-layout",
        "Every file in catalog/ is a <kinds>/<id>.yaml entry in a known folder.",
        "catalog/solutions/Acme CRM.yml",
        "Rename to lowercase words joined by hyphens, ending in "
        ".yaml, inside vendors/, contracts/, solutions/ or scenarios/.",
        family="file",
    ),
    Rule(
        "file-type",
        "Catalog files are regular, non-executable files: no links, no sub-modules.",
        "catalog/vendors/acme.yaml -> /etc/passwd",
        "Replace the link with a regular file.",
        family="file",
    ),
    Rule(
        "file-size",
        "A catalog file is at most 256 KiB.",
        "a 2 MB description pasted in",
        "Shorten the text; link longer documents instead.",
        family="file",
    ),
    Rule(
        "encoding",
        "Files are UTF-8 text.",
        "a file saved as Windows-1252",
        "Save the file as UTF-8.",
        family="file",
    ),
    Rule(
        "invisible-character",
        "No control, zero-width or bidirectional-override characters.",
        'name: "Acme\u200b CRM"',
        "Retype the text without copying hidden characters.",
        family="yaml",
    ),
    Rule(
        "yaml-syntax",
        "The file is one well-formed YAML document.",
        "name: [unclosed",
        "Fix the indentation or quoting at the line named.",
        family="yaml",
    ),
    Rule(
        "yaml-duplicate-key",
        "No key appears twice in the same mapping.",
        "name: A\nname: B",
        "Keep one; YAML would silently use only the last.",
        family="yaml",
    ),
    Rule(
        "yaml-alias",
        "No anchors, aliases or merge keys.",
        "terms: *shared",
        "Write every value out in full.",
        family="yaml",
    ),
    Rule(
        "yaml-tag",
        "No YAML tags.",
        "name: !!binary aGVsbG8=",
        "Remove the tag; quote the value if it should be text.",
        family="yaml",
    ),
    Rule("yaml-key-type", "Keys are plain names.", "1: one", "Quote the key or rename it.", family="yaml"),
    Rule(
        "yaml-nesting",
        "Data is nested at most 24 levels deep.",
        "a: {b: {c: {… 30 levels …}}}",
        "Flatten the structure.",
        family="yaml",
    ),
    Rule(
        "schema",
        "The entry has the fields its kind's schema requires, with allowed values.",
        "risk_tier: severe",
        "Use the fields and values the message lists.",
        family="schema",
    ),
    Rule(
        "id-mismatch",
        "The `id` inside a file equals its file name.",
        "catalog/vendors/acme.yaml with id: acme-inc",
        "Make the id and the file name the same.",
        family="catalog",
    ),
    Rule(
        "id-duplicate",
        "Ids are unique, also ignoring case and Unicode look-alike forms.",
        "catalog/vendors/acme.yaml and catalog/solutions/acme.yaml are fine; two vendors whose "
        "ids differ only by a look-alike letter are not",
        "Rename one of the entries.",
        family="catalog",
    ),
):
    register(_rule)
