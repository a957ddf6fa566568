"""CoNLL-style token-per-line files: IOB2 (default), IOB1 or BIOES, nested spans in columns.

Writing: one token per line, columns separated by a tab, a blank line after each sentence.
Each document starts with a header: ``# doc_id = ...`` comment lines (default, with a
``# columns = ...`` line naming the columns) or a ``-DOCSTART-`` line, then a
``# doc_label: NAME = VALUE`` line per document label. Nested spans get one tag column per
label layer (default) or a single column with a label priority.

Reading: IOB1/IOB2/BIOES detected; one or more tag columns (GermEval index + two columns,
Wojood's ragged columns, CoNLL-2003's ``token POS chunk NER``); ``#`` comment lines;
``-DOCSTART-`` or ``# doc_id =`` start documents; ``# doc_label:`` lines give document labels.
The text is rebuilt from the tokens joined by single spaces, sentences joined by ``\\n`` (or
placed at their offsets when the file has an offsets column). See docs/formats.md for the exact
rules.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.camel.translit import check_scheme, transliterate_pieces
from annotator.errors import UsageError
from annotator.model import DocRecord, InputError, SpanRecord, Tokenization

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Sink,
    Source,
    iter_lines,
    open_output,
    source_name,
)
from ._tags import (
    TAG_RE,
    ColumnDecoder,
    Placed,
    SchemeFinder,
    align,
    by_priority,
    doc_where,
    document_scheme,
    encode,
    normalise_scheme,
    pieces_of_words,
    stack_layers,
    trimmed_spans,
    word_tokens,
)

OFFSETS_RE = re.compile(r"(\d+)-(\d+)")
HEADER_RE = re.compile(r"#\s*(doc_id|doc_name|newdoc id|columns)\s*=\s?(.*)")
DOC_LABEL_RE = re.compile(r"#\s*doc_label:\s*(.+?)\s*=\s?(.*)")
DOCSTART = "-DOCSTART-"

Header = Literal["comment", "docstart"]


# =========================================================================== writing


Columns = Literal["levels", "labels", "single"]
COLUMNS: tuple[Columns, ...] = ("levels", "labels", "single")


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    scheme: str = "auto",
    columns: Columns = "levels",
    levels: int | None = None,
    layers: Sequence[str] | None = None,
    single_column: bool = False,
    priority: Sequence[str] = (),
    offsets: bool = False,
    translit: str | None = None,
    segment: str | None = None,
    header: Header = "comment",
    head: bool = True,
    report: ImportReport | None = None,
    tokenize: Callable | None = None,
    split_sentences: Callable | None = None,
) -> ImportReport:
    """Write ``docs`` as CoNLL to ``out`` (a path, written atomically, or a text stream).

    Tokens and sentences: a document's own (``DocRecord.tokens``, from a tokenized corpus),
    else ``annotator.text``'s; a token is split only where a span boundary falls inside it
    (counted ``tokens_split``).
    scheme: ``"IOB2"``, ``"IOB1"``, ``"BIOES"`` or ``"BILOU"``; ``"auto"`` (default): each
        document's own (the one its corpus used, `Tokenization.scheme`), else IOB2. The report
        counts the documents written in each (``scheme_IOB2``, ...).
    columns: the tag columns, the same for the whole file:
        ``"levels"`` (default): one column when no spans overlap, else one per nesting level,
        outermost spans first (the Wojood/GermEval layout); ``levels`` fixes their number
        (None: the deepest nesting of ``docs``, which are then read twice).
        ``"labels"``: one column per label layer: ``layers`` names them, a label repeated for
        each nesting level it needs (e.g. ``["ACTOR", "ACTOR", "CLAIM"]``); None: those
        ``docs`` need, labels in ``priority`` order, then alphabetical. Spans that do not fit
        are dropped and counted (``spans_dropped_no_column``).
        ``"single"`` (or ``single_column=True``): one ``ner`` column; overlapping spans are
        resolved by ``priority`` (a label order; then longer spans first), the losers dropped
        and counted.
    offsets: add a column ``start-end`` (code points in the document text) after the token.
    translit: add a column ``translit`` (after the token and its offsets) with each token in
        this Latin transliteration (``bw``, ``safebw`` or ``hsb``:
        `annotator.camel.translit.SCHEMES`); only with the ``comment`` header, whose
        ``# columns`` line names it (`read` then skips it).
    segment: ``"d3tok"`` or ``"atbtok"``: each word is cut into its clitic pieces by the
        configured morphology database (`_tags.align`); a token is then a piece, written as
        the text's own characters (the tokenizer's restored letters are not), and a column
        ``word`` (after the transliteration) holds the word it is a piece of. A span boundary
        inside a piece cuts it too. Only with the ``comment`` header (`read` skips ``word``;
        with offsets it rebuilds the text exactly, without them it joins a word's pieces).
    header: ``"comment"`` (a ``# columns = ...`` line first, then ``# doc_id``/``# doc_name``
        lines per document) or ``"docstart"`` (a ``-DOCSTART-`` line and a blank line per
        document; no names are kept).
    head: write the file's first line (`head_text`); False for the chunks of a file after
        its first.
    Returns the report (counts ``documents``, ``sentences``, ``tokens``, ``spans`` written).
    """
    if scheme.lower() != "auto":
        scheme = normalise_scheme(scheme)
    if header not in ("comment", "docstart"):
        raise UsageError(f"header must be 'comment' or 'docstart', not {header!r}")
    _check_named_columns(translit, segment, header)
    columns = _mode(columns, single_column, layers)
    report = report if report is not None else ImportReport()
    if _layout_open(columns, levels, layers):
        docs = list(docs)
        fixed = file_layout(lambda: docs, columns=columns, priority=priority)
        levels, layers = fixed.get("levels", levels), fixed.get("layers", layers)
    names = column_names(columns, levels, layers)
    with open_output(out) as stream:
        if head:
            stream.write(_head_line(names, offsets, translit, segment, header))
        for index, doc in enumerate(docs):
            stream.write(
                _document_block(
                    doc,
                    index,
                    scheme=scheme,
                    columns=columns,
                    names=names,
                    layers=layers,
                    priority=priority,
                    offsets=offsets,
                    translit=translit,
                    segment=segment,
                    header=header,
                    report=report,
                    tokenize=tokenize,
                    split_sentences=split_sentences,
                )
            )
    return report


TRANSLIT_COLUMN = "translit"
"""The ``# columns`` name of the transliteration column (`write`'s ``translit``)."""
WORD_COLUMN = "word"
"""The ``# columns`` name of the column holding each piece's word (`write`'s ``segment``)."""


def _check_named_columns(translit: str | None, segment: str | None, header: Header) -> None:
    """UsageError for an unknown transliteration scheme, or for a column `write` cannot carry
    (the transliteration, the segmentation's word): with ``-DOCSTART-`` headers the file names
    no columns, and a reader could not tell such a column from a tag or a POS column."""
    if translit is not None:
        check_scheme(translit)
    if header == "comment":
        return
    for option, value, column in (
        ("--translit", translit, "column"),
        ("--segment", segment, f"'{WORD_COLUMN}' column"),
    ):
        if value is not None:
            raise UsageError(
                f"{option} needs the '# columns' header that names its {column} (--header "
                "comment, the default); -DOCSTART- files name no columns"
            )


def _mode(columns: Columns, single_column: bool, layers: Sequence[str] | None) -> Columns:
    """The columns asked for: ``single_column`` means ``"single"``, ``layers`` ``"labels"``."""
    if single_column:
        return "single"
    if columns not in COLUMNS:
        raise UsageError(f"columns must be one of {', '.join(COLUMNS)}, not {columns!r}")
    return "labels" if layers is not None and columns == "levels" else columns


def _layout_open(columns: Columns, levels: int | None, layers: Sequence[str] | None) -> bool:
    return (columns == "levels" and levels is None) or (columns == "labels" and layers is None)


def file_layout(docs: Callable[[], Iterable[DocRecord]], **options: Any) -> dict[str, Any]:
    """What `write`'s `options` leave open of the file's tag columns, from the documents
    ``docs()`` gives (called only when something is open): ``{"levels": n}`` (the deepest
    nesting, at least 1) for ``columns="levels"``, ``{"layers": [...]}`` for ``"labels"``
    (each label as often as its deepest self-nesting needs, in ``priority`` order, then
    alphabetical); else ``{}``. Reads only the spans (trimmed as `write` trims them): an
    exporter runs it over the documents before writing them, so that every chunk of a file
    gets the same columns; `layout_facts` of parts of them, combined by `layout_from_facts`,
    give the same."""
    return layout_from_facts([layout_facts(docs, **options)], **options)


def layout_facts(
    docs: Callable[[], Iterable[DocRecord]],
    *,
    columns: Columns = "levels",
    levels: int | None = None,
    layers: Sequence[str] | None = None,
    single_column: bool = False,
    **_: object,
) -> dict[str, Any]:
    """What `file_layout` needs of some documents, to be combined with that of others:
    ``{"depth": n}`` (their deepest nesting) for ``columns="levels"``, ``{"label_depth":
    {label: n}}`` for ``"labels"``; ``{}`` when the options leave nothing open."""
    columns = _mode(columns, single_column, layers)
    if not _layout_open(columns, levels, layers):
        return {}
    quiet = ImportReport()
    depth = 1
    label_depth: dict[str, int] = {}
    for doc in docs():
        items = trimmed_spans(doc, quiet)
        if columns == "levels":
            depth = max(depth, len(stack_layers(items, quiet, "", None)))
            continue
        by_label: dict[str, list[Placed]] = defaultdict(list)
        for item in items:
            by_label[item.label].append(item)
        for label, group in by_label.items():
            needed = len(stack_layers(group, quiet, "", None))
            label_depth[label] = max(label_depth.get(label, 0), needed)
    return {"depth": depth} if columns == "levels" else {"label_depth": label_depth}


def layout_from_facts(
    facts: Sequence[dict[str, Any]],
    *,
    columns: Columns = "levels",
    levels: int | None = None,
    layers: Sequence[str] | None = None,
    single_column: bool = False,
    priority: Sequence[str] | None = (),
    **_: object,
) -> dict[str, Any]:
    """`file_layout`'s answer from the `layout_facts` of all the documents' parts."""
    columns = _mode(columns, single_column, layers)
    if not _layout_open(columns, levels, layers):
        return {}
    if columns == "levels":
        return {"levels": max([1, *(part.get("depth", 1) for part in facts)])}
    label_depth: dict[str, int] = {}
    for part in facts:
        for label, depth in part.get("label_depth", {}).items():
            label_depth[label] = max(label_depth.get(label, 0), depth)
    rank = {label: index for index, label in enumerate(priority or ())}
    order = sorted(label_depth, key=lambda label: (rank.get(label, len(rank)), label))
    return {"layers": [label for label in order for _ in range(label_depth[label])]}


def column_names(columns: Columns, levels: int | None, layers: Sequence[str] | None) -> list[str]:
    """The names of the tag columns: ``ner`` (one column), ``ner ner2 ...`` (levels), or the
    labels of ``layers``."""
    if columns == "single":
        return ["ner"]
    if columns == "labels":
        return list(layers or ()) or ["ner"]
    count = max(levels or 1, 1)
    return ["ner"] + [f"ner{level}" for level in range(2, count + 1)]


def head_text(
    *,
    columns: Columns = "levels",
    levels: int | None = None,
    layers: Sequence[str] | None = None,
    single_column: bool = False,
    offsets: bool = False,
    translit: str | None = None,
    segment: str | None = None,
    header: Header = "comment",
    **_: object,
) -> str:
    """The first line of a file `write` writes with these options: ``# columns = ...`` naming
    every field (none with a ``-DOCSTART-`` header)."""
    _check_named_columns(translit, segment, header)
    if header != "comment":
        return ""  # (the columns are not looked at)
    names = column_names(_mode(columns, single_column, layers), levels, layers)
    return _head_line(names, offsets, translit, segment, header)


def _head_line(
    names: list[str], offsets: bool, translit: str | None, segment: str | None, header: Header
) -> str:
    """`head_text` of options already checked, the tag columns named `names`."""
    if header != "comment":
        return ""
    plain = ["token"] + ["offsets"] * offsets + [TRANSLIT_COLUMN] * (translit is not None)
    plain += [WORD_COLUMN] * (segment is not None)
    return f"# columns = {' '.join(plain + names)}\n"


def _document_block(
    doc: DocRecord,
    index: int,
    *,
    scheme: str,
    columns: Columns,
    names: list[str],
    layers: Sequence[str] | None,
    priority: Sequence[str],
    offsets: bool,
    translit: str | None,
    segment: str | None,
    header: Header,
    report: ImportReport,
    tokenize: Callable | None,
    split_sentences: Callable | None,
) -> str:
    where = doc_where(doc)
    scheme = document_scheme(doc, scheme)
    report.count(f"scheme_{scheme}")
    items = trimmed_spans(doc, report)
    tag_layers: list[list[Placed]]
    if columns == "single":
        tag_layers = [by_priority(items, priority, report, where, doc.line)]
    elif columns == "labels":
        tag_layers = _label_columns(items, layers or (), report, where, doc.line)
    else:
        tag_layers = stack_layers(items, report, where, doc.line)
        for layer in tag_layers[len(names) :]:
            for item in layer:
                message = f"span {item.span.start}-{item.span.end} {item.label}: no column left"
                report.skip(where, doc.line, message + "; dropped", "spans_dropped_no_column")
        tag_layers = tag_layers[: len(names)]
        tag_layers += [[] for _ in range(len(names) - len(tag_layers))]
    kept = [item for column in tag_layers for item in column]
    aligned = align(
        doc, kept, report, split_sentences=split_sentences, tokenize=tokenize, segment=segment
    )
    token_range = {id(item): placed for item, placed in zip(kept, aligned.placed, strict=True)}

    starts, ends, text = aligned.starts, aligned.ends, doc.text
    n_tokens = len(starts)
    sentence_start = [False] * n_tokens
    for position in aligned.sentence_starts:
        sentence_start[position] = True
    tag_columns = []
    for column in tag_layers:
        on_tokens = [token_range[id(item)] for item in column]
        layer = [placed for placed in on_tokens if placed is not None]
        tag_columns.append(encode(layer, n_tokens, scheme, sentence_start))
        report.count("spans", len(layer))

    parts: list[str] = []
    if header == "comment":
        doc_id = doc.id if doc.id is not None else str(index + 1)
        parts.append(f"# doc_id = {_one_line(str(doc_id))}\n")
        if doc.name:
            parts.append(f"# doc_name = {_one_line(doc.name)}\n")
    else:
        filler = ["-"] * offsets + ["O"] * len(tag_layers)
        parts.append("\t".join([DOCSTART, *filler]) + "\n\n")
    parts += [doc_label_line(name, value) for name, value in doc.doc_labels.items()]

    token_texts = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    fields: list[list[str]] = [token_texts]
    if offsets:
        fields.append([f"{start}-{end}" for start, end in zip(starts, ends, strict=True)])
    odd = any(not token.strip() or _BREAKS.search(token) for token in token_texts)
    if translit is not None:
        latin = transliterate_pieces(text, starts, ends, translit)
        fields.append([_BREAKS.sub(" ", token) for token in latin] if odd else latin)
    if aligned.words is not None:
        fields.append([_BREAKS.sub(" ", word) for word in aligned.words] if odd else aligned.words)
    fields.extend(tag_columns)
    lines: list[str | None] = list(map("\t".join, zip(*fields, strict=True)))
    written = n_tokens
    if odd:
        written = _blank_tokens_out(lines, token_texts, report)
    bounds = aligned.sentence_starts + [n_tokens]
    sentences = 0
    for first, last in zip(bounds, bounds[1:], strict=False):
        sentence = [line for line in lines[first:last] if line is not None]
        if sentence:
            parts.append("\n".join(sentence))
            parts.append("\n\n")
            sentences += 1
    report.count("documents")
    report.count("sentences", sentences)
    report.count("tokens", written)
    return "".join(parts)


_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""What ends a field or a line somewhere: never written inside a token."""


def _blank_tokens_out(lines: list[str | None], token_texts: list[str], report: ImportReport) -> int:
    """A document's own tokens may be whitespace (spaCy keeps ``"\\n"`` tokens): such a token
    has no line (``tokens_blank``), and a tab or line break inside a token is written as a
    space (``tokens_respaced``). Returns the tokens left."""
    left = 0
    for index, token in enumerate(token_texts):
        if not token.strip():
            lines[index] = None
            report.count("tokens_blank")
            continue
        left += 1
        if _BREAKS.search(token):
            line = lines[index]
            assert line is not None
            lines[index] = _BREAKS.sub(" ", token) + line[len(token) :]
            report.count("tokens_respaced")
    return left


def _label_columns(
    items: list[Placed],
    layers: Sequence[str],
    report: ImportReport,
    where: str,
    line: int | None,
) -> list[list[Placed]]:
    by_label: dict[str, list[Placed]] = defaultdict(list)
    for item in items:
        by_label[item.label].append(item)
    stacks = {label: stack_layers(group, report, where, line) for label, group in by_label.items()}
    columns = []
    used: dict[str, int] = defaultdict(int)
    for label in layers:
        stack = stacks.get(label, [])
        depth = used[label]
        used[label] += 1
        columns.append(stack[depth] if depth < len(stack) else [])
    for label, stack in stacks.items():
        for layer in stack[used.get(label, 0) :]:
            for item in layer:
                message = f"span {item.span.start}-{item.span.end} {label}: no column left"
                report.skip(where, line, message + "; dropped", "spans_dropped_no_column")
    return columns or [[]]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def doc_label_line(name: str, value: Any) -> str:
    """A document label as a comment line after the header: ``# doc_label: NAME = VALUE``,
    a text as it is (JSON-quoted when it would read back as something else: `doc_label_value`),
    any other value as JSON."""
    if isinstance(value, str):
        shown = value
        try:
            json.loads(value)
            plain = False
        except ValueError:
            plain = value == value.strip() and "\n" not in value and "\r" not in value
        if not plain:
            shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = json.dumps(value, ensure_ascii=False)
    return f"# doc_label: {_one_line(name)} = {shown}\n"


def doc_label_value(shown: str) -> Any:
    """The value of a ``# doc_label:`` line: JSON when it reads as JSON, else the text."""
    try:
        return json.loads(shown)
    except ValueError:
        return shown


# =========================================================================== reading


@dataclass
class _Layout:
    """Which field is what; ``fixed`` means every token line has exactly ``n_fields``."""

    token: int
    tags: list[int]
    offsets: int | None = None
    n_fields: int = 0
    fixed: bool = True
    ragged_from: int | None = None  # ragged: tag columns are fields[ragged_from:]
    tab: bool | None = None  # fields split on tabs, or on any whitespace; None: decide once
    word: int | None = None  # `write`'s ``segment``: the word each token is a piece of


@dataclass
class _Sentence:
    tokens: list[str] = field(default_factory=list)
    offsets: list[tuple[int, int]] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)  # per token, per column
    words: list[str] = field(default_factory=list)  # per token, with a 'word' column
    lines: list[int] = field(default_factory=list)
    bad: bool = False


@dataclass
class _DocBuilder:
    name: str | None = None
    doc_id: str | None = None
    line: int | None = None
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[SpanRecord] = field(default_factory=list)
    sentences: list[list[tuple[int, int]]] = field(default_factory=list)  # token offsets
    n_sentences: int = 0
    explicit: bool = False  # started by a header: emit even when empty
    layout: _Layout | None = None  # from a ``# columns`` header
    doc_labels: dict[str, Any] = field(default_factory=dict)  # ``# doc_label:`` lines


def read(
    source: Source,
    *,
    path: str | None = None,
    scheme: str = "auto",
    token_column: int | None = None,
    tag_columns: Sequence[int] | None = None,
    offsets_column: int | None = None,
    doc_per_sentence: bool = False,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read CoNLL documents from a path or an iterable of lines.

    scheme: ``"auto"`` (IOB1, IOB2 or BIOES, decided over the whole file), or one of
        ``"IOB2"``, ``"IOB1"``, ``"BIOES"`` (E-/S- tags are then unknown tags for IOB).
    token_column, tag_columns, offsets_column: field numbers (0-based) overriding the
        automatic layout; with them every token line must have the same number of fields.
    doc_per_sentence: make each sentence its own document.
    encoding: of the file (default UTF-8, a leading BOM dropped).
    skip_bad: a bad line drops its sentence (reported) instead of raising InputError.
    The report counts ``documents``, ``sentences``, ``tokens``, ``spans`` and leniencies
    (``i_without_b``: I-/E- tags starting an entity, with file:line warnings); it is complete
    once the iterator is exhausted, and ``report.info["scheme"]`` holds the scheme found.
    """
    name = source_name(source, path)
    report = report if report is not None else ImportReport()
    wanted = None if scheme.lower() == "auto" else normalise_scheme(scheme)
    explicit_layout = None
    if token_column is not None or tag_columns is not None or offsets_column is not None:
        if token_column is None or not tag_columns:
            raise UsageError("give token_column and tag_columns together")
        explicit_layout = _Layout(token_column, list(tag_columns), offsets_column)
    reader = _Reader(name, report, wanted, explicit_layout, doc_per_sentence, skip_bad)
    yield from reader.run(iter_lines(source, path, encoding))


class _Reader:
    def __init__(
        self,
        name: str,
        report: ImportReport,
        scheme: str | None,
        layout: _Layout | None,
        doc_per_sentence: bool,
        skip_bad: bool,
    ) -> None:
        self.name = name
        self.stem = Path(name).name
        self.report = report
        self.explicit_layout = layout
        self.file_layout: _Layout | None = layout
        self.doc_per_sentence = doc_per_sentence
        self.skip_bad = skip_bad
        self.decoders: list[ColumnDecoder] = []
        self.doc = _DocBuilder()
        self.sentence = _Sentence()
        self.n_docs = 0
        self.schemes = SchemeFinder(scheme)

    # ------------------------------------------------------------------ driving

    def run(self, lines: Iterable[tuple[int, str]]) -> Iterator[DocRecord]:
        last_line = 0
        for number, line in lines:
            last_line = number
            if not line.strip():
                yield from self._end_sentence(number)
                continue
            stripped = line.lstrip()
            if stripped.startswith(DOCSTART):
                yield from self._end_sentence(number)
                yield from self._end_doc()
                self.doc = self._new_doc(line=number, explicit=True)
                continue
            if stripped.startswith("#") and (
                (not self.sentence.tokens and HEADER_RE.fullmatch(stripped))
                or self._is_comment(line, number)
            ):
                yield from self._comment(stripped, number)
                continue
            self._token_line(line, number)
        yield from self._end_sentence(last_line + 1)
        yield from self._end_doc()
        self._finish_report()

    def _is_comment(self, line: str, number: int) -> bool:
        """A ``#`` line at a sentence start is a comment unless it is a valid token line."""
        if self.sentence.tokens:
            return False
        layout = self.doc.layout or self.file_layout
        if layout is None:
            return not _looks_like_token_line(line)
        tab = layout.tab if layout.tab is not None else "\t" in line
        fields = line.split("\t") if tab else line.split()
        return not self._fits(layout, fields)

    def _comment(self, stripped: str, number: int) -> Iterator[DocRecord]:
        label = DOC_LABEL_RE.fullmatch(stripped)
        if label is not None:
            self.doc.doc_labels[label.group(1)] = doc_label_value(label.group(2))
            return
        match = HEADER_RE.fullmatch(stripped)
        if match is None:
            self.report.count("comment_lines")
            return
        key, value = match.group(1), match.group(2).strip()
        if key in ("doc_id", "newdoc id"):
            yield from self._end_doc()
            self.doc = self._new_doc(doc_id=value, line=number, explicit=True)
        elif key == "doc_name":
            self.doc.name = value
        else:
            layout = self._layout_from_header(value.split(), number)
            self.doc.layout = layout
            if not self.doc.explicit and not self.doc.parts:  # before any document: the file's
                self.file_layout = self.explicit_layout or layout

    def _layout_from_header(self, names: list[str], number: int) -> _Layout:
        if "token" not in names:
            raise InputError(self.name, number, "'# columns' names no 'token' column")
        token = names.index("token")
        offsets = names.index("offsets") if "offsets" in names else None
        plain = ("token", "offsets", TRANSLIT_COLUMN, WORD_COLUMN)  # derived: skipped
        tags = [i for i, col in enumerate(names) if col not in plain]
        if not tags:
            raise InputError(self.name, number, "'# columns' names no tag column")
        word = names.index(WORD_COLUMN) if WORD_COLUMN in names else None
        layout = _Layout(token, tags, offsets, n_fields=len(names), fixed=True, tab=True)
        layout.word = word
        return layout

    # ------------------------------------------------------------------ token lines

    def _token_line(self, line: str, number: int) -> None:
        sentence = self.sentence
        if sentence.bad:
            return
        try:
            layout = self.doc.layout or self.file_layout
            detected = layout is None
            if layout is None:
                layout = self._detect_layout(line, number)
            if layout.tab is None:
                layout.tab = "\t" in line
            fields = line.split("\t") if layout.tab else line.split()
            token, offsets, tags = self._parse(layout, fields, number)
            if detected:  # only a line that parses fixes the layout of the file
                self.file_layout = layout
        except InputError as error:
            if not self.skip_bad:
                raise
            self.report.skip(self.name, number, f"{error.message}; sentence dropped", "bad_lines")
            sentence.bad = True
            return
        sentence.tokens.append(token)
        sentence.tags.append(tags)
        sentence.lines.append(number)
        if layout.word is not None:
            sentence.words.append(fields[layout.word])
        if offsets is not None:
            sentence.offsets.append(offsets)

    def _detect_layout(self, line: str, number: int) -> _Layout:
        tab = "\t" in line
        fields = line.split("\t") if tab else line.split()
        n = len(fields)
        if n < 2:
            raise InputError(self.name, number, "expected a token and at least one tag")
        if n >= 3 and fields[0].isdigit() and not _is_tag(fields[1]):  # GermEval: index first
            return _Layout(1, list(range(2, n)), None, n_fields=n, tab=tab)
        if n >= 3 and OFFSETS_RE.fullmatch(fields[1]):  # ours, without a header
            return _Layout(0, [], 1, n_fields=n, fixed=False, ragged_from=2, tab=tab)
        if n >= 3 and not all(_is_tag(value) for value in fields[1:-1]):  # token POS ... NER
            return _Layout(0, [n - 1], None, n_fields=n, tab=tab)
        return _Layout(0, [], None, n_fields=n, fixed=False, ragged_from=1, tab=tab)  # Wojood

    def _fits(self, layout: _Layout, fields: list[str]) -> bool:
        try:
            self._parse(layout, fields, 0, learn=False)
        except InputError:
            return False
        return True

    def _parse(
        self, layout: _Layout, fields: list[str], number: int, learn: bool = True
    ) -> tuple[str, tuple[int, int] | None, list[str]]:
        n = len(fields)
        if layout.fixed and layout.n_fields and n != layout.n_fields:
            raise InputError(self.name, number, f"expected {layout.n_fields} columns, found {n}")
        needed = max(layout.token, layout.offsets or 0, *layout.tags, layout.ragged_from or 0) + 1
        if n < needed:
            message = f"expected at least {needed} columns (token and tags), found {n}"
            raise InputError(self.name, number, message)
        if layout.fixed:
            if layout.n_fields == 0 and learn:
                layout.n_fields = n
            tags = [fields[i] for i in layout.tags]
        else:
            tags = fields[layout.ragged_from :]
        token = fields[layout.token]
        if not token.strip():
            raise InputError(self.name, number, "empty token")
        for tag in tags:
            self._check_tag(tag, number, learn)
        offsets = None
        if layout.offsets is not None:
            match = OFFSETS_RE.fullmatch(fields[layout.offsets])
            if match is None:
                message = f"bad offsets {fields[layout.offsets]!r} (expected start-end)"
                raise InputError(self.name, number, message)
            offsets = (int(match.group(1)), int(match.group(2)))
            if offsets[1] - offsets[0] != len(token):
                message = f"offsets {offsets[0]}-{offsets[1]} do not fit token {token!r}"
                raise InputError(self.name, number, message)
        return token, offsets, tags

    def _check_tag(self, tag: str, number: int, learn: bool = True) -> None:
        match = TAG_RE.fullmatch(tag)
        if match is None:
            raise InputError(self.name, number, f"unknown tag {tag!r}")
        problem = self.schemes.problem(match.group(1), tag, learn)
        if problem is not None:
            raise InputError(self.name, number, problem)

    # ------------------------------------------------------------------ sentences, documents

    def _end_sentence(self, number: int) -> Iterator[DocRecord]:
        sentence = self.sentence
        self.sentence = _Sentence()
        if sentence.bad or not sentence.tokens:
            if sentence.bad:
                self.report.count("sentences_skipped")
            return
        doc = self.doc
        if sentence.offsets and self.doc_per_sentence:  # each sentence starts its own text
            shift = sentence.offsets[0][0]
            sentence.offsets = [(start - shift, end - shift) for start, end in sentence.offsets]
        if sentence.offsets:
            try:
                self._check_offsets(sentence)
            except InputError as error:
                if not self.skip_bad:
                    raise
                self.report.skip(
                    self.name, error.line, f"{error.message}; sentence dropped", "bad_lines"
                )
                self.report.count("sentences_skipped")
                return
        if doc.line is None:
            doc.line = sentence.lines[0]
        n_columns = max(len(tags) for tags in sentence.tags)
        while len(self.decoders) < n_columns:
            self.decoders.append(ColumnDecoder())
        for position, (tags, line) in enumerate(zip(sentence.tags, sentence.lines, strict=True)):
            for column in range(n_columns):
                tag = tags[column] if column < len(tags) else "O"
                if tag == "O":
                    self.decoders[column].feed(position, None, "", line)
                else:
                    self.decoders[column].feed(position, tag[0], tag[2:], line)
        # token offsets in the document text; the pieces of a word (a 'word' column) are
        # joined without a space and kept as one own token, the word
        glued = pieces_of_words(sentence.tokens, sentence.words)
        if sentence.offsets:
            bounds = self._place_with_offsets(sentence)
        else:
            bounds = self._place_joined(sentence, glued)
        for column in range(n_columns):
            for first, last, label in self.decoders[column].finish(len(sentence.tokens), number):
                start, end = bounds[first][0], bounds[last - 1][1]
                doc.spans.append(SpanRecord(start=start, end=end, label=label))
        doc.sentences.append(word_tokens(bounds, glued))
        doc.n_sentences += 1
        self.report.count("sentences")
        self.report.count("tokens", len(sentence.tokens))
        if self.doc_per_sentence:
            layout = doc.layout
            yield from self._end_doc()
            self.doc.layout = layout

    def _place_joined(self, sentence: _Sentence, glued: list[bool]) -> list[tuple[int, int]]:
        doc = self.doc
        if doc.parts:
            doc.parts.append("\n")
            doc.length += 1
        bounds = []
        for index, token in enumerate(sentence.tokens):
            if index and not glued[index]:
                doc.parts.append(" ")
                doc.length += 1
            bounds.append((doc.length, doc.length + len(token)))
            doc.parts.append(token)
            doc.length += len(token)
        return bounds

    def _check_offsets(self, sentence: _Sentence) -> None:
        if len(sentence.offsets) != len(sentence.tokens):
            raise InputError(self.name, sentence.lines[0], "offsets missing on some lines")
        position = self.doc.length
        for index, (start, end) in enumerate(sentence.offsets):
            if start < position:
                line = sentence.lines[index]
                message = f"offsets {start}-{end} overlap or precede the previous token"
                raise InputError(self.name, line, message)
            position = end

    def _place_with_offsets(self, sentence: _Sentence) -> list[tuple[int, int]]:
        doc = self.doc
        for index, ((start, end), token) in enumerate(
            zip(sentence.offsets, sentence.tokens, strict=True)
        ):
            gap = start - doc.length
            if gap:
                doc.parts.append(("\n" if index == 0 else " ") * gap)
            doc.parts.append(token)
            doc.length = end
        return sentence.offsets

    def _end_doc(self) -> Iterator[DocRecord]:
        doc = self.doc
        scheme = self.schemes.document_scheme(self.decoders) if doc.spans else None
        self.doc = self._new_doc()
        if not doc.parts and not doc.explicit:
            return
        self.n_docs += 1
        text = "".join(doc.parts)
        for span in doc.spans:
            span.text = text[span.start : span.end]
        name = doc.name or doc.doc_id or f"{self.stem}#{self.n_docs}"
        self.report.count("documents")
        self.report.count("spans", len(doc.spans))
        yield DocRecord(
            text=text,
            name=name,
            id=doc.doc_id,
            spans=doc.spans,
            line=doc.line,
            source=self.name,
            tokens=Tokenization.from_sentences(doc.sentences, scheme),
            doc_labels=doc.doc_labels,
        )

    def _new_doc(self, **fields: object) -> _DocBuilder:
        self.schemes.start_document(self.decoders)
        return _DocBuilder(**fields)  # type: ignore[arg-type]

    def _finish_report(self) -> None:
        self.schemes.finish(self.decoders, self.report, self.name)


def _is_tag(value: str) -> bool:
    return TAG_RE.fullmatch(value) is not None


def _looks_like_token_line(line: str) -> bool:
    fields = line.split("\t") if "\t" in line else line.split()
    return len(fields) >= 2 and _is_tag(fields[-1])
