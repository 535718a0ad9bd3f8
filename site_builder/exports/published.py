"""`/schema/`: the JSON Schemas and the terms policy exactly as in the repository, with an index.

Editors point `# yaml-language-server: $schema=` at these URLs, and other tools validate against
them, so the files are copied byte for byte; the index (HTML for people, JSON for tools) lists
each file with its title, size and SHA-256.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..jsonout import json_bytes
from ..policy import POLICY_FILE


@dataclass(frozen=True)
class Published:
    name: str
    title: str
    description: str
    content: bytes


def published_files(root: Path) -> list[Published]:
    """The schemas (sorted by name) and then the terms policy."""
    found = []
    for path in sorted((root / "schema").glob("*.schema.json")):
        content = path.read_bytes()
        try:
            schema: Any = json.loads(content)
        except ValueError:
            schema = {}
        schema = schema if isinstance(schema, dict) else {}
        found.append(
            Published(
                path.name, str(schema.get("title", path.name)), str(schema.get("description", "")), content
            )
        )
    policy = root / POLICY_FILE
    found.append(
        Published(
            policy.name,
            "Terms policy",
            "The pre-negotiated terms every entry must carry to be listed, edited by the jurisdiction.",
            policy.read_bytes(),
        )
    )
    return found


def index_json(files: list[Published], meta: Mapping[str, Any]) -> bytes:
    listing = [
        {
            "name": f.name,
            "title": f.title,
            "description": f.description,
            "bytes": len(f.content),
            "sha256": hashlib.sha256(f.content).hexdigest(),
        }
        for f in files
    ]
    document = {"source_commit": meta["source_commit"], "policy": meta["policy"], "files": listing}
    return json_bytes(document, pretty=True)


def index_html(files: list[Published], meta: Mapping[str, Any]) -> bytes:
    """A plain page without scripts or styles: every value escaped."""
    esc = html.escape
    rows = "\n".join(
        f'    <tr><td><a href="{esc(f.name)}">{esc(f.name)}</a></td><td>{esc(f.title)}</td>'
        f"<td>{esc(f.description)}</td><td>{len(f.content):,}</td></tr>"
        for f in files
    )
    policy = meta["policy"]
    commit = meta["source_commit"] or "not from a git checkout"
    page = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Schemas and terms policy</title>
</head>
<body>
  <main>
  <h1>Schemas and terms policy</h1>
  <p>The JSON Schemas (draft 2020-12) that catalog entries are validated against, and the terms
  policy (version {esc(str(policy["version"]))} of {esc(str(policy["id"]))}) that says what every entry must carry,
  exactly as in the source repository at commit {esc(commit)}. Point an editor at a schema's address for
  completion and checks as you type; <a href="index.json">index.json</a> lists the same files with their
  SHA-256 for tools.</p>
  <table>
    <caption>Published files</caption>
    <thead><tr><th scope="col">File</th><th scope="col">Title</th><th scope="col">What it describes</th>
    <th scope="col">Bytes</th></tr></thead>
    <tbody>
{rows}
    </tbody>
  </table>
  <p><a href="../">Back to the catalog</a></p>
  </main>
</body>
</html>
"""
    return page.encode("utf-8")
