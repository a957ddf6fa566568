"""The query language over annotations (annotator.query) and the store's search with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import UsageError
from annotator.model import DocRecord
from annotator.query import parse_query
from annotator.rules import DONE
from annotator.store import Project
from annotator.store.annotation_search import Found

TEXT_A = "قالت الحكومة إن 12 مدنيا أصيبوا وقتل عشرات الجنود في القصف.\nسطر آخر هنا."
TEXT_B = "أعلنت الحكومةُ مقتل خمسة أشخاص، وقالت وزارة الدفاع إن ٣٠٠ جندي أصيبوا."


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "q.sqlite") as opened:
        ids = opened.add_documents(
            [DocRecord(text=TEXT_A, name="article_1"), DocRecord(text=TEXT_B, name="article 2")]
        ).added
        a, b = ids

        def span(doc, who, label, piece, occurrence=0, **attributes):
            text = opened.document_text(doc)
            start = -1
            for _ in range(occurrence + 1):
                start = text.index(piece, start + 1)
            return opened.add_annotation(
                doc, who, label, start, start + len(piece), attributes=attributes
            )

        span(a, "mona", "ACTOR", "الحكومة")
        span(a, "mona", "CASUALTY", "12 مدنيا", count=12, outcome="injured")
        span(a, "mona", "CASUALTY", "عشرات الجنود", count=[20, 99], outcome="killed")
        span(b, "mona", "ACTOR", "الحكومةُ")
        span(b, "mona", "CASUALTY", "٣٠٠ جندي", count=300, outcome="injured")
        span(b, "ali", "CASUALTY", "خمسة أشخاص", count=5, outcome="killed")
        span(b, "ali", "ACTOR", "وزارة الدفاع", kind="organization")
        span(b, "ali", "CASUALTY", "٣٠٠ جندي", count=[250, 350], outcome="injured")
        opened.set_status(b, "mona", DONE)
        yield opened


def texts(project: Project, query: str) -> list[tuple[str, str]]:
    return [(row.annotator, row.text) for row in project.find_annotations(query).rows]


def test_label_attribute_and_count(project: Project) -> None:
    assert texts(project, "label=CASUALTY outcome=injured count>=10") == [
        ("mona", "12 مدنيا"),
        ("ali", "٣٠٠ جندي"),
        ("mona", "٣٠٠ جندي"),
    ]
    assert texts(project, "label=CASUALTY outcome=injured count>=10 annotator=mona") == [
        ("mona", "12 مدنيا"),
        ("mona", "٣٠٠ جندي"),
    ]


def test_a_stored_range_meets_a_condition_only_as_a_whole(project: Project) -> None:
    # عشرات is 20–99: all of it is >= 20, not all of it is >= 50
    assert ("mona", "عشرات الجنود") in texts(project, "count>=20")
    assert ("mona", "عشرات الجنود") not in texts(project, "count>=50")
    assert texts(project, "count=250..350") == [("ali", "٣٠٠ جندي"), ("mona", "٣٠٠ جندي")]
    assert texts(project, "count=300") == [("mona", "٣٠٠ جندي")]
    assert texts(project, "count<10") == [("ali", "خمسة أشخاص")]
    assert ("ali", "خمسة أشخاص") not in texts(project, "count!=5")
    # an attribute condition holds only for the labels that have it
    assert all(row.label == "CASUALTY" for row in project.find_annotations("count!=5").rows)


def test_text_is_matched_normalized(project: Project) -> None:
    # «الحكومةُ» (with a damma) and «الحكومة» are the same text; «الحكومه» finds both
    assert texts(project, "text=الحكومه") == [("mona", "الحكومة"), ("mona", "الحكومةُ")]
    assert texts(project, "text~جندي") == [("ali", "٣٠٠ جندي"), ("mona", "٣٠٠ جندي")]
    assert texts(project, "text~300") == [("ali", "٣٠٠ جندي"), ("mona", "٣٠٠ جندي")]
    assert texts(project, 'text="وزارة  الدفاع"') == [("ali", "وزارة الدفاع")]
    assert ("ali", "وزارة الدفاع") not in texts(project, "text!~الدفاع")


def test_status_document_and_alternatives(project: Project) -> None:
    done = project.find_annotations("status=done").rows
    assert {(r.annotator, r.document) for r in done} == {("mona", "article 2")}
    assert {r.status for r in project.find_annotations('status="in progress"').rows} == {
        "in progress"
    }
    assert len(project.find_annotations("status=in_progress").rows) == 6
    assert {r.document for r in project.find_annotations('doc="article 2"').rows} == {"article 2"}
    first = project.find_annotations("doc=1").rows
    assert {r.document for r in first} == {"article_1"}
    assert {r.document for r in project.find_annotations("doc~_1").rows} == {"article_1"}
    assert {r.document for r in project.find_annotations("doc!=article_1").rows} == {"article 2"}
    assert {r.label for r in project.find_annotations("label=ACTOR,CLAIM").rows} == {"ACTOR"}
    assert {r.annotator for r in project.find_annotations("annotator!=mona").rows} == {"ali"}
    assert texts(project, "kind=organization") == [("ali", "وزارة الدفاع")]


def test_sql_narrowing_agrees_with_the_predicates(project: Project) -> None:
    everything = project.find_annotations("label=ACTOR,CLAIM,CASUALTY").rows
    for text in [
        "label=ACTOR",
        "label!=ACTOR",
        "annotator=ali",
        "annotator!=ali,mona",
        "status=done",
        "status!=done",
        "doc=2",
        "doc!=2,article_1",
        "doc~article",
        "doc!~2",
    ]:
        query = project.parse_query(text)
        by_python = [row.uuid for row in everything if query.matches(row)]
        assert [row.uuid for row in project.find_annotations(query).rows] == by_python, text


def test_limit_total_and_context(project: Project) -> None:
    found = project.find_annotations("annotator=mona", limit=2)
    assert found.total == 5 and len(found.rows) == 2 and not found.complete
    first = found.rows[0]
    assert isinstance(first, Found)
    end = TEXT_A.index("الحكومة") + len("الحكومة")
    assert (first.before, first.text, first.after) == ("قالت ", "الحكومة", TEXT_A[end : end + 40])
    # context stays on the span's line
    last = project.find_annotations("count<=99 count>=20").rows[0]
    assert last.after == " في القصف."


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("label CASUALTY", "'label'"),
        ("label=FOO", "'label=FOO'"),
        ("outcom=injured", "'outcom=injured'"),
        ("outcome=injurd", "'outcome=injurd'"),
        ("count~3", "'count~3'"),
        ("count>=10..20", "'count>=10..20'"),
        ("count>=many", "'count>=many'"),
        ("kind>3", "'kind>3'"),
        ("status=finished", "'status=finished'"),
        ("annotator=sara", "'annotator=sara'"),
        ("label<ACTOR", "'label<ACTOR'"),
        ('text~"open', "no closing quotation"),
        ("text~ـــ", "'text~ـــ'"),
        ("   ", "empty"),
    ],
)
def test_a_bad_condition_is_named(project: Project, query: str, named: str) -> None:
    with pytest.raises(UsageError, match=named.replace("+", r"\+")):
        project.parse_query(query)


def test_without_a_schema_numbers_compare_as_counts() -> None:
    query = parse_query("count>=10 label=CASUALTY")

    class Row:
        document_id, document, annotator, label, text, status = 1, "d", "x", "CASUALTY", "", "new"
        attributes = {"count": [20, 99]}

    assert query.matches(Row())
    Row.attributes = {"count": 5}
    assert not query.matches(Row())


def test_a_quoted_comma_is_part_of_the_value(project: Project) -> None:
    assert parse_query('text="قتل 1,200 شخص"').conditions[0].values == ("قتل 1,200 شخص",)
    assert parse_query("doc='a,b.txt'").conditions[0].values == ("a,b.txt",)
    assert parse_query(r"doc=a\,b.txt").conditions[0].values == ("a,b.txt",)
    # unquoted commas still separate alternatives, also beside a quoted one
    assert parse_query('label=ACTOR,"CL,AIM",CASUALTY').conditions[0].values == (
        "ACTOR",
        "CL,AIM",
        "CASUALTY",
    )
    assert parse_query("label=ACTOR,CLAIM").conditions[0].values == ("ACTOR", "CLAIM")
    # the Arabic comma is data, never a separator
    assert parse_query("text=قتل،جرح").conditions[0].values == ("قتل،جرح",)
    # a document whose name has a comma, and a span whose text has one, are found
    (doc,) = project.add_documents(
        [DocRecord(text="قالت المصادر: قتل 1,200 شخص، وجرح آخرون.", name="report, part 1")]
    ).added
    text = project.document_text(doc)
    start = text.index("قتل 1,200 شخص")
    project.add_annotation(doc, "ali", "CASUALTY", start, start + len("قتل 1,200 شخص"))
    assert texts(project, 'doc="report, part 1"') == [("ali", "قتل 1,200 شخص")]
    assert texts(project, 'text="قتل 1,200 شخص"') == [("ali", "قتل 1,200 شخص")]
    assert texts(project, 'doc="report, part 1",article_1 label=ACTOR') == [("mona", "الحكومة")]


def test_one_annotators_search_cannot_be_widened(project: Project) -> None:
    # the workbench's blind mode: only mona's, whatever the query says
    assert texts(project, "label=ACTOR") == [
        ("mona", "الحكومة"),
        ("mona", "الحكومةُ"),
        (
            "ali",
            "وزارة الدفاع",
        ),
    ]
    found = project.find_annotations("label=ACTOR", annotator="mona")
    assert [(r.annotator, r.text) for r in found.rows] == [
        ("mona", "الحكومة"),
        ("mona", "الحكومةُ"),
    ]
    for query in ("annotator=ali", "annotator!=mona", "annotator=ali,mona label=CASUALTY count=5"):
        assert project.find_annotations(query, annotator="mona").rows == [], query
    # the narrowed query stays narrowed when run again
    again = project.find_annotations(found.query)
    assert {r.annotator for r in again.rows} == {"mona"}
