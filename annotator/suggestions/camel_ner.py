"""The CAMeL NER recommender (``camel_ner``): camel-tools' BERT named-entity model's entities.

Its PERS, ORG, LOC (and MISC) entities are proposed as the project's labels (PERS/ORG/LOC ->
ACTOR unless changed in Settings > Arabic tools). Needs torch, transformers and a model
(``camel_data -i ner-arabert``, or a folder chosen in Settings).

The model runs in its own worker process (`annotator.camel.ner_worker.NerWorker`): this module
never imports torch or transformers, and a `CamelNer` is a light client that pickles to the
runner's worker processes. The worker starts when it is trained (which waits for the model to
load, so that a model that cannot run says so there, not at the first document) or at the first
document to tag, and is shared by the recommenders of this process that use the same model
folder (a retrained recommender does not load the model again); it ends with the process.

Words: the document's own tokens when its corpus gave them (``doc.tokens``), else the text
core's (`annotator.text.tokenize`), sentence by sentence (`crf.document_sentences`). Each
entity (a ``B-`` word and the ``I-`` words of the same type after it; an ``I-`` not continuing
one starts one) becomes a proposal from its first word's start to its last word's end (code
points) when its type is mapped to a label of the project; the score is the least of its
words' label probabilities (the model's softmax). Spans the annotator already has are not
proposed. ``train`` learns nothing (it checks that the model can run: it loads it).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.camel.config import load_config, ner_model
from annotator.camel.ner_worker import (
    NerProblem,
    NerUnavailable,
    NerWorker,
    WordTag,
    missing_requirement,
    model_problem,
)
from annotator.errors import AnnotatorError
from annotator.model import DocRecord
from annotator.suggestions.base import Proposal, Setting
from annotator.suggestions.crf import document_sentences

__all__ = ["CamelNer", "entities", "problem"]

_LEAST_SCORE = 1e-6  # a score is in (0, 1]
_WORKERS: dict[Path, NerWorker] = {}  # model folder -> its worker, in this process
_WORKERS_LOCK = threading.Lock()


def problem(model: Path | None) -> NerProblem | None:
    """Why CAMeL NER cannot run with `model` (None: no model set or installed), with how to
    install what is missing; None when it can."""
    return missing_requirement() or model_problem(model)


class CamelNer:
    """Proposes CAMeL NER's entities (see the module docstring). Options: ``model`` (a model
    folder; default: the one Settings > Arabic tools chose or ``camel_data`` installed) and
    ``labels`` (CAMeL type -> project label; default: the saved map); types mapped to a label
    the project does not have propose nothing. Other options (``gazetteer``) are ignored."""

    name = "camel_ner"

    def __init__(
        self,
        setting: Setting,
        *,
        model: str | Path | None = None,
        labels: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        if model is None or labels is None:
            config = load_config()
            model = model if model is not None else ner_model(config)
            labels = labels if labels is not None else config.ner_labels
        self.model = Path(model) if model is not None else None
        # CAMeL type -> the project's label, for the types mapped to one the project has
        self.types = {kind: label for kind, label in labels.items() if label in setting.labels}
        self.labels = frozenset(self.types.values())  # the labels it proposes

    @staticmethod
    def unavailable() -> NerProblem | None:
        """Why it cannot run with the saved choices (`problem`), or None."""
        try:
            return problem(ner_model())
        except AnnotatorError as err:  # a damaged settings file
            return NerProblem("settings", detail=str(err))

    def train(self, docs: Sequence[DocRecord]) -> None:
        """Learns nothing; starts the worker and waits for the model to load: raises
        `NerUnavailable` (a `UsageError` carrying the typed `NerProblem`: what is wrong, how to
        install) when it cannot run, `AnnotatorError` when the worker process ended. A worker
        whose model did not load is replaced: training again (the app's background recommender
        retrains) loads a mended model."""
        self._worker(retry=True).ready()

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        """The entities of ``doc`` of mapped types that the annotator does not hold already."""
        if not self.types:
            return []
        sentences = [s for s in document_sentences(doc) if s.starts]
        if not sentences:
            return []
        text = doc.text
        words = [[text[a:b] for a, b in zip(s.starts, s.ends, strict=True)] for s in sentences]
        tagged = self._worker().tag(words)
        held = {(span.start, span.end, span.label) for span in doc.spans}
        proposals: list[Proposal] = []
        for sentence, tags in zip(sentences, tagged, strict=True):
            for first, last, kind, score in entities(tags):
                label = self.types.get(kind)
                start, end = sentence.starts[first], sentence.ends[last - 1]
                if label is not None and (start, end, label) not in held:
                    proposals.append(Proposal(start, end, label, score))
        return proposals

    def _worker(self, *, retry: bool = False) -> NerWorker:
        """The running worker of this model; a new one (after checking that the packages and
        the model are there: `problem`) when there is none, it stopped, or `retry` and its
        model failed to load."""
        model = self.model.resolve() if self.model is not None else None
        with _WORKERS_LOCK:
            worker = _WORKERS.get(model) if model is not None else None
            if worker is None or worker.stopped or (retry and worker.failed):
                found = problem(self.model)
                if found is not None or model is None:
                    raise NerUnavailable(found or NerProblem("no-model"))
                if worker is not None:
                    worker.close()
                worker = _WORKERS[model] = NerWorker(model)
            return worker


def entities(tags: Sequence[WordTag]) -> list[tuple[int, int, str, float]]:
    """The entities of one sentence's word tags (IOB2; an ``I-`` not continuing its type starts
    one) as (first word, last word + 1, type, least probability of its words' tags)."""
    found: list[tuple[int, int, str, float]] = []
    first = -1
    kind = ""
    for index, tag in enumerate([*tags, WordTag("O", 1.0)]):
        prefix, _, tag_kind = tag.label.partition("-")
        continues = prefix == "I" and tag_kind == kind and first >= 0
        if first >= 0 and not continues:
            score = min(t.probability for t in tags[first:index])
            found.append((first, index, kind, min(max(score, _LEAST_SCORE), 1.0)))
            first = -1
        if prefix in ("B", "I") and not continues:
            first, kind = index, tag_kind
    return found


def close_workers() -> None:
    """Stop this process's NER workers (they also end with it)."""
    with _WORKERS_LOCK:
        for worker in _WORKERS.values():
            worker.close()
        _WORKERS.clear()
