"""CAMeL NER in its own worker process: torch and transformers are imported there only.

The process that asks (the GUI, the command line, the app's background recommender) never
imports them: torch takes seconds and a gigabyte to load, and on Windows it must load before
Qt. `NerWorker(model)` starts a child process (it ends when its parent does: its standard
input closes) that imports ``camel_tools.ner`` (through `annotator.camel.env.import_camel`)
and loads the model folder once; `tag(sentences)` sends it sentences of words and returns
each word's label and that label's probability. The model is
camel-tools' own `NERecognizer`: its tokenization, word-piece alignment, segmenting of long
sentences and batching are used as they are; only its last step (`_align_predictions`, which
keeps the argmax label of each word's first word piece) is extended to keep the softmax
probability of that label as well.

`missing_requirement()` and `model_problem(path)` say, without importing anything heavy, why
CAMeL NER cannot run here (and how to install what is missing), or None, as a `NerProblem`: a
kind with its details (path, packages, command), which each interface words itself:
`problem_text` in English (the command line, errors), the app in its language by kind. In the
desktop bundle it never runs: the bundle leaves torch, transformers and ``camel_tools.ner`` out,
and has no Python to start a worker with (`BUNDLE` says to use it from a pip installation;
`BUNDLE_PROBLEM` is its English text).
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from annotator.camel import env
from annotator.camel.config import NER_PACKAGE
from annotator.camel.env import desktop_bundle
from annotator.errors import AnnotatorError, UsageError

__all__ = [
    "BUNDLE",
    "BUNDLE_PROBLEM",
    "INSTALL_COMMAND",
    "TORCH_INDEX",
    "TORCH_REQUIREMENT",
    "install_commands",
    "packages_command",
    "PROBLEM_KINDS",
    "NerProblem",
    "NerUnavailable",
    "NerWorker",
    "WordTag",
    "missing_requirement",
    "model_problem",
    "problem_text",
]

INSTALL_COMMAND = f"camel_data -i {NER_PACKAGE}"
_REQUIRED = ("camel_tools", "torch", "transformers")
TORCH_REQUIREMENT = "torch==2.13.0"
"""The torch CAMeL NER is installed with: constraints.txt's pin (a test keeps them equal)."""
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
"""Where torch's CPU build is: from PyPI, pip would also download several GB of CUDA."""


def install_commands(missing: Sequence[str] = _REQUIRED) -> tuple[str, ...]:
    """The commands that install the modules `missing` of `_REQUIRED` with this installation's
    Python: torch pinned, from its CPU index; the others (camel_tools as camel-tools) from
    PyPI. The one wording of how to install them (the NER problems, the inventory)."""
    python = env.python_command()
    commands = []
    if "torch" in missing:
        commands.append(f"{python} -m pip install {TORCH_REQUIREMENT} --index-url {TORCH_INDEX}")
    others = [name.replace("_", "-") for name in _REQUIRED if name in missing and name != "torch"]
    if others:
        commands.append(f"{python} -m pip install {' '.join(others)}")
    return tuple(commands)


def packages_command(missing: Sequence[str] = _REQUIRED) -> str:
    """`install_commands` as one line to paste in a shell."""
    return " && ".join(install_commands(missing))


PROBLEM_KINDS = (
    "bundle",
    "no-packages",
    "no-model",
    "model-broken",
    "no-tokenizer",
    "model-unusable",
    "load-failed",
    "settings",
)
"""Every `NerProblem.kind`, as `NerProblem` lists them."""


class NerProblem(NamedTuple):
    """Why CAMeL NER cannot run here, and how to mend it, by `kind`:

    * ``bundle``: the desktop bundle has no NER runtime (use a pip installation; `command`
      installs the model there);
    * ``no-packages``: the packages `missing` are not installed (`command` installs them);
    * ``no-model``: no model is set or installed (`command` installs one);
    * ``model-broken``: `path` is not a model folder (no config.json; `command` installs one);
    * ``no-tokenizer``: the model at `path` has no tokenizer (no vocab.txt or tokenizer.json,
      or a vocabulary of special tokens only: a partly copied folder; `command` installs one);
    * ``model-unusable``: the model at `path` does not load (`detail`: the error);
    * ``load-failed``: camel-tools' NER cannot be imported (`detail`: the error; `command`);
    * ``settings``: the saved choices cannot be read (`detail`: the error, naming the file).

    `problem_text` words it in English; the app translates it by kind."""

    kind: str
    path: str = ""
    missing: tuple[str, ...] = ()
    command: str = ""
    detail: str = ""


def problem_text(problem: NerProblem) -> str:
    """`problem` in English (the command line, `UsageError`s, ``annotator doctor``)."""
    kind, path, command, detail = problem.kind, problem.path, problem.command, problem.detail
    install = (
        f"install the model with `{command}` (or choose a model folder in Settings > Arabic tools)"
    )
    if kind == "bundle":
        return (
            "CAMeL NER does not run in the desktop bundle: the bundle does not include the NER "
            "model runtime (torch, transformers). To use CAMeL NER, run annotator from a pip "
            "installation (README, Quick start), which has camel-tools, torch and transformers, "
            f"and install the model with `{command}`"
        )
    if kind == "no-packages":
        missing = ", ".join(problem.missing)
        return f"CAMeL NER needs {missing}, not installed: install them with: {command}"
    if kind == "no-model":
        return f"no CAMeL NER model is installed: {install}"
    if kind == "model-broken":
        return f"{path}: not a CAMeL NER model folder (no config.json): {install}"
    if kind == "no-tokenizer":
        return (
            f"{path}: the CAMeL NER model has no tokenizer (no vocab.txt or tokenizer.json): "
            f"{install}"
        )
    if kind == "model-unusable":
        return f"{path}: not a usable CAMeL NER model ({detail}): {install}"
    if kind == "load-failed":
        return f"CAMeL NER cannot be loaded ({detail}): install them with: {command}"
    return detail  # "settings": the error says it all


class NerUnavailable(UsageError):
    """CAMeL NER cannot run here: `problem` says why and how to mend it (typed: the app words
    it in its language); the message is its English (`problem_text`), as the command line
    prints it."""

    def __init__(self, problem: NerProblem) -> None:
        super().__init__(problem_text(problem))
        self.problem = problem

    def __reduce__(self):  # rebuilt from the problem (it crosses process boundaries)
        return (type(self), (self.problem,))


BUNDLE = NerProblem("bundle", command=INSTALL_COMMAND)
"""Why CAMeL NER cannot run in the desktop bundle, and how to use it instead."""
BUNDLE_PROBLEM = problem_text(BUNDLE)
"""`BUNDLE` in English."""


class WordTag(NamedTuple):
    """The label the model gives one word (``O``, ``B-PERS``, ``I-LOC``...) and its probability
    (softmax over the labels, on the word's first word piece)."""

    label: str
    probability: float


def missing_requirement() -> NerProblem | None:
    """Why CAMeL NER cannot run in this installation (a package it needs is not installed,
    found without importing it), with how to install it; None when all are there. In the
    desktop bundle, always `BUNDLE`."""
    if desktop_bundle():
        return BUNDLE
    missing = tuple(name for name in _REQUIRED if not env.module_found(name))
    if missing:
        return NerProblem("no-packages", missing=missing, command=packages_command(missing))
    return None


def model_problem(model: Path | None) -> NerProblem | None:
    """Why `model` (a NER model folder, None when none is set or installed) cannot be loaded,
    with how to install one; None when it looks like a model (a folder with ``config.json`` and
    a tokenizer's ``vocab.txt`` or ``tokenizer.json``: without them transformers would load
    a tokenizer that knows no word, and every word would be tagged O)."""
    if model is None:
        return NerProblem("no-model", command=INSTALL_COMMAND)
    if not (model / "config.json").is_file():
        return NerProblem("model-broken", path=str(model), command=INSTALL_COMMAND)
    if not any((model / name).is_file() for name in TOKENIZER_FILES):
        return NerProblem("no-tokenizer", path=str(model), command=INSTALL_COMMAND)
    return None


TOKENIZER_FILES = ("vocab.txt", "tokenizer.json")
"""A model folder holds one of these (its tokenizer's vocabulary)."""


class NerWorker:
    """A worker process holding one loaded NER model; `tag` sends it sentences. Thread-safe
    (one request at a time). The process starts at once; `ready` (or the first `tag`) waits
    for the model to load and raises `UsageError` when it cannot (what is missing and how to
    install it). A failed load or the process's end is kept (every later call raises it: make
    a new worker when `stopped`); a request that fails in a running worker fails alone.

    It is a plain child process (``python -c``, requests and answers pickled over its standard
    input and output), not a multiprocessing one: the app's background recommender, which
    suggests with it, is a daemonic multiprocessing process and may not have multiprocessing
    children. Its standard input closing (this process ending, however) ends it. In the
    desktop bundle it raises `NerUnavailable` (`BUNDLE`) and starts nothing: the bundle's
    executable is not a Python."""

    def __init__(self, model: Path) -> None:
        import subprocess
        import sys

        if desktop_bundle():
            raise NerUnavailable(BUNDLE)
        self.model = model
        self._lock = threading.Lock()
        self._failure: AnnotatorError | None = None
        self._ready = False
        package_parent = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, path])))
        # the model is always a local folder: transformers and huggingface_hub never go online
        env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        self._process = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE, str(model)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    @property
    def stopped(self) -> bool:
        """Whether its process ended other than by failing to load the model (a crash, or
        `close`): a new worker may succeed where a load failure would only repeat."""
        return self._process.poll() is not None and not isinstance(self._failure, UsageError)

    @property
    def failed(self) -> bool:
        """Whether it cannot serve any more (its model did not load, or its process ended)."""
        return self._failure is not None

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[WordTag]]:
        """Each word's label and probability, sentence by sentence. A word camel-tools' BERT
        tokenizer reduces to nothing (a lone control character) is not seen by the model: it
        gets ``O`` with probability 1. A failure of this request alone (the worker still runs)
        raises `AnnotatorError` and is not kept."""
        with self._lock:
            self._wait_ready()
            self._send([list(words) for words in sentences])
            tags: list[list[WordTag]] = self._answer()
            return tags

    def ready(self) -> None:
        """Wait until the model is loaded; `UsageError` when it cannot be (what is missing and
        how to install it), `AnnotatorError` when the process ended."""
        with self._lock:
            self._wait_ready()

    def _wait_ready(self) -> None:
        if self._failure is not None:
            raise self._failure
        if not self._ready:
            try:
                self._answer()
            except AnnotatorError as err:  # the load failed (the process ended: kept by _gone)
                self._failure = err
                raise
            self._ready = True

    def _send(self, message: Any) -> None:
        assert self._process.stdin is not None
        try:
            pickle.dump(message, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except (OSError, ValueError):
            raise self._gone() from None

    def _answer(self) -> Any:
        """The worker's next answer: its payload, or the error it reports (``error``: the model
        did not load, `NerUnavailable` with its typed problem; ``failed``: one request failed,
        `AnnotatorError`)."""
        assert self._process.stdout is not None
        try:
            kind, payload = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            raise self._gone() from None
        if kind == "error" and isinstance(payload, NerProblem):
            raise NerUnavailable(payload)
        if kind == "error":
            raise UsageError(payload)
        if kind == "failed":
            raise AnnotatorError(payload)
        return payload

    def _gone(self) -> AnnotatorError:
        """The process ended (or is ended now): the error, kept for every later call."""
        try:
            code = self._process.wait(1.0)
        except Exception:  # noqa: BLE001 (still running: it is ended below)
            self._process.kill()
            code = self._process.wait()
        self._failure = AnnotatorError(f"the CAMeL NER worker process stopped (exit code {code})")
        return self._failure

    def close(self) -> None:
        """Stop the worker (at most a second's wait, then it is killed)."""
        import subprocess

        with self._lock:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            try:
                self._process.wait(1.0)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._failure is None:
                self._failure = AnnotatorError("the CAMeL NER worker was closed")


# ---------------------------------------------------------------- in the worker process

_WORKER_CODE = "import sys; from annotator.camel.ner_worker import serve; serve(sys.argv[1])"


def serve(model: str) -> None:
    """The worker's loop (``python -c``): load the model (answer ``ready`` or the error), then
    answer each list of sentences with their tags until its standard input ends. Answers go
    to the original standard output; anything a library prints goes to standard error."""
    import sys

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = sys.stdin.buffer

    def send(kind: str, payload: Any) -> None:
        pickle.dump((kind, payload), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()

    try:
        try:
            recognizer = _load(model)
        except UsageError as err:
            send("error", err.problem if isinstance(err, NerUnavailable) else str(err))
            return
        send("ready", None)
        while True:
            try:
                sentences = pickle.load(requests)
            except EOFError:
                break
            try:
                send("tags", _tag(recognizer, sentences))
            except Exception as err:  # noqa: BLE001 (reported to the caller, who raises it)
                send("failed", f"CAMeL NER failed: {type(err).__name__}: {err}")
    except (BrokenPipeError, KeyboardInterrupt):
        pass


def _load(model: str) -> Any:
    """camel-tools' `NERecognizer` on `model`, scoring its labels (see the module docstring)."""
    from annotator.camel.env import import_camel

    problem = missing_requirement()
    if problem is not None:
        raise NerUnavailable(problem)
    try:
        ner = import_camel("camel_tools.ner")
    except ImportError as err:
        failed = NerProblem("load-failed", command=packages_command(), detail=str(err))
        raise NerUnavailable(failed) from None
    problem = model_problem(Path(model))
    if problem is not None:
        raise NerUnavailable(problem)
    ner.tf_utils.logging.disable_progress_bar()
    # one core left to the app's window and the processes that ask (on a 2-core machine
    # torch's default, every core, made tagging 3 times slower with other work running)
    ner.torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))
    scoring = _scoring_class(ner)
    try:
        recognizer = scoring(model, use_gpu=False)
    except (OSError, ValueError, KeyError) as err:
        unusable = NerProblem(
            "model-unusable", path=model, command=INSTALL_COMMAND, detail=str(err)
        )
        raise NerUnavailable(unusable) from None
    tokenizer = recognizer.tokenizer
    if len(tokenizer) <= len(set(tokenizer.all_special_tokens)):  # it knows no word
        empty = NerProblem("no-tokenizer", path=model, command=INSTALL_COMMAND)
        raise NerUnavailable(empty)
    return recognizer


def _scoring_class(ner: Any) -> Any:
    """A subclass of camel-tools' `NERecognizer` whose predictions are `WordTag`s."""
    import numpy as np

    class ScoringRecognizer(ner.NERecognizer):
        def _align_predictions(self, predictions: Any, label_ids: Any, sent_ids: Any) -> Any:
            # camel-tools' own alignment (a label per word, on its first word piece: the pieces
            # whose label id is not the padding id), keeping the probability of the label
            shifted = predictions - predictions.max(axis=2, keepdims=True)
            exp = np.exp(shifted)
            probabilities = exp / exp.sum(axis=2, keepdims=True)
            best = np.argmax(predictions, axis=2)
            ignored = ner.nn.CrossEntropyLoss().ignore_index
            per_segment: list[list[WordTag]] = []
            for i in range(best.shape[0]):
                kept = np.nonzero(label_ids[i] != ignored)[0]
                labels = best[i, kept]
                chance = probabilities[i, kept, labels]
                per_segment.append(
                    [
                        WordTag(self.labels_map[int(label)], float(p))
                        for label, p in zip(labels, chance, strict=True)
                    ]
                )
            sentences: list[list[WordTag]] = [[] for _ in range(len(set(sent_ids)))]
            for i, sentence in enumerate(sent_ids):
                sentences[sentence].extend(per_segment[i])
            return sentences

    return ScoringRecognizer


def _tag(recognizer: Any, sentences: list[list[str]]) -> list[list[WordTag]]:
    """Tags of every word of `sentences`; the words camel-tools leaves out (its tokenizer gives
    them no word piece) get ``O`` with probability 1."""
    tagged: list[list[WordTag]] = recognizer.predict(sentences) if sentences else []
    result = []
    for words, tags in zip(sentences, tagged, strict=True):
        if len(tags) != len(words):
            seen = iter(tags)
            tags = [
                next(seen) if recognizer.tokenizer.tokenize(word) else WordTag("O", 1.0)
                for word in words
            ]
        result.append(tags)
    return result
