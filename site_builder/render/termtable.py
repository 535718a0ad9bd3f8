"""The terms a solution sets itself, as one table: a row per term, a column per contract.

A contract's pre-negotiated terms are the same for every solution under it, so they are shown once,
on the contract's page; a solution page names the contracts whose terms apply, links to them, and
tabulates only its overrides, each with the contract's value it tightens and the signed instrument
that binds it (once, under the table, when one instrument signed every value). A solution offered
under two contracts gets one table with a column per contract.

Rows leave out their optional end tags (`</th>`, `</td>`, `</tr>`), as HTML allows, and the
`scope` of their header cell, which HTML gives a first column of header cells by itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from markupsafe import Markup, escape

from ..model import Contract, Solution
from ..provenance import Instrument
from ..terms import FAMILIES
from .sitedata import SiteData
from .views import TermGroup, TermRow

NOT_STATED = "not stated"


def solution_contracts(data: SiteData, solution: Solution) -> list[tuple[Contract, list[TermGroup]]]:
    """Each contract the solution is offered under, once, with the term groups its overrides
    state there (`own_terms` reads no others)."""
    seen: dict[str, tuple[Contract, list[TermGroup]]] = {}
    for offering in solution.offerings:
        if offering.contract_id not in seen:
            contract = data.catalog.contracts[offering.contract_id]
            seen[offering.contract_id] = (contract, data.own_groups(solution, offering))
    return list(seen.values())


def own_terms(
    columns: Sequence[tuple[Contract, list[TermGroup]]], overrides: Mapping[str, object]
) -> list[tuple[Contract, list[TermGroup]]]:
    """Per contract, only the rows the solution states itself (its overrides): the contract's
    own terms are on the contract's page, once, instead of on every solution page under it.
    The layer is the same on every row, so it is not named again in each cell."""
    own = []
    for contract, groups in columns:
        kept = []
        for group in groups:
            if group.family not in overrides:
                continue
            rows = tuple(
                replace(row, source="", clause=row.citation)
                for row in group.rows
                if row.source == "this solution"
            )
            if rows:
                kept.append(replace(group, rows=rows))
        own.append((contract, kept))
    return own


def term_matrix(columns: Sequence[tuple[Contract, list[TermGroup]]]) -> Markup:
    """The <tbody> elements of the table: one per family, a cell per contract."""
    by_family = [{group.family: group for group in groups} for _, groups in columns]
    families: list[str] = []
    for _, column in columns:
        families.extend(group.family for group in column if group.family not in families)
    order = {family: place for place, family in enumerate(FAMILIES)}
    families.sort(key=lambda family: order.get(family, len(order)))
    shared = _one_instrument(columns)
    parts = [_family_body([found.get(family) for found in by_family], shared is None) for family in families]
    if shared is not None:
        parts.append(
            f'<tfoot><tr><td colspan="{len(columns) + 1}">Each term set above was {_signed(shared)}.</tfoot>\n'
        )
    return Markup("".join(parts))  # noqa: S704  (every piece of text escaped below)


def single_term(columns: Sequence[tuple[Contract, list[TermGroup]]]) -> Markup:
    """The one term a solution sets itself under its one contract, as a definition list's term
    and value (`<dt>` and `<dd>`: family and term, then the value as the table's cell shows it),
    or "" when it sets none or several: a table of one row is mostly caption and headers."""
    found = [(group, row) for _, groups in columns for group in groups for row in group.rows]
    if len(columns) != 1 or len(found) != 1:
        return Markup("")
    group, row = found[0]
    value = _cell(row, True).split(">", 1)[1]  # the cell's content, without its <td>
    return Markup(f"<dt>{escape(group.label)}: {escape(row.label)}</dt><dd>{value}</dd>")  # noqa: S704


def _one_instrument(columns: Sequence[tuple[Contract, list[TermGroup]]]) -> Instrument | None:
    """The one instrument that signed every value of the table, when there are several values:
    said once under the table instead of on each row (most solutions sign their overrides in one
    rider). None when a value has another instrument or none, or the table has a single value."""
    found = [row.signed for _, groups in columns for group in groups for row in group.rows]
    if len(found) < 2 or found[0] is None or any(signed != found[0] for signed in found):
        return None
    return found[0]


def _signed(instrument: Instrument) -> str:
    """'signed in <title, linked when https>, <date>'."""
    title = escape(instrument.title)
    if instrument.url.startswith("https://"):
        title = Markup(f'<a href="{escape(instrument.url)}" rel="noreferrer">{title}</a>')  # noqa: S704
    return f"signed in {title}, {instrument.signed.isoformat()}"


def _family_body(groups: Sequence[TermGroup | None], signed: bool) -> str:
    present = [group for group in groups if group is not None]
    paths: list[str] = []
    labels: dict[str, str] = {}
    for group in present:
        for row in group.rows:
            if row.path not in labels:
                paths.append(row.path)
                labels[row.path] = row.label
    cells = [{row.path: row for row in group.rows} if group is not None else {} for group in groups]
    head = f'<tbody><tr class="cat-terms__family"><th scope="rowgroup" colspan="{len(groups) + 1}">'
    lines = [f"{head}{escape(present[0].label)}</th></tr>"]
    for path in paths:
        row_cells = "".join(_cell(found.get(path), signed) for found in cells)
        lines.append(f"<tr><th>{escape(labels[path])}{row_cells}")
    lines.append("</tbody>\n")
    return "\n".join(lines)


def _cell(row: TermRow | None, signed: bool) -> str:
    """A value as the contract's own table shows it (`_term_rows.html.j2`): the layer it comes
    from, the value it stands on when a layer tightened it, the signed instrument that binds it
    (unless `signed` is false: the table then names it once, in its footer), and its clause."""
    if row is None:
        return f"<td>{NOT_STATED}"
    text = str(escape(row.value))
    if row.tightened_from is not None:
        text += (
            ' <span class="cat-b-tight">Tightened</span> '
            f'<span class="cat-note">{escape(row.tightened_over)}: {escape(row.tightened_from)}</span>'
        )
    if row.source and row.source != "vehicle":
        text += f' <span class="cat-layer">{escape(row.source)}</span>'
    if row.signed and signed:
        text += f' <span class="cat-signed">{_signed(row.signed)}</span>'
    if row.clause:
        text += f' <span class="cat-note">({escape(row.clause)})</span>'
    return f'<td class="cat-tightened">{text}' if row.tightened_from is not None else f"<td>{text}"
