"""The CAMeL NER recommender (``camel_ner``) end to end on a tiny BERT model built here.

The model (`TINY_MODEL_CODE`, run in a child process so that this one never imports torch) is
a BertForTokenClassification with hidden size 16, one layer and two heads, random weights from
a fixed seed, a hand-written vocabulary and ``id2label`` with ``O``; a few weights are then set
so that its predictions are known: every position and token-type embedding and the two
residual branches of the layer (attention output, feed-forward output) are zero, so each word
piece's last hidden state is its own word embedding; the embedding of each known word is a row
of a 16x16 Hadamard matrix (mean 0, variance 1: the layer norms keep it as is); the
classifier's row of a label is 0.25 times the row of the word that should get it, and ``O``
has bias 2. So «محمد» gets B-PERS, «علي» I-PERS, «بغداد» B-LOC and «الأمم» B-MISC, each with
probability e^4 / (e^4 + e^2 + 7) (the rows are orthogonal: every other label's logit is 0),
and every other word piece ``O``.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.camel import config
from annotator.camel.ner_worker import NerProblem, missing_requirement, problem_text
from annotator.cli import main
from annotator.errors import UsageError
from annotator.model import DocRecord, SpanRecord
from annotator.rules import LabelDef
from annotator.store import Project
from annotator.suggestions import RECOMMENDERS, Setting, default_names, make, unavailable
from annotator.suggestions.camel_ner import CamelNer, close_workers

ROOT = Path(__file__).resolve().parent.parent

# found, never imported here (the model is built in a child process)
_MISSING = missing_requirement()
pytestmark = pytest.mark.skipif(
    _MISSING is not None, reason="" if _MISSING is None else problem_text(_MISSING)
)

TINY_MODEL_CODE = r"""
import sys
from pathlib import Path

import torch
from transformers import BertConfig, BertForTokenClassification, BertTokenizer

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
labels = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
words = ["محمد", "علي", "بغداد", "الأمم", "قال", "في", "وزير", "##ة", "إن"]
(folder / "vocab.txt").write_text("\n".join(special + words) + "\n", encoding="utf-8")
torch.manual_seed(0)
model = BertForTokenClassification(
    BertConfig(
        vocab_size=len(special) + len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
)
hadamard = torch.ones(1, 1)
while hadamard.shape[0] < 16:
    hadamard = torch.cat([torch.cat([hadamard, hadamard], 1), torch.cat([hadamard, -hadamard], 1)])
with torch.no_grad():
    bert = model.bert
    bert.embeddings.position_embeddings.weight.zero_()
    bert.embeddings.token_type_embeddings.weight.zero_()
    bert.embeddings.word_embeddings.weight.copy_(hadamard[0])  # constant: all zero after norm
    for index, word in enumerate(words):
        bert.embeddings.word_embeddings.weight[len(special) + index] = hadamard[index + 1]
    for layer in bert.encoder.layer:
        for dense in (layer.attention.output.dense, layer.output.dense):
            dense.weight.zero_()
            dense.bias.zero_()
    model.classifier.weight.zero_()
    model.classifier.bias.zero_()
    model.classifier.bias[labels.index("O")] = 2.0
    known = [("محمد", "B-PERS"), ("علي", "I-PERS"), ("بغداد", "B-LOC"), ("الأمم", "B-MISC")]
    for word, label in known:
        model.classifier.weight[labels.index(label)] = 0.25 * hadamard[words.index(word) + 1]
model.save_pretrained(folder)
BertTokenizer(str(folder / "vocab.txt"), do_lower_case=False).save_pretrained(folder)
"""

SURE = math.exp(4) / (math.exp(4) + math.exp(2) + 7)  # an entity word's label probability

# «وزيرة» is two word pieces (وزير ##ة), «الخارجية» one unknown piece, «\u200f» (a lone
# right-to-left mark, a token of the text core's) none: the model never sees it
TEXT = "قال وزيرة الخارجية محمد علي في بغداد إن الأمم \u200f محمد"
LABELS = {"ACTOR": LabelDef("ACTOR"), "CLAIM": LabelDef("CLAIM")}


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-ner") / "model"
    subprocess.run(
        [sys.executable, "-c", TINY_MODEL_CODE, str(folder)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


@pytest.fixture(autouse=True)
def _workers_closed():
    yield
    close_workers()


def ner(model: Path | None, labels: dict[str, str] | None = None) -> CamelNer:
    return CamelNer(Setting(LABELS), model=model, labels=labels)


# ------------------------------------------------------------------ end to end


def test_entities_are_proposed_with_exact_offsets_mapped_labels_and_scores(tiny_model):
    recommender = ner(tiny_model, {"PERS": "ACTOR", "LOC": "PLACE", "ORG": "ACTOR"})
    recommender.train([])
    proposals = recommender.suggest(DocRecord(TEXT))
    # PERS -> ACTOR; LOC -> PLACE, which the project lacks, and MISC (unmapped): skipped
    assert [(p.start, p.end, p.label) for p in proposals] == [
        (at("محمد")[0], at("علي")[1], "ACTOR"),  # B-PERS I-PERS: one entity
        (*at("محمد", 1), "ACTOR"),  # after the word the model never sees
    ]
    assert TEXT[proposals[0].start : proposals[0].end] == "محمد علي"
    for proposal in proposals:
        assert 0 < proposal.score <= 1
        assert proposal.score == pytest.approx(SURE, rel=1e-4)


def test_the_default_map_proposes_places_as_actors_and_never_misc(tiny_model):
    proposals = ner(tiny_model, dict(config.DEFAULT_NER_LABELS)).suggest(DocRecord(TEXT))
    assert [TEXT[p.start : p.end] for p in proposals] == ["محمد علي", "بغداد", "محمد"]
    assert {p.label for p in proposals} == {"ACTOR"}


def test_the_saved_map_and_model_are_used_and_held_spans_are_not_proposed(tiny_model):
    config.save_config(config.ToolsConfig(ner_model=str(tiny_model), ner_labels={"LOC": "CLAIM"}))
    recommender = make("camel_ner", Setting(LABELS))
    held = DocRecord(TEXT, spans=[SpanRecord(*at("بغداد"), "ACTOR")])
    assert [(p.start, p.end, p.label) for p in recommender.suggest(held)] == [
        (*at("بغداد"), "CLAIM")
    ]
    held = DocRecord(TEXT, spans=[SpanRecord(*at("بغداد"), "CLAIM")])
    assert recommender.suggest(held) == []


def test_a_corpus_own_tokens_are_the_words(tiny_model):
    from annotator.model import Tokenization

    text = "محمدعلي في بغداد"
    # the corpus made «محمدعلي» one token: the model sees one unknown word, not محمد and علي
    tokens = Tokenization([0, 8, 11], [7, 10, 16], [0])
    proposals = ner(tiny_model, {"PERS": "ACTOR", "LOC": "ACTOR"}).suggest(
        DocRecord(text, tokens=tokens)
    )
    assert [(p.start, p.end) for p in proposals] == [(11, 16)]


def test_a_sentence_longer_than_the_model_input_keeps_its_offsets(tiny_model):
    """camel-tools cuts a sentence of more than 254 word pieces into segments; the words'
    tags are joined back in order."""
    text = " ".join(["في"] * 300 + ["محمد", "علي"] + ["في"] * 10)
    proposals = ner(tiny_model, {"PERS": "ACTOR"}).suggest(DocRecord(text))
    start = text.index("محمد")
    assert [(p.start, p.end) for p in proposals] == [(start, start + len("محمد علي"))]


def test_the_calling_process_never_imports_torch(tiny_model, tmp_path):
    """Rule 6: suggesting with camel_ner leaves torch and transformers out of the process that
    asks (checked in a fresh interpreter: this test process may have imported them)."""
    code = (
        "import sys\n"
        "from annotator.model import DocRecord\n"
        "from annotator.rules import LabelDef\n"
        "from annotator.suggestions import Setting, make\n"
        "if __name__ == '__main__':\n"
        "    setting = Setting({'ACTOR': LabelDef('ACTOR')})\n"
        f"    r = make('camel_ner', setting, model={str(tiny_model)!r},\n"
        "             labels={'PERS': 'ACTOR'})\n"
        f"    found = r.suggest(DocRecord({TEXT!r}))\n"
        "    print(len(found), sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=os.environ | {"ANNOTATOR_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "[]"]


def test_the_recommender_pickles_and_its_worker_serves_a_retrained_one(tiny_model):
    import pickle

    from annotator.suggestions import camel_ner

    first = ner(tiny_model, {"PERS": "ACTOR"})
    first.suggest(DocRecord(TEXT))
    copy = pickle.loads(pickle.dumps(first))
    assert copy.suggest(DocRecord(TEXT)) == first.suggest(DocRecord(TEXT))
    assert len(camel_ner._WORKERS) == 1  # one model loaded for both


def test_entities_are_iob2_runs_scored_by_their_least_probability():
    from annotator.camel.ner_worker import WordTag
    from annotator.suggestions.camel_ner import entities

    tags = [
        WordTag("B-PERS", 0.9),
        WordTag("I-PERS", 0.6),
        WordTag("B-PERS", 0.8),  # a new entity right after the first
        WordTag("I-LOC", 0.7),  # an I- of another type starts one
        WordTag("I-LOC", 0.5),
        WordTag("O", 0.99),
        WordTag("I-ORG", 0.4),  # ends the sentence
    ]
    assert entities(tags) == [
        (0, 2, "PERS", 0.6),
        (2, 3, "PERS", 0.8),
        (3, 5, "LOC", 0.5),
        (6, 7, "ORG", 0.4),
    ]
    assert entities([WordTag("O", 1.0)]) == []


# ------------------------------------------------------------------ what is missing


def test_without_a_model_it_says_how_to_install_one(tmp_path):
    assert config.ner_model() is None  # nothing installed in the test's home
    problem = unavailable("camel_ner")
    assert problem == NerProblem("no-model", command="camel_data -i ner-arabert")
    message = problem_text(problem)
    assert message.startswith("no CAMeL NER model is installed")
    assert "camel_data -i ner-arabert" in message and "Settings > Arabic tools" in message
    recommender = make("camel_ner", Setting(LABELS))
    with pytest.raises(UsageError, match="camel_data -i ner-arabert"):
        recommender.train([])
    with pytest.raises(UsageError, match="no config.json"):
        ner(tmp_path, {"PERS": "ACTOR"}).suggest(DocRecord(TEXT))


def test_a_folder_that_is_no_model_is_said_with_its_path(tmp_path):
    config.save_config(config.ToolsConfig(ner_model=str(tmp_path / "gone")))
    problem = unavailable("camel_ner")
    assert problem == NerProblem(
        "model-broken", path=str(tmp_path / "gone"), command="camel_data -i ner-arabert"
    )
    assert problem_text(problem).startswith(f"{tmp_path / 'gone'}: not a CAMeL NER model folder")


def test_damaged_saved_choices_are_said_naming_the_file():
    config.config_path().parent.mkdir(parents=True, exist_ok=True)
    config.config_path().write_text("{", encoding="utf-8")
    problem = unavailable("camel_ner")
    assert problem is not None and problem.kind == "settings"
    assert str(config.config_path()) in problem.detail
    assert problem_text(problem) == problem.detail


def broken_model(tmp_path: Path) -> Path:
    """A folder that looks like a model (config.json, vocab.txt) but does not load."""
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "vocab.txt").write_text("[PAD]\n[UNK]\nمحمد\n", encoding="utf-8")
    return folder


def test_a_model_folder_that_does_not_load_is_a_clear_error(tmp_path):
    folder = broken_model(tmp_path)
    with pytest.raises(UsageError, match="not a usable CAMeL NER model"):
        ner(folder, {"PERS": "ACTOR"}).suggest(DocRecord(TEXT))


def test_training_loads_the_model_so_one_that_does_not_load_fails_there(tmp_path):
    folder = broken_model(tmp_path)
    config.save_config(config.ToolsConfig(ner_model=str(folder)))
    assert unavailable("camel_ner") is None and "camel_ner" in default_names()
    with pytest.raises(UsageError, match="not a usable CAMeL NER model") as raised:
        ner(folder, {"PERS": "ACTOR"}).train([])
    # the worker process sends why typed, so the app can word it in its language
    problem = raised.value.problem
    assert (problem.kind, problem.path) == ("model-unusable", str(folder)) and problem.detail
    assert str(raised.value) == problem_text(problem)


def test_training_again_loads_a_model_mended_since(tiny_model, tmp_path):
    import shutil

    folder = broken_model(tmp_path)
    recommender = ner(folder, {"PERS": "ACTOR"})
    with pytest.raises(UsageError, match="not a usable CAMeL NER model"):
        recommender.train([])
    shutil.rmtree(folder)
    shutil.copytree(tiny_model, folder)
    recommender.train([])
    assert [p.label for p in recommender.suggest(DocRecord("قال محمد"))] == ["ACTOR"]


def test_a_model_folder_without_a_tokenizer_is_said_so(tiny_model, tmp_path):
    import shutil

    folder = tmp_path / "novocab"
    shutil.copytree(tiny_model, folder)
    for name in ("vocab.txt", "tokenizer.json"):
        (folder / name).unlink(missing_ok=True)
    config.save_config(config.ToolsConfig(ner_model=str(folder)))
    problem = unavailable("camel_ner")
    assert problem == NerProblem(
        "no-tokenizer", path=str(folder), command="camel_data -i ner-arabert"
    )
    assert "no vocab.txt or tokenizer.json" in problem_text(problem)
    assert "camel_ner" not in default_names()
    with pytest.raises(UsageError, match="no vocab.txt or tokenizer.json"):
        ner(folder, {"PERS": "ACTOR"}).suggest(DocRecord(TEXT))


def test_a_tokenizer_knowing_only_special_tokens_is_refused(tiny_model, tmp_path):
    import shutil

    folder = tmp_path / "specials"
    shutil.copytree(tiny_model, folder)
    (folder / "tokenizer.json").unlink(missing_ok=True)
    specials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n"
    (folder / "vocab.txt").write_text(specials, encoding="utf-8")
    with pytest.raises(UsageError, match="has no tokenizer"):
        ner(folder, {"PERS": "ACTOR"}).train([])


def test_a_failed_request_fails_alone_and_the_worker_serves_on(tiny_model, monkeypatch):
    from annotator.camel import ner_worker
    from annotator.errors import AnnotatorError

    monkeypatch.setattr(
        ner_worker,
        "_WORKER_CODE",
        "import sys; import annotator.camel.ner_worker as m; tag = m._tag\n"
        "def failing(recognizer, sentences):\n"
        "    if any('BOOM' in w for s in sentences for w in s): raise RuntimeError('bad one')\n"
        "    return tag(recognizer, sentences)\n"
        "m._tag = failing; m.serve(sys.argv[1])",
    )
    worker = ner_worker.NerWorker(tiny_model)
    try:
        assert [t.label for t in worker.tag([["محمد"]])[0]] == ["B-PERS"]
        with pytest.raises(AnnotatorError, match="RuntimeError: bad one"):
            worker.tag([["BOOM"]])
        assert [t.label for t in worker.tag([["محمد"]])[0]] == ["B-PERS"]
        assert not worker.stopped
    finally:
        worker.close()


def test_the_worker_never_goes_online(tmp_path, monkeypatch):
    from annotator.camel import ner_worker

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(
        ner_worker,
        "_WORKER_CODE",
        "import os, pickle, sys\n"
        "out = sys.stdout.buffer\n"
        "pickle.dump(('ready', None), out); out.flush(); pickle.load(sys.stdin.buffer)\n"
        "names = ('HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE')\n"
        "pickle.dump(('tags', [[os.environ.get(n) for n in names]]), out); out.flush()",
    )
    worker = ner_worker.NerWorker(tmp_path)
    try:
        assert worker.tag([["x"]]) == [["1", "1"]]
    finally:
        worker.close()


def test_without_torch_it_says_how_to_install_it(monkeypatch):
    from annotator.camel import env, ner_worker

    real = env.module_found
    monkeypatch.setattr(env, "module_found", lambda name: name != "torch" and real(name))
    problem = ner_worker.missing_requirement()
    python = env.python_command()
    # torch pinned and from its CPU index: from PyPI pip would download several GB of CUDA
    assert problem == NerProblem(
        "no-packages",
        missing=("torch",),
        command=f"{python} -m pip install torch==2.13.0 "
        "--index-url https://download.pytorch.org/whl/cpu",
    )
    message = problem_text(problem)
    assert "needs torch, not installed" in message and "pip install torch==2.13.0" in message
    with pytest.raises(UsageError, match="needs torch"):
        ner(Path("/nowhere"), {"PERS": "ACTOR"}).train([])


def test_torch_failing_to_import_in_the_worker_is_a_clear_error(tiny_model, tmp_path, monkeypatch):
    """A torch that is found but cannot be imported (a broken install) is reported by the
    worker as a UsageError, not a traceback."""
    fake = tmp_path / "fake" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise ImportError('libtorch_cpu.so: cannot open shared object file')\n", encoding="utf-8"
    )
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))
    with pytest.raises(UsageError, match="cannot be loaded.*libtorch_cpu.so.*pip install"):
        ner(tiny_model, {"PERS": "ACTOR"}).suggest(DocRecord(TEXT))


def test_it_is_run_by_default_only_when_it_can_run(tiny_model):
    assert "camel_ner" in RECOMMENDERS
    assert "camel_ner" not in default_names()
    config.save_config(config.ToolsConfig(ner_model=str(tiny_model)))
    assert unavailable("camel_ner") is None
    assert "camel_ner" in default_names()


# ------------------------------------------------------------------ the command line


@pytest.fixture
def project_path(tmp_path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(TEXT, name="one"), DocRecord("قال محمد", name="two")])
    return path


def test_annotator_suggest_with_camel_ner(tiny_model, project_path, capsys):
    config.save_config(config.ToolsConfig(ner_model=str(tiny_model)))
    code = main(
        ["suggest", str(project_path), "--for", "amal", "--recommenders", "camel_ner", "--json"]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["suggestions"] == {"camel_ner": {"ACTOR": 4}}
    with Project.open(project_path) as project:
        stored = [
            (s.document_id, s.start, s.end, s.label, s.recommender)
            for document_id in (1, 2)
            for s in project.suggestions(document_id, "amal")
        ]
    assert stored == [
        (1, at("محمد")[0], at("علي")[1], "ACTOR", "camel_ner"),
        (1, *at("بغداد"), "ACTOR", "camel_ner"),
        (1, *at("محمد", 1), "ACTOR", "camel_ner"),
        (2, 4, 8, "ACTOR", "camel_ner"),
    ]


def test_annotator_suggest_without_a_model_says_how_to_install_it(project_path, capsys):
    code = main(["suggest", str(project_path), "--for", "amal", "--recommenders", "camel_ner"])
    assert code == 2
    assert "camel_data -i ner-arabert" in capsys.readouterr().err
    # by default it is left out, and the others run
    assert main(["suggest", str(project_path), "--for", "amal", "--json"]) == 0
    assert "camel_ner" not in json.loads(capsys.readouterr().out)["suggestions"]


CASUALTY_TEXT = "قال محمد علي إن ٣ قتلى سقطوا في بغداد"


def test_a_default_camel_ner_that_does_not_load_is_left_out_and_the_others_store(tmp_path, capsys):
    path = tmp_path / "c.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(CASUALTY_TEXT, name="one")])
    config.save_config(config.ToolsConfig(ner_model=str(broken_model(tmp_path))))
    assert "camel_ner" in default_names()
    assert main(["suggest", str(path), "--for", "amal", "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert "camel_ner" not in result["suggestions"]
    assert result["suggestions"]["casualty"]  # the others' suggestions are stored
    assert len(result["warnings"]) == 1
    assert result["warnings"][0].startswith("camel_ner left out: ")
    assert "not a usable CAMeL NER model" in result["warnings"][0]
    assert "warning: camel_ner left out: " in err
    with Project.open(path) as project:
        stored = {s.recommender for s in project.suggestions(1, "amal")}
        assert "casualty" in stored and "camel_ner" not in stored
    # named, it is required: its error stops the run
    assert main(["suggest", str(path), "--for", "amal", "--recommenders", "camel_ner"]) == 2
    assert "not a usable CAMeL NER model" in capsys.readouterr().err


def test_annotator_recommenders_lists_it_with_its_availability(tiny_model, project_path, capsys):
    assert main(["recommenders", str(project_path), "--json"]) == 0
    listed = {item["name"]: item for item in json.loads(capsys.readouterr().out)["recommenders"]}
    assert "camel_ner" in listed
    assert "camel_data -i ner-arabert" in listed["camel_ner"]["unavailable"]
    assert listed["strings"]["unavailable"] is None
    config.save_config(config.ToolsConfig(ner_model=str(tiny_model)))
    assert main(["recommenders", str(project_path)]) == 0
    line = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("camel_ner")
    )
    assert line.rstrip().endswith("yes")


# ------------------------------------------------------------ the app's background recommender


def _events_until(service, kind: str, timeout: float = 240.0) -> list:
    import time

    seen: list = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = service.wait(0.5)
        seen += events
        if any(e.kind in (kind, "error", "stopped") for e in events):
            return seen
    raise AssertionError(f"no {kind} event in {timeout} s: {seen}")


def test_the_background_recommender_leaves_out_a_camel_ner_that_does_not_load(tmp_path):
    from annotator.suggestions.service import SuggestionService

    path = tmp_path / "c.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(CASUALTY_TEXT, name="one")])
    config.save_config(config.ToolsConfig(ner_model=str(broken_model(tmp_path))))
    service = SuggestionService(path, "amal")
    try:
        service.suggest([1])
        seen = _events_until(service, "ready")
        kinds = [e.kind for e in seen]
        assert "error" not in kinds and "ready" in kinds, seen
        seen += service.wait(5.0)
        warnings = [e for e in seen if e.kind == "warning"]
        assert len(warnings) == 1 and warnings[0].text.startswith("camel_ner left out: ")
        assert "not a usable CAMeL NER model" in warnings[0].text
        # the typed value travels too: the app words it in its language
        skipped = warnings[0].skipped
        assert skipped is not None and str(skipped) == warnings[0].text
        assert (skipped.recommender, skipped.documents) == ("camel_ner", 0)
        assert skipped.problem is not None and skipped.problem.kind == "model-unusable"
        # the next request stores too, and does not say it again
        service.suggest([1])
        again = _events_until(service, "ready")
        assert [e.kind for e in again].count("ready") == 1
        assert "warning" not in [e.kind for e in again + service.wait(1.0)]
    finally:
        service.close()
    with Project.open(path) as project:
        stored = {s.recommender for s in project.suggestions(1, "amal")}
    assert "casualty" in stored and "camel_ner" not in stored


def test_the_background_recommender_runs_it_by_default_once_installed(tiny_model, project_path):
    """The app's background recommender is a daemonic process, which may not start
    multiprocessing children: the NER worker is a plain child process, started from there."""
    from annotator.suggestions.service import SuggestionService

    config.save_config(config.ToolsConfig(ner_model=str(tiny_model)))
    service = SuggestionService(project_path, "amal")  # the default set: camel_ner in it
    try:
        service.suggest([1])
        events = _events_until(service, "ready")
        assert [e.kind for e in events if e.kind in ("error", "ready")] == ["ready"], events
    finally:
        service.close()
    with Project.open(project_path) as project:
        found = [(s.recommender, s.text) for s in project.suggestions(1, "amal")]
    assert ("camel_ner", "محمد علي") in found and ("camel_ner", "بغداد") in found


def test_the_install_commands_pin_torch_as_the_projects_constraints_do():
    from annotator.camel import env, ner_worker

    pins = [
        line.strip()
        for line in (Path(__file__).parent.parent / "constraints.txt").read_text().splitlines()
        if line.strip().startswith("torch")
    ]
    assert pins == [ner_worker.TORCH_REQUIREMENT]
    python = env.python_command()
    assert ner_worker.install_commands() == (
        f"{python} -m pip install {pins[0]} --index-url https://download.pytorch.org/whl/cpu",
        f"{python} -m pip install camel-tools transformers",
    )
    assert ner_worker.install_commands(("camel_tools",)) == (
        f"{python} -m pip install camel-tools",
    )
    assert ner_worker.packages_command() == " && ".join(ner_worker.install_commands())
