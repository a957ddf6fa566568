"""Smoke test of the built desktop bundle: `make bundle-smoke` (CI runs it after `make test`).

    python packaging/smoke.py [dist/annotator] [--seeds seeds] [--startups 3] [--keep DIR]

Runs the bundled executable only (never the virtualenv's code), offscreen, in a scratch folder
with its own user data folder (ANNOTATOR_HOME):

* the folder: no torch, CUDA, QML or WebEngine file in it (bundle_rules.FORBIDDEN_FILES), the
  package data there (fonts, label schema, seeds), under SIZE_LIMIT;
* Linux: `install-desktop-entry --prefix`: the entry starts the bundle, the icon is there;
* `gui --demo --screenshot` (`gui --screenshot` before the start page came): the demo project
  rendered to a PNG that shows coloured spans;
* `new`, `import` of the seeds (--clean --arclean: camel-tools' arclean map), `suggest
  --accept` for two annotators (so that there is something to export and compare), `status
  --set done`, `export` to JSONL and CoNLL, then `agree --gamma` (numpy and scipy in the
  bundle), each output checked;
* camel-tools, offline (no network: `unshare -n` where it can, else every proxy pointed at a
  closed port) with an empty HOME that must stay empty: `export --translit bw --segment d3tok`
  with a morphology database chosen in the settings (tests/data/morphology/tiny.db), so its
  character maps, data catalogue, analyzer and tokenizer run; `doctor --json` says camel-tools'
  version and that CAMeL NER's runtime is not inside; `recommenders` says why camel_ner is
  unavailable;
* worker processes: `suggest --workers 2` on more documents than one task holds, so that
  spawned processes (the bundled executable run again) do the work;
* start-up: `gui PROJECT` with ANNOTATOR_TIMING, from launch to the first article painted
  (the protocol of bench/bench_gui.py), reported, not judged.

The checks (check_*) are functions of an output, tested on broken outputs in
tests/test_bundle.py. Exits 1 at the first failure. Needs PySide6 (of the virtualenv) only to
read the screenshot.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bundle_rules import bundle_size, forbidden_files  # noqa: E402

ROOT = HERE.parent
SIZE_LIMIT = 300_000_000  # bytes unpacked (issue 15)
ANNOTATORS = ("ali", "mona")
WORKER_DOCUMENTS = 450  # more than one task of `suggest` (suggestions/run.CHUNK, 400)
RESOURCES = (  # inside the bundle's contents folder
    "annotator/resources/labels.json",
    "annotator/resources/fonts/NotoNaskhArabic-Regular.ttf",
    "annotator/resources/fonts/OFL.txt",
    "annotator/resources/translations/annotator_ar.qm",  # the Arabic interface
    # camel-tools' character maps: transliteration (bw, safebw, hsb) and import's --arclean
    "camel_tools/utils/charmaps/ar2bw_map.json",
    "camel_tools/utils/charmaps/ar2safebw_map.json",
    "camel_tools/utils/charmaps/ar2hsb_map.json",
    "camel_tools/utils/charmaps/arclean_map.json",
)
# a morphology database in camel-tools' format, chosen in the settings for the camel-tools check
MORPHOLOGY_DB = ROOT / "tests" / "data" / "morphology" / "tiny.db"
# an MLE disambiguation model for it (camel-tools' model.json: word -> its likeliest analysis),
# put beside it so that camel-tools' MLEDisambiguator runs too
MLE_MODEL = {"بين": {"pos": "verb", "diac": "بَيَّنَ", "lex": "بَيَّن_1", "bw": "بَيَّنَ/PV"}}
# where a connection goes when `unshare -n` is not available: a closed port
CLOSED_PROXY = "http://127.0.0.1:9"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY")


class SmokeFailure(Exception):
    """A check failed: what was wrong."""


# ------------------------------------------------------------------------- checks


def check_bundle(bundle: Path, limit: int = SIZE_LIMIT) -> int:
    """The built folder: executable, package data, nothing forbidden, size. Returns bytes."""
    executable = executable_in(bundle)
    if not executable.is_file():
        raise SmokeFailure(f"no executable {executable}")
    bad = forbidden_files(bundle)
    if bad:
        shown = ", ".join(bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
        raise SmokeFailure(f"the bundle holds what it must not (torch, CUDA, QML...): {shown}")
    contents = contents_folder(bundle)
    missing = [name for name in RESOURCES if not (contents / name).is_file()]
    if not any((contents / "annotator" / "resources" / "seeds").glob("*.txt")):
        missing.append("annotator/resources/seeds/*.txt")
    if missing:
        raise SmokeFailure("package data missing from the bundle: " + ", ".join(missing))
    size = bundle_size(bundle)
    if size >= limit:
        raise SmokeFailure(f"the bundle is {size / 1e6:.1f} MB, over {limit / 1e6:.0f} MB")
    return size


def check_screenshot(png: Path) -> str:
    """A real render of the workbench: a PNG of a window's size, not one colour, with
    coloured (label) pixels. Returns a description."""
    if not png.is_file() or png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure(f"{png}: no PNG written")
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(png))
    if image.isNull():
        raise SmokeFailure(f"{png}: not readable as an image")
    width, height = image.width(), image.height()
    if width < 800 or height < 500:
        raise SmokeFailure(f"{png}: {width}x{height}, smaller than a window")
    colours: set[int] = set()
    coloured = 0
    sampled = 0
    for y in range(0, height, 3):
        for x in range(0, width, 3):
            rgb = image.pixel(x, y)
            colours.add(rgb)
            sampled += 1
            if QColor(rgb).hsvSaturation() > 60:
                coloured += 1
    if len(colours) < 16:
        raise SmokeFailure(f"{png}: {len(colours)} colours: blank or nearly uniform")
    if coloured < sampled // 500:
        raise SmokeFailure(f"{png}: hardly any coloured pixels: no annotation is drawn")
    return f"{width}x{height}, {len(colours)} colours, {100 * coloured / sampled:.1f}% coloured"


def check_imported(output: str, expected: int) -> None:
    """`annotator import` reported `expected` documents imported."""
    found = re.search(r"imported ([\d,]+) document", output)
    if found is None:
        raise SmokeFailure(f"import printed no count:\n{output}")
    count = int(found.group(1).replace(",", ""))
    if count != expected:
        raise SmokeFailure(f"import counted {count} documents, expected {expected}")


def check_jsonl(path: Path, documents: int) -> int:
    """An export in native JSONL: one JSON object with a text per line, `documents` lines.
    Returns the number of spans."""
    if not path.is_file():
        raise SmokeFailure(f"{path}: not written")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    spans = 0
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
        except ValueError as err:
            raise SmokeFailure(f"{path}:{number}: not JSON ({err})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise SmokeFailure(f"{path}:{number}: not a document with a text")
        spans += len(record.get("spans") or ())
    if len(lines) != documents:
        raise SmokeFailure(f"{path}: {len(lines)} documents, expected {documents}")
    return spans


def check_conll(path: Path, documents: int) -> int:
    """An export in CoNLL: `documents` documents (`# doc_id =` headers), each line a token
    with tab-separated tags, some tagged B-. Returns the number of tokens."""
    if not path.is_file():
        raise SmokeFailure(f"{path}: not written")
    headers = tokens = begins = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# doc_id ="):
            headers += 1
        elif line.startswith("#") or not line.strip():
            continue
        else:
            columns = line.split("\t")
            if len(columns) < 2 or not columns[0]:
                raise SmokeFailure(f"{path}:{number}: not a token and its tags: {line!r}")
            tokens += 1
            begins += any(tag.startswith("B-") for tag in columns[1:])
    if headers != documents:
        raise SmokeFailure(f"{path}: {headers} documents, expected {documents}")
    if not begins:
        raise SmokeFailure(f"{path}: no span (no B- tag)")
    return tokens


def check_agreement(output: str, annotators: Sequence[str]) -> None:
    """`annotator agree --gamma` printed a report comparing `annotators`, with numbers."""
    if "Inter-annotator agreement" not in output:
        raise SmokeFailure(f"agree printed no report:\n{output[:2000]}")
    listed = re.search(r"^Annotators: (.*)$", output, re.MULTILINE)
    if listed is None or [a.strip() for a in listed.group(1).split(",")] != list(annotators):
        raise SmokeFailure(f"agree did not compare {', '.join(annotators)}")
    for measure in ("Cohen's kappa", "Krippendorff's alpha", "gamma"):
        if re.search(rf"^\s+{re.escape(measure)}.*\s-?\d+\.\d+", output, re.MULTILINE) is None:
            raise SmokeFailure(f"agree printed no value of {measure}")


def _arabic_letters(text: str) -> bool:
    return any(
        unicodedata.category(c).startswith("L") and "ARABIC" in unicodedata.name(c, "")
        for c in text
    )


def check_translit_conll(path: Path, documents: int) -> tuple[int, int]:
    """An export in CoNLL with `--translit` and `--segment`: its `# columns` header names
    `translit` and `word`; every token's transliteration has no Arabic letter left (Arabic
    tokens were transliterated); some words were cut into clitic pieces (a token that is not
    its word: the morphology database ran). Returns (Arabic tokens, pieces)."""
    if not path.is_file():
        raise SmokeFailure(f"{path}: not written")
    columns: list[str] = []
    headers = arabic = pieces = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# columns ="):
            columns = line.split("=", 1)[1].split()
            if "translit" not in columns or "word" not in columns:
                raise SmokeFailure(f"{path}:{number}: no translit and word columns: {line!r}")
        elif line.startswith("# doc_id ="):
            headers += 1
        elif line.strip() and not line.startswith("#"):
            values = line.split("\t")
            if not columns or len(values) != len(columns):
                raise SmokeFailure(f"{path}:{number}: not the columns {columns}: {line!r}")
            row = dict(zip(columns, values, strict=True))
            if _arabic_letters(row["translit"]):
                raise SmokeFailure(f"{path}:{number}: not transliterated: {line!r}")
            arabic += _arabic_letters(row["token"])
            pieces += row["token"] != row["word"]
    if headers != documents:
        raise SmokeFailure(f"{path}: {headers} documents, expected {documents}")
    if not arabic:
        raise SmokeFailure(f"{path}: no Arabic token transliterated")
    if not pieces:
        raise SmokeFailure(f"{path}: no word cut into clitic pieces (--segment)")
    return arabic, pieces


def check_doctor(output: str, morphology_db: Path) -> str:
    """`annotator doctor --json` in the bundle: camel-tools' version; the morphology database
    chosen in the settings found, and the MLE model beside it (`model.json`); torch and
    transformers absent, nothing offering to install them or the NER model into the bundle,
    and a note saying what the bundle holds. Returns camel-tools' version."""
    try:
        found = json.loads(output)
    except ValueError:
        raise SmokeFailure(f"doctor --json printed no JSON:\n{output[:2000]}") from None
    version = found.get("camel_tools")
    if not isinstance(version, str) or re.fullmatch(r"\d+(\.\d+)+\S*", version) is None:
        raise SmokeFailure(f"doctor: camel-tools' version is {version!r} (not in the bundle?)")
    packages = {package["name"]: package for package in found.get("packages", [])}
    morphology = packages.get("morphology-db-msa-r13", {})
    if not morphology.get("found") or morphology.get("path") != str(morphology_db):
        raise SmokeFailure(f"doctor: the morphology database {morphology_db} not found")
    model = packages.get("disambig-mle-calima-msa-r13", {})
    if not model.get("found") or model.get("path") != str(morphology_db.parent / "model.json"):
        raise SmokeFailure(f"doctor: the MLE model beside {morphology_db} not found")
    inside = [p["name"] for p in found.get("python_packages", []) if p.get("version")]
    if inside:
        raise SmokeFailure(f"doctor: {', '.join(inside)} found inside the bundle")
    offered = [c for c in found.get("commands", []) if "pip " in c or "ner-arabert" in c]
    if offered:
        raise SmokeFailure(f"doctor offers what the bundle cannot use: {offered}")
    if "desktop bundle" not in (packages.get("ner-arabert", {}).get("problem") or ""):
        raise SmokeFailure("doctor: the NER model does not say the bundle cannot run it")
    if not any("desktop bundle includes camel-tools" in note for note in found.get("notes", [])):
        raise SmokeFailure("doctor: no note says what the desktop bundle includes")
    return version


def check_camel_ner_unavailable(output: str) -> str:
    """`annotator recommenders --json` in the bundle: camel_ner unavailable, saying that the
    bundle does not include the NER runtime and how to use it from a pip installation; the
    others available. Returns what it says."""
    try:
        listed = {r["name"]: r["unavailable"] for r in json.loads(output)["recommenders"]}
    except (ValueError, KeyError, TypeError):
        raise SmokeFailure(f"recommenders --json printed no list:\n{output[:2000]}") from None
    why = listed.get("camel_ner") or ""
    if "desktop bundle" not in why or "pip installation" not in why:
        raise SmokeFailure(f"camel_ner's unavailability does not name the bundle: {why!r}")
    others = [name for name, reason in listed.items() if reason and name != "camel_ner"]
    if others:
        raise SmokeFailure(f"unavailable in the bundle: {', '.join(others)}")
    return why


def check_untouched(home: Path) -> None:
    """Nothing was written in `home` (the HOME the commands ran with)."""
    written = sorted(str(path.relative_to(home)) for path in home.rglob("*"))
    if written:
        raise SmokeFailure(f"written in HOME ({home}): {', '.join(written[:8])}")


def check_desktop_entry(prefix: Path, executable: Path) -> None:
    """`install-desktop-entry --prefix` wrote an entry that starts `executable` (the bundle's,
    not a Python) and the icon, found in the bundle."""
    entry = prefix / "applications" / "annotator.desktop"
    if not entry.is_file():
        raise SmokeFailure(f"{entry}: not written")
    lines = entry.read_text(encoding="utf-8").splitlines()
    command = next((line[len("Exec=") :] for line in lines if line.startswith("Exec=")), "")
    if not command or shlex.split(command)[0] != str(executable):
        raise SmokeFailure(f"{entry}: Exec={command}, not the bundle's {executable}")
    if not any((prefix / "icons").rglob("annotator.*")):
        raise SmokeFailure(f"no icon written under {prefix / 'icons'}")


# ------------------------------------------------------------------------- running


def executable_in(bundle: Path) -> Path:
    return bundle / ("annotator.exe" if sys.platform == "win32" else "annotator")


def contents_folder(bundle: Path) -> Path:
    """Where PyInstaller put the bundle's files (`_internal` since PyInstaller 6)."""
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


class Runner:
    """Runs the bundled executable in a scratch folder with its own user data folder."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.executable = executable_in(bundle)
        self.work = work
        self.env = dict(os.environ)
        for name in ("ANNOTATOR_NAME", "ANNOTATOR_TIMING", "PYTHONPATH", "PYTHONHOME"):
            self.env.pop(name, None)
        self.env.update(ANNOTATOR_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen")

    def __call__(
        self,
        *args: str,
        timeout: float = 300,
        env: Mapping[str, str | None] | None = None,
        prefix: Sequence[str] = (),
    ) -> str:
        """Output (stdout and stderr) of `annotator ARGS`; a failure unless it exits 0. `env`
        changes the environment (None: a variable removed); `prefix` is a command that runs
        it (`unshare -n`)."""
        environment = dict(self.env)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        started = time.perf_counter()
        done = subprocess.run(
            [*prefix, str(self.executable), *args],
            cwd=self.work,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
        output = (done.stdout + done.stderr).decode("utf-8", "replace")
        took = time.perf_counter() - started
        print(f"  $ annotator {' '.join(args)}  [{took:.1f} s, exit {done.returncode}]")
        if done.returncode != 0 or "Traceback (most recent call last)" in output:
            raise SmokeFailure(f"annotator {' '.join(args)} exited {done.returncode}:\n{output}")
        return output

    def startup_ms(self, *args: str, timeout: float = 60) -> float | None:
        """Milliseconds from launching `annotator ARGS` to its first article painted (the
        line ANNOTATOR_TIMING makes it print), as bench/bench_gui.py measures; None if it
        printed none in `timeout` seconds."""
        env = dict(self.env, ANNOTATOR_TIMING="1")
        lines: queue.Queue[str | None] = queue.Queue()
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(self.executable), *args],
            cwd=self.work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

        def read() -> None:
            assert process.stdout is not None
            for raw in process.stdout:
                lines.put(raw.decode("utf-8", "replace"))
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        painted = None
        deadline = started + timeout
        try:
            while painted is None and time.perf_counter() < deadline:
                try:
                    line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
                except queue.Empty:
                    break
                if line is None:
                    break
                if line.startswith("first article paint"):
                    painted = (time.perf_counter() - started) * 1000
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return painted


def offline() -> tuple[list[str], dict[str, str | None], str]:
    """How to run a command without the network: a command prefix (`unshare -n`, a network
    namespace with no interface up, where it can be made), the environment (every proxy a
    closed port, in any case), and a description."""
    env: dict[str, str | None] = dict.fromkeys(PROXY_VARIABLES, CLOSED_PROXY)
    env.update(no_proxy=None, NO_PROXY=None)
    unshare = shutil.which("unshare") if sys.platform.startswith("linux") else None
    for prefix in ([unshare, "-n"], [unshare, "-rn"]) if unshare else ():
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix, env, f"in a network namespace without network ({' '.join(prefix)})"
    return [], env, f"every proxy variable pointed at {CLOSED_PROXY} (no unshare here)"


def worker_documents(path: Path, count: int, seeds: Sequence[Path]) -> None:
    """A plain JSONL corpus of `count` short articles made of the seeds' sentences."""
    sentences = [
        line.strip()
        for seed in seeds
        for line in seed.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 6
    ]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = " ".join(sentences[(number + k) % len(sentences)] for k in range(3))
            out.write(json.dumps({"text": f"{text} ({number})"}, ensure_ascii=False) + "\n")


def camel_checks(
    run: Runner,
    work: Path,
    annotator: str,
    documents: int,
    morphology_db: Path,
    ok: Callable[[str], None],
) -> None:
    """camel-tools in the bundle, offline, with an empty HOME (see the module docstring), on
    the seeds project annotated by `annotator`."""
    home = work / "empty-home"
    home.mkdir()
    settings = work / "camel-settings"  # the user data folder of these commands
    settings.mkdir()
    database = work / "camel-data" / morphology_db.name
    database.parent.mkdir()
    shutil.copyfile(morphology_db, database)
    (database.parent / "model.json").write_text(
        json.dumps(MLE_MODEL, ensure_ascii=False), encoding="utf-8"
    )
    (settings / "arabic-tools.json").write_text(
        json.dumps({"morphology_db": str(database)}), encoding="utf-8"
    )
    prefix, env, how = offline()
    env.update(HOME=str(home), USERPROFILE=str(home), ANNOTATOR_HOME=str(settings))
    env.update(CAMELTOOLS_DATA=None, XDG_CACHE_HOME=None, XDG_CONFIG_HOME=None)

    def camel(*args: str) -> str:
        return run(*args, env=env, prefix=prefix)

    camel(
        "export", "smoke.sqlite", "--format", "conll", "--out", "translit.conll",
        "--annotator", annotator, "--translit", "bw", "--segment", "d3tok",
    )  # fmt: skip
    arabic, pieces = check_translit_conll(work / "translit.conll", documents)
    if not (settings / "camel_tools" / "catalogue.json").is_file():
        raise SmokeFailure("camel-tools' data catalogue was not made in the app's data folder")
    ok(
        f"export --translit bw --segment d3tok: {arabic} Arabic tokens in Buckwalter, {pieces} "
        f"clitic pieces ({morphology_db.name} and an MLE model), {how}"
    )
    version = check_doctor(camel("doctor", "--json"), database)
    ok(f"doctor --json: camel-tools {version} inside, not torch/transformers, {how}")
    why = check_camel_ner_unavailable(camel("recommenders", "smoke.sqlite", "--json"))
    ok(f"recommenders: camel_ner unavailable ({why[:60]}...)")
    check_untouched(home)
    ok("nothing written in HOME by the camel-tools commands")


def smoke(
    bundle: Path,
    seeds: Path,
    work: Path,
    startups: int,
    passed: list[str],
    morphology_db: Path = MORPHOLOGY_DB,
) -> None:
    """Every check, in order, each one that passes added to `passed`; raises SmokeFailure at
    the first that fails."""

    def ok(what: str) -> None:
        passed.append(what)
        print(f"ok {len(passed)}: {what}")

    size = check_bundle(bundle)
    ok(f"the folder: {size / 1e6:.1f} MB unpacked, no torch/CUDA/QML/WebEngine, data inside")

    run = Runner(bundle, work)
    version = run("--version")
    if not version.startswith("annotator "):
        raise SmokeFailure(f"--version printed {version!r}")
    ok(version.strip())

    if sys.platform.startswith("linux"):
        run("install-desktop-entry", "--prefix", "desktop")
        check_desktop_entry(work / "desktop", run.executable)
        ok("install-desktop-entry: an entry that starts the bundle, with the icon")

    # `gui` opens the demo project with --demo where a start page is the default
    demo = ["--demo"] if "--demo" in run("gui", "--help") else []
    run("gui", *demo, "--screenshot", "demo.png")
    ok("screenshot of the demo project: " + check_screenshot(work / "demo.png"))

    seed_files = sorted(seeds.glob("*.txt"))
    if not seed_files:
        raise SmokeFailure(f"no seeds in {seeds}")
    run("new", "smoke.sqlite")
    if not (work / "smoke.sqlite").is_file():
        raise SmokeFailure("new wrote no project file")
    ok("new")
    imported = run("import", "smoke.sqlite", str(seeds), "--clean", "--arclean")
    check_imported(imported, len(seed_files))
    ok(f"import of {len(seed_files)} seeds (--clean --arclean: camel-tools' arclean map)")

    first, second = ANNOTATORS
    run("suggest", "smoke.sqlite", "--for", first, "--accept")
    run("suggest", "smoke.sqlite", "--for", second, "--accept", "--min-score", "0.9")
    for name in ANNOTATORS:
        run("status", "smoke.sqlite", "--set", "done", "--annotator", name, "--all")
    ok(f"suggest --accept and status --set done for {first} and {second}")

    run("export", "smoke.sqlite", "--format", "jsonl", "--out", "out.jsonl", "--annotator", first)
    spans = check_jsonl(work / "out.jsonl", len(seed_files))
    ok(f"export jsonl: {len(seed_files)} documents, {spans} spans")
    run("export", "smoke.sqlite", "--format", "conll", "--out", "out.conll", "--annotator", first)
    tokens = check_conll(work / "out.conll", len(seed_files))
    ok(f"export conll: {len(seed_files)} documents, {tokens} tokens")

    check_agreement(run("agree", "smoke.sqlite", "--gamma", "--gamma-seed", "1"), ANNOTATORS)
    ok("agree --gamma: a report with kappa, alpha and gamma")

    camel_checks(run, work, first, len(seed_files), morphology_db, ok)

    try:  # exit 2 expected: psycopg and its libpq load, and nothing listens on port 9
        run("team", "members", "postgresql://smoke@127.0.0.1:9/team")
    except SmokeFailure as failure:
        if "cannot reach the server" not in str(failure) or "Traceback" in str(failure):
            raise
    else:
        raise SmokeFailure("team members found a server on 127.0.0.1:9")
    ok("team members: psycopg and libpq load; an unreachable server is told")

    worker_documents(work / "many.jsonl", WORKER_DOCUMENTS, seed_files)
    run("new", "many.sqlite")
    check_imported(run("import", "many.sqlite", "many.jsonl"), WORKER_DOCUMENTS)
    run("suggest", "many.sqlite", "--for", first, "--workers", "2")
    ok(f"suggest --workers 2 on {WORKER_DOCUMENTS} documents (spawned worker processes)")

    if startups:
        times = []
        for _ in range(startups):
            took = run.startup_ms("gui", "smoke.sqlite", "--annotator", first)
            if took is None:
                raise SmokeFailure("gui printed no first-article line (ANNOTATOR_TIMING)")
            times.append(took)
        shown = ", ".join(f"{t:.0f}" for t in times)
        ok(
            f"start-up to the first article painted: {shown} ms "
            f"(first {times[0]:.0f} ms, median {statistics.median(times):.0f} ms; "
            "target < 1500 ms, not judged here)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "annotator")
    # the package's own seeds folder: seeds/ is a link to it, which a Windows checkout may not make
    parser.add_argument("--seeds", type=Path, default=ROOT / "annotator" / "resources" / "seeds")
    parser.add_argument("--startups", type=int, default=3, help="start-ups timed (0: none)")
    parser.add_argument(
        "--morphology-db",
        type=Path,
        default=MORPHOLOGY_DB,
        help="a camel-tools morphology database for the camel-tools check",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    print(f"smoke test of {args.bundle} ({os.cpu_count()} cores)")
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-smoke-"))
    work.mkdir(parents=True, exist_ok=True)
    passed: list[str] = []
    try:
        smoke(
            args.bundle.resolve(),
            args.seeds.resolve(),
            work,
            args.startups,
            passed,
            args.morphology_db.resolve(),
        )
    except (SmokeFailure, subprocess.TimeoutExpired) as err:
        print(f"FAILED: {err}", file=sys.stderr)
        print(f"bundle-smoke: {len(passed)} passed, 1 failed")
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"all checks passed in {time.perf_counter() - started:.1f} s")
    print(f"bundle-smoke: {len(passed)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
