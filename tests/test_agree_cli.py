"""`annotator agree`: figures known by hand, selection counts, JSON, HTML and error messages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.agreement import DocAnnotations, compute_report
from annotator.cli import main
from annotator.model import DocRecord, RelationRecord, SpanRecord
from annotator.store import Project

WORDS = "قال المتحدث باسم الدفاع المدني إن خمسة أشخاص قتلوا في الغارة".split()
DAYS = ["أمس", "اليوم", "صباحا", "مساء", "ليلا"]
N_TOKENS = 13  # emoji + 11 words + the day


def article(i: int) -> str:
    return "😀 " + " ".join(WORDS) + " " + DAYS[i]


def where(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def new_project(path: Path, names: list[str]) -> tuple[Project, list[int]]:
    project = Project.create(path)
    ids = project.add_documents(
        DocRecord(text=article(i), name=name) for i, name in enumerate(names)
    ).added
    return project, ids


def mark(project: Project, doc_id: int, who: str, label: str, phrase: str, **attributes):
    start, end = where(project.document_text(doc_id), phrase)
    return project.add_annotation(doc_id, who, label, start, end, attributes=attributes)


def done(project: Project, doc_id: int, *names: str) -> None:
    for name in names:
        project.set_status(doc_id, name, "done")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["agree", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def text_value(out: str, measure: str) -> str:
    """The value on the first line starting with ``measure`` (the Overall table's value column,
    before its SD column; columns are at least two spaces apart)."""
    line = next(line for line in out.splitlines() if line.strip().startswith(measure))
    return re.split(r"\s{2,}", line.strip())[1]


# ---------------------------------------------------------------- figures known by hand


def test_identical_annotations_agree_perfectly(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    for who in "ab":
        mark(project, doc, who, "ACTOR", "المتحدث")
        mark(project, doc, who, "CASUALTY", "خمسة أشخاص", count=5)
    done(project, doc, "a", "b")
    project.close()

    report = run_json(capsys, path)
    for measure in ("exact_f1", "overlap_f1", "cohen_kappa", "fleiss_kappa", "token_alpha"):
        assert report["overall"][measure] == pytest.approx(1.0), measure
    assert report["span_f1"]["exact"]["matrix"]["micro_f1"][0][1] == pytest.approx(1.0)
    assert report["token"]["overall"]["cohen_kappa"][1][0] == pytest.approx(1.0)
    assert report["casualty_counts"]["pairs"][0]["exact_rate"] == pytest.approx(1.0)
    assert report["counts"]["tokens"] == N_TOKENS

    code, out, _ = run(capsys, path)
    assert code == 0
    assert text_value(out, "exact span F1 (micro") == "1.000"
    assert text_value(out, "Cohen's kappa (tokens, mean") == "1.000"


def test_disjoint_annotations_have_f1_zero(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    mark(project, doc, "a", "ACTOR", "المتحدث")
    mark(project, doc, "b", "ACTOR", "الغارة")
    done(project, doc, "a", "b")
    project.close()

    report = run_json(capsys, path)
    assert report["overall"]["exact_f1"] == 0
    assert report["overall"]["overlap_f1"] == 0
    # ACTOR layer: one token each out of 13, never the same one:
    # p_o = 11/13, p_e = (12/13)^2 + (1/13)^2, kappa = (143 - 145) / (169 - 145)
    assert report["token"]["per_label"]["ACTOR"]["cohen_kappa"][0][1] == pytest.approx(-1 / 12)
    # overall pools the layers of the labels used (ACTOR only; CLAIM and CASUALTY, in the
    # schema but unused, add nothing): the ACTOR figure
    assert report["overall"]["cohen_kappa"] == pytest.approx(-1 / 12)
    assert report["token"]["overall"]["labels"] == ["ACTOR"]
    code, out, _ = run(capsys, path)
    assert text_value(out, "overlap span F1 (micro") == "0.000"


def test_three_annotators_pairwise_matrix(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    for who in "abc":
        mark(project, doc, who, "ACTOR", "المتحدث")
    for who in "ab":
        mark(project, doc, who, "ACTOR", "الدفاع المدني")
    done(project, doc, "a", "b", "c")
    project.close()

    matrix = run_json(capsys, path)["span_f1"]["exact"]["matrix"]["micro_f1"]
    assert matrix[0][1] == pytest.approx(1.0)  # a, b: two spans each, both matched
    assert matrix[0][2] == pytest.approx(2 / 3)  # a, c: 2 x 1 matched / (2 + 1)
    assert matrix[1][2] == pytest.approx(2 / 3)
    assert matrix[0][0] is None


# ---------------------------------------------------------------- selection


def test_unfinished_documents_are_left_out_unless_asked(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (d1, d2, d3) = new_project(path, ["one", "two", "three"])
    for who in "ab":
        mark(project, d1, who, "ACTOR", "المتحدث")
    done(project, d1, "a", "b")
    mark(project, d2, "a", "ACTOR", "المتحدث")
    mark(project, d2, "b", "ACTOR", "الغارة")  # b has not finished d2
    done(project, d2, "a")
    project.close()

    report = run_json(capsys, path)
    sel = report["selection"]
    assert report["counts"]["documents"] == sel["documents_used"] == 1
    assert sel["documents_left_out"] == 1
    assert sel["documents_in_project"] == 3
    assert report["overall"]["exact_f1"] == pytest.approx(1.0)
    code, out, _ = run(capsys, path)
    assert "1 used; 1 other document(s) with work by some of them left out" in out

    report = run_json(capsys, path, "--include-unfinished")
    sel = report["selection"]
    assert report["counts"]["documents"] == sel["documents_used"] == 2  # d3: nobody touched it
    assert (sel["documents_done_by_all"], sel["documents_unfinished_used"]) == (1, 1)
    assert sel["include_unfinished"] is True
    assert report["overall"]["exact_f1"] == pytest.approx(0.5)  # 1 of 2 spans each matched
    code, out, _ = run(capsys, path, "--include-unfinished")
    assert "2 used; 1 of them done by all; 1 not done by all" in out


def test_labels_filter(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    for who in "ab":
        mark(project, doc, who, "ACTOR", "المتحدث")
    mark(project, doc, "a", "CLAIM", "قال المتحدث")
    mark(project, doc, "b", "CLAIM", "في الغارة")
    done(project, doc, "a", "b")
    project.close()

    every = run_json(capsys, path)
    assert every["labels"] == ["ACTOR", "CLAIM", "CASUALTY"]
    assert every["overall"]["exact_f1"] == pytest.approx(0.5)
    actor = run_json(capsys, path, "--labels", "ACTOR")
    assert actor["labels"] == actor["selection"]["labels"] == ["ACTOR"]
    assert actor["counts"]["spans"] == {"a": 1, "b": 1}
    assert actor["overall"]["exact_f1"] == pytest.approx(1.0)
    assert [row["label"] for row in actor["per_label"]] == ["ACTOR"]
    code, out, _ = run(capsys, path, "--labels", "ACTOR")
    assert "not computed: CASUALTY is not among the compared labels" in out
    assert "not computed: CLAIM is not among the compared labels" in out


def test_default_annotators_leave_out_gold(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    project.annotator_id("gold", role="gold")
    for who in ("a", "b", "gold"):
        mark(project, doc, who, "ACTOR", "المتحدث")
    done(project, doc, "a", "b", "gold")
    project.close()
    assert run_json(capsys, path)["annotators"] == ["a", "b"]
    assert run_json(capsys, path, "--annotators", "gold,a")["annotators"] == ["gold", "a"]


# ---------------------------------------------------------------- JSON, text and HTML


SCRIPT_NAME = "<script>alert(1)</script>"


@pytest.fixture
def worked(tmp_path) -> Path:
    """Three annotators on two documents, one named like a script, one in Arabic."""
    path = tmp_path / "p.sqlite"
    project, (d1, d2) = new_project(path, [SCRIPT_NAME, "مقال الغارة"])
    for who in "abc":
        mark(project, d1, who, "ACTOR", "المتحدث")
        mark(project, d2, who, "CASUALTY", "خمسة أشخاص", count=5)
    mark(project, d1, "a", "ACTOR", "الدفاع المدني")
    mark(project, d1, "b", "ACTOR", "الدفاع المدني")
    for d in (d1, d2):
        done(project, d, "a", "b", "c")
    project.close()
    return path


def test_json_is_valid_and_holds_counts_and_names(worked, capsys):
    code, out, _ = run(capsys, worked, "--json", "--worst", "5")
    assert code == 0
    report = json.loads(out)
    assert report["counts"]["documents"] == 2
    assert report["counts"]["spans"] == {"a": 3, "b": 3, "c": 2}
    assert report["counts"]["tokens"] == 2 * N_TOKENS
    sel = report["selection"]
    assert sel["documents_used"] == 2 and sel["worst_n"] == 5
    assert sel["annotators"] == ["a", "b", "c"]
    assert sel["project"] == str(worked)
    names = [entry["name"] for entry in report["worst_documents"]]
    assert names == [SCRIPT_NAME, "مقال الغارة"]  # the first has the unmatched spans
    assert "NaN" not in out


class Cells(HTMLParser):
    """Collects heatmap tables: title (preceding h3) -> rows of (class, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.heatmaps: dict[str, list[list[tuple[str, str]]]] = {}
        self.title = ""
        self._in: str | None = None
        self._text = ""
        self._heat: list | None = None
        self._class = ""
        self.dir_auto_cells: list[str] = []
        self._dir = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h3":
            self._in, self._text = "h3", ""
        elif tag == "table" and attrs.get("class") == "heat":
            self._heat = []
            self.heatmaps[self.title] = self._heat
        elif tag == "tr" and self._heat is not None:
            self._heat.append([])
        elif tag in ("td", "th"):
            self._in, self._text, self._class = tag, "", attrs.get("class") or tag
            self._dir = attrs.get("dir") == "auto"

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "h3" and self._in == "h3":
            self.title, self._in = self._text, None
        elif tag in ("td", "th") and self._in == tag:
            if self._heat is not None and self._heat:
                self._heat[-1].append((self._class, self._text))
            if self._dir:
                self.dir_auto_cells.append(self._text)
            self._in = None
        elif tag == "table":
            self._heat = None


def test_html_is_one_self_contained_escaped_file_with_heatmaps(worked, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.html"
    code, out, _ = run(capsys, worked, "--html", target)
    assert code == 0
    assert "wrote" in out and str(target) in out
    assert [p.name for p in out_dir.iterdir()] == ["report.html"]
    page = target.read_text(encoding="utf-8")
    assert "http" not in page.lower()
    assert "src=" not in page.lower()
    assert "<link" not in page.lower()
    assert SCRIPT_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()

    parser = Cells()
    parser.feed(page)
    exact = parser.heatmaps["Exact span F1 (micro)"]
    header, row_a, row_b, row_c = exact
    assert [text for _, text in header][1:] == ["a", "b", "c"]
    assert row_a[1:] == [("diag", "–"), ("score", "1.000"), ("score", "0.800")]
    assert row_c[1:] == [("score", "0.800"), ("score", "0.800"), ("diag", "–")]
    assert row_b[0] == ("th", "b")
    actor = parser.heatmaps["ACTOR: Exact span F1"]
    assert [cell for _, cell in actor[3][1:]] == ["0.667", "0.667", "–"]  # c: 1 of 2 spans
    # no CLAIM spans anywhere: the CLAIM heatmaps are grey n/a cells, with the reason
    claim = parser.heatmaps["CLAIM: Overlap span F1"]
    assert claim[1][1:] == [("diag", "–"), ("na", "n/a1"), ("na", "n/a2")]
    assert '<td class="na" title="neither a nor b marked a CLAIM span">' in page
    assert "<li>n/a: neither a nor b marked a CLAIM span</li>" in page
    assert "مقال الغارة" in parser.dir_auto_cells
    assert SCRIPT_NAME in parser.dir_auto_cells  # decoded text of the escaped cell
    assert re.search(r'class="score" style="background:hsl\(120,70%,72%\)"', page)


def test_text_and_html_show_the_same_figures_as_json(worked, tmp_path, capsys):
    report = run_json(capsys, worked)
    overlap = report["overall"]["overlap_f1"]
    code, out, _ = run(capsys, worked)
    assert text_value(out, "overlap span F1 (micro") == f"{overlap:.3f}"
    assert "Worst documents" in out and SCRIPT_NAME in out
    assert "Units: 8 spans (a 3, b 3, c 2)" in out
    target = tmp_path / "r.html"
    run(capsys, worked, "--html", target)
    assert f">{report['overall']['alpha_u']:.3f}</td>" in target.read_text(encoding="utf-8")


def test_undefined_values_print_na_with_a_reason(worked, capsys):
    code, out, _ = run(capsys, worked)
    (claim_row,) = [line for line in out.splitlines() if line.split()[:2] == ["CLAIM", "0"]]
    assert claim_row.split()[1:4] == ["0", "0", "0"]
    assert claim_row.count("n/a [1]") == 7  # 6 measures and token F1
    assert claim_row.count("n/a") == 7 + 4  # and the SDs of the 4 pairwise means, no footnote
    assert "[1] no CLAIM spans" in out
    # all CASUALTY counts are 5: alpha is undefined, the exact rate is 1
    casualty = out[out.index("CASUALTY count agreement") : out.index("CLAIM source agreement")]
    pair_row = next(line for line in casualty.splitlines() if line.startswith("  a / b "))
    assert pair_row.split()[-6:] == ["1.000", "n/a", "[1]", "n/a", "[1]", "1"]
    assert "[1] the compared counts do not vary" in casualty
    claims = out[out.index("CLAIM source agreement") : out.index("Worst documents")]
    assert "[1] no matched CLAIMs" in claims


# ---------------------------------------------------------------- against hand-built input


def test_cli_figures_equal_compute_report_on_hand_built_documents(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, ids = new_project(path, ["أ", "ب", "ج"])
    plan = {  # (document index, annotator, label, phrase, attributes)
        0: [
            ("a", "CLAIM", "قال المتحدث باسم", {}),
            ("a", "ACTOR", "المتحدث", {}),
            ("b", "CLAIM", "قال المتحدث", {}),
            ("b", "ACTOR", "المتحدث باسم", {}),
            ("c", "ACTOR", "المتحدث", {}),
            ("a", "CASUALTY", "خمسة أشخاص", {"count": 5}),
            ("b", "CASUALTY", "خمسة أشخاص", {"count": [4, 6]}),
            ("c", "CASUALTY", "خمسة", {"count": 5}),
        ],
        1: [
            ("a", "ACTOR", "الدفاع المدني", {}),
            ("b", "ACTOR", "الدفاع", {}),
            ("c", "CLAIM", "إن خمسة أشخاص قتلوا", {}),
            ("a", "CASUALTY", "خمسة أشخاص", {"count": 5}),
            ("c", "CASUALTY", "خمسة أشخاص", {"count": 7}),
        ],
        2: [("b", "ACTOR", "الغارة", {})],
    }
    links = {0: [("a", 0, 1), ("b", 2, 3)]}  # (annotator, claim item, actor item)
    expected_docs = []
    for index, items in plan.items():
        doc_id = ids[index]
        text = project.document_text(doc_id)
        stored = [
            mark(project, doc_id, who, label, phrase, **attrs)
            for who, label, phrase, attrs in items
        ]
        spans: dict[str, list[SpanRecord]] = {}
        for n, (who, label, phrase, attrs) in enumerate(items):
            start, end = where(text, phrase)
            spans.setdefault(who, []).append(SpanRecord(start, end, label, f"s{n}", who, attrs))
        relations: dict[str, list[RelationRecord]] = {}
        for who, claim, actor in links.get(index, []):
            project.add_relation(doc_id, who, "source", stored[claim].uuid, stored[actor].uuid)
            relations.setdefault(who, []).append(RelationRecord(f"s{claim}", f"s{actor}", "source"))
        tokens = [m.span() for m in re.finditer(r"\S+", text)]
        expected_docs.append(DocAnnotations(str(doc_id), len(text), tokens, spans, relations))
        done(project, doc_id, "a", "b", "c")
    project.close()

    expected = compute_report(expected_docs, ["a", "b", "c"], ["ACTOR", "CLAIM", "CASUALTY"])
    report = run_json(capsys, path, "--worst", "20")
    assert report.pop("selection")["documents_used"] == 3
    assert report.pop("doc_labels") == {"attributes": []}  # the project defines none
    for entry in report["worst_documents"]:
        entry.pop("name")
    assert report == json.loads(json.dumps(expected))
    assert report["claim_sources"]["pairs"][0]["n_matched_claims"] == 1  # the test has teeth
    assert report["casualty_counts"]["all"]["n_units"] == 2

    code, out, _ = run(capsys, path)
    assert text_value(out, "exact span F1 (micro") == f"{expected['overall']['exact_f1']:.3f}"
    assert text_value(out, "alpha_U (unitizing)") == f"{expected['overall']['alpha_u']:.3f}"


# ---------------------------------------------------------------- errors


def test_error_no_annotators(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    new_project(path, ["doc"])[0].close()
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert err == "annotator: error: the project has no annotators\n"


def test_error_fewer_than_two_annotators(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    mark(project, doc, "a", "ACTOR", "المتحدث")
    project.close()
    code, _, err = run(capsys, path)
    assert code == 2
    assert "at least 2 annotators, got 1: a" in err
    code, _, err = run(capsys, path, "--annotators", "a")
    assert code == 2 and "at least 2 annotators" in err


def test_error_no_document_done_by_everyone(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    mark(project, doc, "a", "ACTOR", "المتحدث")
    mark(project, doc, "b", "ACTOR", "المتحدث")
    done(project, doc, "a")
    project.close()
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert "no document is marked done by every one of a, b" in err
    assert "use --include-unfinished" in err
    assert run(capsys, path, "--include-unfinished")[0] == 0


def test_error_unknown_annotator_and_label(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    project, (doc,) = new_project(path, ["doc"])
    mark(project, doc, "a", "ACTOR", "المتحدث")
    mark(project, doc, "b", "ACTOR", "المتحدث")
    done(project, doc, "a", "b")
    project.close()
    code, _, err = run(capsys, path, "--annotators", "a,zed")
    assert code == 2 and "unknown annotator(s): zed; the project has: a, b" in err
    code, _, err = run(capsys, path, "--labels", "ACTOR,PERSON")
    assert code == 2 and "unknown label(s): PERSON" in err


def test_error_missing_project_and_bad_output(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nope.sqlite")
    assert code == 2 and "no such project file" in err
    code, _, err = run(capsys, tmp_path / "nope.sqlite", "--html", tmp_path / "no" / "r.html")
    assert code == 2 and "no such folder" in err


@pytest.mark.parametrize(
    "extra", [["--worst", "-1"], ["--json", "--html", "x.html"], ["--annotators", "a,,b"]]
)
def test_bad_arguments_exit_2(tmp_path, capsys, extra):
    with pytest.raises(SystemExit) as stop:
        main(["agree", str(tmp_path / "p.sqlite"), *extra])
    assert stop.value.code == 2
    assert "error" in capsys.readouterr().err


def test_reading_leaves_the_project_file_alone(worked, capsys):
    before = sorted(p.name for p in worked.parent.iterdir())
    stamp = worked.stat().st_mtime_ns
    assert run(capsys, worked)[0] == 0
    assert sorted(p.name for p in worked.parent.iterdir()) == before
    assert worked.stat().st_mtime_ns == stamp
