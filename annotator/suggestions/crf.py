"""The sequence model recommender (``model``): a CRF (python-crfsuite) trained on the project.

Training: each document's tokens and sentences (its own, ``doc.tokens``, when a corpus gave
them, else `annotator.text.token_spans` and `split_sentences`), aligned with its spans by the
export's `annotator.formats._tags.align` (a token a span boundary falls inside is split there)
and tagged IOB2. Nested spans: only the outermost level is learned (`stack_layers`' first
layer: a span inside another is left out); CLAIM is not learned unless asked, as its spans
hold ACTORs. Features: `annotator.suggestions.features`; the lexicon of known strings holds
the gazetteer given and the strings of the training spans. The training documents are cut into
`_FOLDS` contiguous blocks, and a document sees only the strings and words of the other blocks,
so the model learns how far to trust a lexicon hit (and an unseen word) on new text.
``train`` replaces the model; with no span to learn from there is none and ``suggest``
proposes nothing.

Suggesting: each sentence is tagged (Viterbi); the IOB2 runs become spans on the document's
tokens, in code points of its text. A document's own tokens are kept whole; on the text core's,
a span whose first token holds a known string after a proclitic starts after the clitic, as
the string matcher proposes it («حركة حماس» in «وحركة حماس»). The score of a span is the least
of its tokens' marginal probabilities of their tags (``Tagger.marginal``).

The trained model is kept in memory as bytes (the trainer writes a temporary file, read back
and deleted at once), so a `CrfModel` pickles to a worker process.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.formats._common import ImportReport
from annotator.formats._tags import align, own_tokens, stack_layers, trimmed_spans
from annotator.model import DocRecord
from annotator.rules import CLAIM
from annotator.suggestions.base import Proposal, Setting
from annotator.suggestions.features import Lexicon, TokenInfo, sentence_features, token_info

__all__ = ["CrfModel", "TaggedSentence", "document_sentences"]

_FOLDS = 5
DEFAULT_C1 = 0.05
DEFAULT_C2 = 0.01
DEFAULT_ITERATIONS = 100
_LEAST_SCORE = 1e-6  # a score is in (0, 1]


class TaggedSentence:
    """One sentence of a document: its tokens' offsets and what their features are made of."""

    __slots__ = ("starts", "ends", "infos", "tags")

    def __init__(self, starts: list[int], ends: list[int], infos: list[TokenInfo]) -> None:
        self.starts = starts
        self.ends = ends
        self.infos = infos
        self.tags: list[str] = ["O"] * len(starts)


class CrfModel:
    """A CRF over tokens proposing spans of the setting's labels (see the module docstring).

    Options: ``gazetteer`` (``(text, label)`` pairs known in advance), ``labels`` (the labels
    it learns; default all of the setting's but CLAIM: the claim rules propose those, and a CLAIM
    holds ACTORs, which it would hide as the outer level), ``c1``/``c2`` (L1/L2 regularization) and
    ``max_iterations`` of L-BFGS. Other options are ignored (the runner may give every
    recommender the same)."""

    name = "model"

    def __init__(
        self,
        setting: Setting,
        *,
        gazetteer: Sequence[tuple[str, str]] = (),
        labels: Sequence[str] | None = None,
        c1: float = DEFAULT_C1,
        c2: float = DEFAULT_C2,
        max_iterations: int = DEFAULT_ITERATIONS,
        **options: Any,
    ) -> None:
        self.setting = setting
        wanted = [name for name in setting.labels if name != CLAIM] if labels is None else labels
        self.labels = frozenset(label for label in wanted if label in setting.labels)
        self.gazetteer = [(text, label) for text, label in gazetteer if label in self.labels]
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.lexicon = Lexicon(self.gazetteer)
        self._model: bytes | None = None
        self._tagger: Any = None

    # ------------------------------------------------------------------ training

    def train(self, docs: Sequence[DocRecord]) -> None:
        """Learn from ``docs``' spans (of the learned labels), replacing the model."""
        import pycrfsuite

        self._model = None
        self._tagger = None
        self.lexicon = Lexicon(self.gazetteer)
        taught = [(doc, sentences) for doc in docs if (sentences := self.gold_sentences(doc))]
        if not any(tag != "O" for _, sents in taught for s in sents for tag in s.tags):
            return
        fold_entries: list[list[tuple[str, str]]] = [[] for _ in range(_FOLDS)]
        fold_words: list[set[str]] = [set() for _ in range(_FOLDS)]
        for index, (doc, sentences) in enumerate(taught):
            fold_words[index * _FOLDS // len(taught)].update(
                info.stem for sentence in sentences for info in sentence.infos
            )
            for span in doc.spans:
                if span.label in self.labels and span.start < span.end:
                    text = doc.text[span.start : span.end]
                    fold_entries[index * _FOLDS // len(taught)].append((text, span.label))
                    self.lexicon.add(text, span.label)
        self.lexicon.vocabulary = set().union(*fold_words)
        fold_lexicons = []
        for fold in range(_FOLDS):
            others = [other for other in range(_FOLDS) if other != fold]
            lexicon = Lexicon(self.gazetteer + [e for o in others for e in fold_entries[o]])
            lexicon.vocabulary = set().union(*(fold_words[other] for other in others))
            fold_lexicons.append(lexicon)
        trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
        trainer.set_params(
            {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "feature.possible_transitions": True,
            }
        )
        for index, (doc, sentences) in enumerate(taught):
            lexicon = fold_lexicons[index * _FOLDS // len(taught)]
            for sentence, features in zip(
                sentences, self._features(doc.text, sentences, lexicon), strict=True
            ):
                trainer.append(features, sentence.tags)
        handle, path = tempfile.mkstemp(prefix="annotator-crf-", suffix=".crfsuite")
        os.close(handle)
        try:
            trainer.train(path)
            with open(path, "rb") as model_file:
                self._model = model_file.read()
        finally:
            os.unlink(path)

    def gold_sentences(self, doc: DocRecord) -> list[TaggedSentence]:
        """``doc``'s sentences with the IOB2 tags of its outermost spans of learned labels."""
        report = ImportReport()
        doc_spans = [span for span in doc.spans if span.label in self.labels]
        items = trimmed_spans(DocRecord(doc.text, spans=doc_spans), report)
        aligned = align(doc, items, report)
        placed = [item for item in aligned.placed if item is not None]
        layers = stack_layers(placed, report, "", None)
        sentences = _sentences(doc.text, aligned.starts, aligned.ends, aligned.sentence_starts)
        if not layers:
            return sentences
        tags = ["O"] * len(aligned.starts)
        for item in layers[0]:
            tags[item.first] = "B-" + item.label
            for index in range(item.first + 1, item.last):
                tags[index] = "I-" + item.label
        position = 0
        for sentence in sentences:
            sentence.tags = tags[position : position + len(sentence.starts)]
            position += len(sentence.starts)
        return sentences

    def _features(
        self, text: str, sentences: Sequence[TaggedSentence], lexicon: Lexicon
    ) -> list[list[list[str]]]:
        """The features of the tokens of each of ``sentences`` (of the document ``text``)."""
        starts = [start for sentence in sentences for start in sentence.starts]
        ends = [end for sentence in sentences for end in sentence.ends]
        hits = lexicon.hits(text, starts, ends)
        result = []
        position = 0
        for sentence in sentences:
            size = len(sentence.starts)
            result.append(self.features(sentence.infos, hits[position : position + size], lexicon))
            position += size
        return result

    def features(
        self, infos: Sequence[TokenInfo], hits: Sequence[str | None], lexicon: Lexicon
    ) -> list[list[str]]:
        """The features of one sentence's tokens (`features.sentence_features`)."""
        return sentence_features(infos, hits, lexicon)

    # ------------------------------------------------------------------ suggesting

    @property
    def trained(self) -> bool:
        """Whether there is a model (training found spans to learn from)."""
        return self._model is not None

    def _open_tagger(self) -> Any:
        if self._tagger is None and self._model is not None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._model)
            self._tagger = tagger
        return self._tagger

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        """Spans the model finds in ``doc`` that the annotator does not hold already."""
        tagger = self._open_tagger()
        if tagger is None:
            return []
        held = {(span.start, span.end, span.label) for span in doc.spans}
        # known strings found after a proclitic inside a token of the text core's (a corpus's
        # own tokens are kept whole): a proposal starting in that token starts there too
        after_clitic = (
            {match.start for match in self.lexicon.matcher.find(doc.text) if match.clitic}
            if doc.tokens is None
            else set()
        )
        proposals: list[Proposal] = []
        sentences = document_sentences(doc)
        for sentence, features in zip(
            sentences, self._features(doc.text, sentences, self.lexicon), strict=True
        ):
            tags = tagger.tag(features)
            for first, last, label, score in _runs(tags, tagger):
                start, end = sentence.starts[first], sentence.ends[last - 1]
                if after_clitic:
                    start = min((cut for cut in after_clitic if start < cut < end), default=start)
                if label in self.labels and (start, end, label) not in held:
                    proposals.append(Proposal(start, end, label, score))
        return proposals

    def tag(self, text: str, sentences: Sequence[TaggedSentence]) -> list[list[str]]:
        """The IOB2 tags the model gives the tokens of each of ``sentences`` of the document
        ``text`` (all ``O`` without a model)."""
        tagger = self._open_tagger()
        if tagger is None:
            return [["O"] * len(sentence.starts) for sentence in sentences]
        features = self._features(text, sentences, self.lexicon)
        return [list(tagger.tag(sentence)) for sentence in features]

    # ------------------------------------------------------------------ pickling

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tagger"] = None
        return state

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self.__dict__.update(state)


def document_sentences(doc: DocRecord) -> list[TaggedSentence]:
    """``doc``'s sentences on its own tokens (``doc.tokens``, never split) or the text core's."""
    if doc.tokens is not None:
        tokens = doc.tokens
        return _sentences(doc.text, tokens.starts, tokens.ends, tokens.sentence_starts)
    starts, ends, sentence_starts = own_tokens(doc.text)
    return _sentences(doc.text, starts, ends, sentence_starts)


def _sentences(
    text: str, starts: Sequence[int], ends: Sequence[int], sentence_starts: Sequence[int]
) -> list[TaggedSentence]:
    bounds = [*sentence_starts, len(starts)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    sentences = []
    for first, last in zip(bounds, bounds[1:], strict=False):
        if first < last:
            s, e = list(starts[first:last]), list(ends[first:last])
            infos = [token_info(text[a:b]) for a, b in zip(s, e, strict=True)]
            sentences.append(TaggedSentence(s, e, infos))
    return sentences


def _runs(tags: Sequence[str], tagger: Any) -> list[tuple[int, int, str, float]]:
    """The IOB2 runs of ``tags`` (an ``I-`` not continuing its label starts one) as (first
    token, last token + 1, label, least marginal of the run's tags)."""
    runs: list[tuple[int, int, str, float]] = []
    first = -1
    label = ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and tag_label == label and first >= 0
        if first >= 0 and not continues:
            score = min(tagger.marginal(tags[i], i) for i in range(first, index))
            runs.append((first, index, label, min(max(score, _LEAST_SCORE), 1.0)))
            first = -1
        if prefix in ("B", "I") and not continues:
            first, label = index, tag_label
    return runs
