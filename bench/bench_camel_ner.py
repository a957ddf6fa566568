"""The CAMeL NER recommender (`annotator.suggestions.camel_ner`): its worker's start and speed.

    .venv/bin/python bench/bench_camel_ner.py [--model DIR] [--repeat N]

Prints:

(a) what the calling process pays: importing the recommender module (torch and transformers
    stay out of it: checked);
(b) the worker's start: from starting the process to its first answer (Python, torch,
    transformers and camel-tools imported there, the model loaded), median of --repeat runs;
(c) suggesting on the demo's seed articles (annotator/resources/seeds), with the worker
    running: milliseconds per article and per 1,000 words (the text core's tokens).

--model: a model folder (camel_data's ner-arabert, say); default: the tests' tiny BERT
(tests/test_camel_ner.py: hidden size 16, one layer), built in a temporary folder, which
measures the process and pipe overhead, not BERT-base's own cost.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    from annotator.camel.ner_worker import NerWorker
    from annotator.model import DocRecord
    from annotator.rules import LabelDef
    from annotator.suggestions.base import Setting
    from annotator.suggestions.camel_ner import CamelNer, close_workers
    from annotator.text import tokenize

    imported = time.perf_counter() - started
    heavy = sorted(m for m in ("torch", "transformers") if m in sys.modules)
    print(
        f"(a) importing the recommender: {imported * 1000:.0f} ms; heavy modules: {heavy or 'none'}"
    )

    with tempfile.TemporaryDirectory() as folder:
        model = args.model
        if model is None:
            from test_camel_ner import TINY_MODEL_CODE

            model = Path(folder) / "tiny"
            subprocess.run([sys.executable, "-c", TINY_MODEL_CODE, str(model)], check=True)
        starts = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            worker = NerWorker(model)
            worker.tag([["محمد"]])
            starts.append(time.perf_counter() - began)
            worker.close()
        print(
            f"(b) worker start and model load ({model.name}): median "
            f"{statistics.median(starts):.2f} s (runs: {', '.join(f'{s:.2f}' for s in starts)})"
        )

        seeds = sorted((ROOT / "annotator" / "resources" / "seeds").glob("*.txt"))
        texts = [path.read_text(encoding="utf-8") for path in seeds]
        words = sum(len(tokenize(text)) for text in texts)
        recommender = CamelNer(
            Setting({"ACTOR": LabelDef("ACTOR")}), model=model, labels={"PERS": "ACTOR"}
        )
        recommender.suggest(DocRecord(texts[0]))  # the worker started and loaded
        began = time.perf_counter()
        for text in texts:
            recommender.suggest(DocRecord(text))
        spent = time.perf_counter() - began
        close_workers()
        print(
            f"(c) {len(texts)} seed articles, {words:,} tokens: "
            f"{spent / len(texts) * 1000:.1f} ms per article, "
            f"{spent / words * 1_000_000:.1f} ms per 1,000 tokens"
        )
        heavy = sorted(m for m in ("torch", "transformers") if m in sys.modules)
        print(f"    heavy modules in this process afterwards: {heavy or 'none'}")


if __name__ == "__main__":
    main()
