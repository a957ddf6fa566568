"""The agreement report as readable plain-text tables."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.doc_labels import doc_label_table
from annotator.agreement.tables import (
    Matrix,
    Notes,
    Table,
    Undefined,
    casualty_table,
    claim_table,
    gamma_table,
    matrices,
    number,
    overall_table,
    per_label_table,
    worst_table,
)

LEFT_OUT_SHOWN = 10


def _header_lines(report: dict) -> list[str]:
    sel = report["selection"]
    counts = report["counts"]
    names = report["annotators"]
    used = sel["documents_used"]
    lines = [
        f"Project: {sel['project']}",
        f"Annotators: {', '.join(names)}",
        f"Labels: {', '.join(report['labels']) or '(none)'}",
        f"Documents: {sel['rule']}:",
    ]
    parts = [f"{used:,} used"]
    if sel["include_unfinished"]:
        parts.append(f"{sel['documents_done_by_all']:,} of them done by all")
        parts.append(f"{sel['documents_unfinished_used']:,} not done by all")
    elif sel["documents_left_out"]:
        parts.append(
            f"{sel['documents_left_out']:,} other document(s) with work by some of them left out "
            "(--min-done or --include-unfinished counts them)"
        )
    parts.append(f"{sel['documents_in_project']:,} in the project")
    lines.append("  " + "; ".join(parts))
    lines += left_out_lines(sel.get("left_out_documents", []))
    per_ann = ", ".join(f"{n} {counts['spans'][n]:,}" for n in names)
    lines.append(
        f"Units: {sum(counts['spans'].values()):,} spans ({per_ann}); "
        f"{counts['documents_with_spans']:,} documents with spans; {counts['tokens']:,} tokens; "
        f"{counts['characters']:,} characters"
    )
    return lines


def left_out_lines(left_out: Sequence[dict], limit: int = LEFT_OUT_SHOWN) -> list[str]:
    """The documents left out and why (the first `limit`; --json lists them all)."""
    lines = [
        f"  left out: {entry.get('name') or entry['doc_id']} ({entry['doc_id']}): {entry['reason']}"
        for entry in left_out[:limit]
    ]
    if len(left_out) > limit:
        lines.append(f"  … and {len(left_out) - limit:,} more left out (--json lists them all)")
    return lines


def _text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> list[str]:
    cells = [list(headers), *[list(r) for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        lines.append(
            "  ".join(
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(row, widths, numeric, strict=True)
            ).rstrip()
        )
    return lines


def _render_table_text(table: Table) -> list[str]:
    notes = Notes()
    rows = []
    numeric = [True] * len(table.headers)
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if isinstance(cell, Undefined):
                cells.append(notes.cell(None, cell.reason))
                continue
            cells.append(number(cell))
            if not (cell == "" or isinstance(cell, int | float)):
                numeric[i] = False
        rows.append(cells)
    lines = [table.title, *("  " + line for line in _text_table(table.headers, rows, numeric))]
    if table.note:
        lines.append(f"  ({table.note})")
    lines += [f"  [{k}] {reason}" for k, reason in enumerate(notes.reasons, 1)]
    return lines


def _render_matrix_text(matrix: Matrix, names: list[str]) -> list[str]:
    notes = Notes()
    rows = []
    for i, name in enumerate(names):
        row = [name]
        for j in range(len(names)):
            if i == j:
                row.append("-")
            else:
                row.append(notes.cell(matrix.values[i][j], matrix.reasons[i][j]))
        rows.append(row)
    lines = [f"  {matrix.title}"]
    lines += [
        "    " + line for line in _text_table(["", *names], rows, [False] + [True] * len(names))
    ]
    lines += [f"    [{k}] {reason}" for k, reason in enumerate(notes.reasons, 1)]
    return lines


def render_text(report: dict) -> str:
    """The report as readable plain-text tables."""
    names = report["annotators"]
    out = ["Inter-annotator agreement", *_header_lines(report), ""]
    out += _render_table_text(overall_table(report)) + [""]
    gamma = gamma_table(report)
    if gamma is not None:
        out += _render_table_text(gamma) + [""]
    out.append("Pairwise (all labels)")
    for matrix in matrices(report):
        out += _render_matrix_text(matrix, names)
    out.append("")
    out += _render_table_text(per_label_table(report)) + [""]
    for section in (casualty_table(report), claim_table(report), doc_label_table(report)):
        if section is None:
            continue
        if isinstance(section, str):
            out += [section, ""]
        else:
            out += _render_table_text(section) + [""]
    if report["worst_documents"]:
        out += _render_table_text(worst_table(report))
    elif report["selection"]["worst_n"]:
        out.append("Worst documents: none ranked (nobody marked anything)")
    return "\n".join(out).rstrip() + "\n"
