"""The agreement report as one self-contained HTML page, written atomically."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

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
from annotator.files import atomic_file

_CSS = """
body{font-family:system-ui,'Segoe UI','Noto Sans','Noto Naskh Arabic',sans-serif;margin:2em;
color:#222;max-width:80em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1em;margin:.8em 0 .3em}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.na{background:#d9d9d9;color:#555;text-align:center}
td.diag{background:#f7f7f7;color:#999;text-align:center}
table.heat td.score{min-width:4.5em;text-align:center;font-variant-numeric:tabular-nums}
.grid{display:flex;flex-wrap:wrap;gap:1.5em}
.note{color:#555;font-size:.9em;margin:.2em 0}
ol.reasons{color:#555;font-size:.9em;margin:.2em 0}
.legend span{display:inline-block;padding:.1em .6em;margin-right:.2em}
dl.params{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dl.params dt{font-weight:600}dl.params dd{margin:0}
"""


def colour(value: float) -> str:
    """Background for a score: red (<= 0) through yellow (0.5) to green (1)."""
    v = min(max(float(value), 0.0), 1.0)
    return f"hsl({round(120 * v)},70%,72%)"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


class _HtmlNotes(Notes):
    def html_cell(self, value: Any, reason: str | None, *, score: bool, heat: bool = False) -> str:
        if value is None:
            mark = f"<sup>{self.key(reason)}</sup>" if reason else ""
            title = f' title="{_e(reason)}"' if reason else ""
            return f'<td class="na"{title}>n/a{mark}</td>'
        text = _e(number(value))
        if score and isinstance(value, int | float):
            cls = "score" if heat else "num"
            return (
                f'<td class="{cls}" style="background:{colour(value)}" '
                f'data-value="{value!r}">{text}</td>'
            )
        if isinstance(value, int | float):
            return f'<td class="num">{text}</td>'
        return f'<td dir="auto">{text}</td>'

    def html_list(self) -> str:
        if not self.reasons:
            return ""
        items = "".join(f"<li>n/a: {_e(r)}</li>" for r in self.reasons)
        return f'<ol class="reasons">{items}</ol>'


def _html_table(table: Table, level: str = "h2") -> str:
    notes = _HtmlNotes()
    head = "".join(f'<th dir="auto">{_e(h)}</th>' for h in table.headers)
    body = []
    for row in table.rows:
        cells = []
        for cell, score in zip(row, table.scored, strict=True):
            if isinstance(cell, Undefined):
                cells.append(notes.html_cell(None, cell.reason, score=score))
            else:
                cells.append(notes.html_cell(cell, None, score=score))
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = f'<p class="note">{_e(table.note)}</p>' if table.note else ""
    return (
        f"<{level}>{_e(table.title)}</{level}>\n<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{note}{notes.html_list()}"
    )


def _html_matrix(matrix: Matrix, names: list[str]) -> str:
    notes = _HtmlNotes()
    head = "<th></th>" + "".join(f'<th dir="auto">{_e(n)}</th>' for n in names)
    body = []
    for i, name in enumerate(names):
        cells = [f'<th dir="auto">{_e(name)}</th>']
        for j in range(len(names)):
            if i == j:
                cells.append('<td class="diag">–</td>')
            else:
                cells.append(
                    notes.html_cell(
                        matrix.values[i][j], matrix.reasons[i][j], score=True, heat=True
                    )
                )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div><h3>{_e(matrix.title)}</h3><table class="heat"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{notes.html_list()}</div>"
    )


def render_html(report: dict) -> str:
    """One self-contained HTML page (inline CSS, no scripts, no external resources)."""
    names = report["annotators"]
    sel = report["selection"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Agreement: {_e(Path(sel['project']).name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Inter-annotator agreement</h1>",
        '<h2>Parameters and counts</h2><dl class="params">',
    ]
    counts = report["counts"]
    params = [
        ("project", sel["project"]),
        ("annotators", ", ".join(names)),
        ("labels", ", ".join(report["labels"]) or "(none)"),
        ("documents rule", sel["rule"]),
        ("documents used", f"{sel['documents_used']:,}"),
        ("done by all", f"{sel['documents_done_by_all']:,}"),
        ("not done by all, used", f"{sel['documents_unfinished_used']:,}"),
        ("left out (work by some, not done by all)", f"{sel['documents_left_out']:,}"),
        ("documents in the project", f"{sel['documents_in_project']:,}"),
        ("documents with spans", f"{counts['documents_with_spans']:,}"),
        ("spans", ", ".join(f"{n}: {counts['spans'][n]:,}" for n in names)),
        ("tokens", f"{counts['tokens']:,}"),
        ("characters", f"{counts['characters']:,}"),
    ]
    for key, value in params:
        parts.append(f'<dt>{_e(key)}</dt><dd dir="auto">{_e(value)}</dd>')
    parts.append("</dl>")
    left_out = sel.get("left_out_documents") or []
    if left_out:
        parts.append("<details><summary>Documents left out, and why</summary><ul>")
        parts += [
            f'<li dir="auto">{_e(str(e.get("name") or e["doc_id"]))}: {_e(e["reason"])}</li>'
            for e in left_out
        ]
        parts.append("</ul></details>")
    parts.append(
        '<p class="legend">Colours: '
        + "".join(
            f'<span style="background:{colour(v)}">{v:.2f}</span>' for v in (0, 0.25, 0.5, 0.75, 1)
        )
        + '<span style="background:#d9d9d9">n/a</span> (values below 0 are coloured as 0)</p>'
    )
    parts.append(_html_table(overall_table(report)))
    gamma = gamma_table(report)
    if gamma is not None:
        parts.append(_html_table(gamma))
    parts.append('<h2>Pairwise, all labels</h2><div class="grid">')
    parts += [_html_matrix(m, names) for m in matrices(report)]
    parts.append("</div>")
    parts.append(_html_table(per_label_table(report)))
    for label in report["labels"]:
        parts.append(f'<h2 dir="auto">Pairwise, {_e(label)}</h2><div class="grid">')
        parts += [_html_matrix(m, names) for m in matrices(report, label)]
        parts.append("</div>")
    for section in (casualty_table(report), claim_table(report), doc_label_table(report)):
        if section is None:
            continue
        if isinstance(section, str):
            parts.append(f'<p class="note">{_e(section)}</p>')
        else:
            parts.append(_html_table(section))
    if report["worst_documents"]:
        parts.append(_html_table(worst_table(report)))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(report: dict, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path`` atomically (`annotator.files.atomic_file`)."""
    with atomic_file(path, sync=True) as stream:
        stream.write(render_html(report))
    return Path(path)
