"""The sequence model recommender (`annotator.suggestions.crf.CrfModel`): seqeval F1 and speed.

    .venv/bin/python bench/bench_crf.py [--reference DIR] [--c1 C1] [--c2 C2] [--baseline]

Prints, on the shared reference corpora (../shared/reference beside the clone):

(a) ANERcorp (CAMeL Lab test split): its 925 sentences in file order, the model trained on the
    first 80% and evaluated on the last 20% (seqeval F1, IOB2, per label too);
(b) the Wojood sample: trained on train.txt, evaluated on test.txt, the outermost nesting level;
(c) the time of one ``train`` call (alignment, features and L-BFGS) on 50,000 annotated tokens:
    ANERcorp's then Wojood's sentences, learning three of their labels (LOC, ORG, PERS: as many
    as the project's ACTOR, CLAIM, CASUALTY), then all those they hold (slower: the cost
    grows with the number of labels).

``--baseline`` also trains the issue's reference, a plain CRF with word, affix (1-3) and
context (+-2 words) features, on the same splits.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seqeval.metrics import classification_report, f1_score  # noqa: E402

from annotator.formats import conll  # noqa: E402
from annotator.model import DocRecord  # noqa: E402
from annotator.rules import LabelDef  # noqa: E402
from annotator.suggestions.base import Setting  # noqa: E402
from annotator.suggestions.crf import DEFAULT_C1, DEFAULT_C2, CrfModel  # noqa: E402
from annotator.suggestions.features import Lexicon, TokenInfo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ANERCORP = "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
WOJOOD = "arabic/wojood_sample/{}.txt"
THREE = ["LOC", "ORG", "PERS"]  # as many labels as the project's ACTOR, CLAIM, CASUALTY


def sentences(path: Path) -> list[DocRecord]:
    """The corpus's sentences, one document each, with the file's own tokens."""
    return list(conll.read(path, doc_per_sentence=True))


def setting_of(*corpora: Sequence[DocRecord]) -> Setting:
    names = sorted({span.label for docs in corpora for doc in docs for span in doc.spans})
    return Setting({name: LabelDef(name) for name in names})


def evaluate(model: CrfModel, docs: Sequence[DocRecord]) -> tuple[list[list[str]], ...]:
    """Gold and predicted IOB2 sequences of ``docs``' sentences (outermost level)."""
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    for doc in docs:
        sentences = model.gold_sentences(doc)
        gold += [sentence.tags for sentence in sentences]
        predicted += model.tag(doc.text, sentences)
    return gold, predicted


def run(name: str, model: CrfModel, train: Sequence[DocRecord], test: Sequence[DocRecord]) -> None:
    started = time.perf_counter()
    model.train(train)
    seconds = time.perf_counter() - started
    gold, predicted = evaluate(model, test)
    tokens = sum(len(doc.tokens or ()) for doc in train)
    f1 = f1_score(gold, predicted)
    print(f"{name}: F1 {f1:.4f}  (trained on {tokens:,} tokens, {seconds:.1f} s)")
    print(classification_report(gold, predicted, digits=4))


class PlainCrf(CrfModel):
    """The issue's reference: word, affixes 1-3 and the words +-2, nothing else."""

    def features(
        self, infos: Sequence[TokenInfo], hits: Sequence[str | None], lexicon: Lexicon
    ) -> list[list[str]]:
        words = [info.norm for info in infos]
        result = []
        for i, word in enumerate(words):
            features = ["bias", "w=" + word]
            features += [f"p{k}={word[:k]}" for k in (1, 2, 3)]
            features += [f"s{k}={word[-k:]}" for k in (1, 2, 3)]
            for offset in (-2, -1, 1, 2):
                j = i + offset
                features.append(f"{offset}w={words[j]}" if 0 <= j < len(words) else f"{offset}pad")
            result.append(features)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--c1", type=float, default=DEFAULT_C1)
    parser.add_argument("--c2", type=float, default=DEFAULT_C2)
    parser.add_argument("--baseline", action="store_true", help="also the plain CRF")
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args(argv)
    options = {"c1": args.c1, "c2": args.c2}

    anercorp = sentences(args.reference / ANERCORP)
    cut = len(anercorp) * 8 // 10
    setting = setting_of(anercorp)
    print(
        f"(a) ANERcorp 80/20: {cut} sentences -> {len(anercorp) - cut}; c1={args.c1} c2={args.c2}"
    )
    run("model", CrfModel(setting, **options), anercorp[:cut], anercorp[cut:])
    if args.baseline:
        run("plain CRF", PlainCrf(setting, **options), anercorp[:cut], anercorp[cut:])

    train, test = (sentences(args.reference / WOJOOD.format(split)) for split in ("train", "test"))
    setting = setting_of(train, test)
    print("(b) Wojood sample train -> test, outermost level")
    run("model", CrfModel(setting, **options), train, test)
    if args.baseline:
        run("plain CRF", PlainCrf(setting, **options), train, test)

    if not args.skip_timing:
        val = sentences(args.reference / WOJOOD.format("val"))
        pool = [*anercorp, *train, *val, *test]
        docs, tokens = [], 0
        for doc in pool:
            if tokens >= 50_000:
                break
            docs.append(doc)
            tokens += len(doc.tokens or ())
        setting = setting_of(docs)
        for labels in (THREE, sorted(setting.labels)):
            model = CrfModel(setting, labels=labels, **options)
            started = time.perf_counter()
            model.train(docs)
            seconds = time.perf_counter() - started
            print(
                f"(c) train on {tokens:,} annotated tokens ({len(docs)} sentences), "
                f"{len(labels)} labels: {seconds:.1f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
