"""Export a project's annotations as training corpora, streaming, in any writable format.

Which annotations (`ExportOptions`, exactly one of):

* ``annotator="amal"``: one annotator's spans, relations and attributes.
* ``all_annotators=True``: one output per annotator (``voters``, default every annotator of
  role 'annotator'), the annotator's name inserted before the suffix: ``out.conll`` ->
  ``out.amal.conll`` (brat: ``out.amal/``). CoNLL gets one file per annotator, not one tag
  column set per annotator, so every format reads the same way.
* ``gold=True``: the adjudicated gold standard, stored as the annotator named ``gold``.
* ``majority=K``: merged by vote among the ``voters``: a span (same label and boundaries) is
  kept when at least K voters have it; a relation when at least K voters have the same
  relation (label, head span, tail span, spans compared by label and boundaries) between
  kept spans. Attributes of a kept span: a value all its voters agree on is kept; otherwise
  the most common value among them (a voter without the attribute votes for "none"; a tie
  goes to the value of the voter first in name order; "none" winning leaves the attribute
  out; counted as ``attributes_by_majority``). Kept spans and relations carry the id of the
  first voter's (in name order) annotation and no annotator. A document label is kept when
  at least K voters gave the same value and no other value has as many votes: a tie writes
  no value (``rules.vote_doc_label``, as adjudication decides; ``doc_labels_tied``).

Which documents: by default only those marked done -- by the annotator, by the gold, for
``all_annotators`` by each annotator in their own output, for ``majority`` by *every* voter.
The others are counted in ``ExportResult.left_out`` and said in the summary; a filter that
leaves no document refuses the export (``NothingToExport``, nothing written).
``include_unfinished=True`` takes every document; ``status="new"`` (or "in progress") those of
that status instead, the same way. Untouched documents exported as all ``O`` would be false
negatives for a trainer. ``labels`` keeps spans of those labels (relations need both ends
kept). Selected documents without any selected span are exported too (negative examples).

Split (``split=(80, 10, 10)``, ``seed``): document-level. The selected documents are ordered by
the sha256 of their text, shuffled with ``random.Random(seed)``, and cut in that order into
train, dev and test (two numbers: train and test); for ``all_annotators`` the documents of
every output are cut together, so a document is in the same part for every annotator. Sizes
by the largest remainder: each part gets ``floor(n * p / 100)`` documents, and the documents
left over go one each to the parts with the largest fractional remainders (ties: train, then
dev, then test). The same texts, filter and seed always give the same split, whatever the
document ids. Outputs: the part name inserted before the suffix (``out.train.conll``,
``out.amal.dev.conll``; brat: ``out.train/``). Within an output documents keep their project
order.

Export is a pipeline of stages, a module each: `select` (options checked against the project;
documents filtered, split; outputs named) -> `read` (documents in batches through the store's
read model, `store.readmodel.export_batches`, cut down to the selected annotations) -> `render`
(the format's own codec, in chunks; a large export on both cores as its FormatInfo's
`parallel_render` says: CoNLL, Hugging Face and spaCy chunks in worker processes, order kept;
native JSONL in two shares, the second read and rendered by a worker) -> `write` (each output
into a temporary file staged beside its target, `annotator.files.Staging`); `pipeline.export` runs
them and puts every output in place when *all* are done: an error or a cancel leaves no output
and no partial file. Documents are streamed, never all held. What a format can do is asked of
its FormatInfo, never of its name.
"""

from .options import (
    CLI_HINT,
    ExportCancelled,
    ExportedFile,
    ExportOptions,
    ExportResult,
    LeftOut,
    NothingToExport,
    writable_formats,
)
from .pipeline import export
from .select import output_path, parse_split, split_documents, split_sizes

__all__ = [
    "CLI_HINT",
    "ExportCancelled",
    "ExportOptions",
    "ExportResult",
    "ExportedFile",
    "LeftOut",
    "NothingToExport",
    "export",
    "output_path",
    "parse_split",
    "split_documents",
    "split_sizes",
    "writable_formats",
]
