"""The FORMATS registry and the shared reading contract (streaming, report)."""

from __future__ import annotations

import inspect
import io

import pytest

from annotator.errors import NotFoundError
from annotator.formats import FORMATS, ImportReport, get_format
from annotator.model import DocRecord, SpanRecord


def test_registry_matches_the_modules():
    assert set(FORMATS) == {
        "conll",
        "jsonl",
        "doccano",
        "spacy",
        "hf",
        "brat",
        "labelstudio",
        "webanno",
    }
    for info in FORMATS.values():
        module = info.module
        assert hasattr(module, "read") == info.can_read, info.name
        assert hasattr(module, "write") == info.can_write, info.name
        if info.can_read:
            params = inspect.signature(module.read).parameters
            assert {"skip_bad", "report"} <= set(params), info.name
        params = inspect.signature(module.write).parameters
        assert "report" in params, info.name


def test_get_format_names_the_known_ones():
    assert get_format("CoNLL").name == "conll"
    with pytest.raises(
        NotFoundError, match="brat, conll, doccano, hf, jsonl, labelstudio, spacy, webanno"
    ):
        get_format("xml")


@pytest.mark.parametrize("name", ["jsonl", "conll", "doccano", "spacy"])
def test_readers_stream(name):
    """The first document comes out before the source is read to its end."""
    module = FORMATS[name].module
    doc = DocRecord(text="قال أحمد", id="1", spans=[SpanRecord(4, 8, "ACTOR", id="a")])
    buffer = io.StringIO()
    module.write([doc, doc], buffer)
    lines = buffer.getvalue().split("\n")
    half = len(lines) // 2 + (1 if name == "conll" else 0)

    def source():
        yield from lines[:half]
        raise AssertionError("read past the first document")

    reader = module.read(source())
    first = next(reader)
    assert first.text.replace(" ", "") == "قالأحمد"


def test_report_summary_lists_counts_and_notices():
    report = ImportReport()
    report.count("documents", 2)
    report.warn("a.conll", 3, "I-PERS does not continue an entity", "i_without_b")
    report.skip("a.conll", 9, "bad line", "bad_lines")
    assert report.summary().split("\n") == [
        "bad_lines: 1",
        "documents: 2",
        "i_without_b: 1",
        "warning a.conll:3: I-PERS does not continue an entity",
        "skipped a.conll:9: bad line",
    ]
