"""The string matcher, the casualty rules and the claim rules propose exactly what the fixture
tests/data/suggest_proposals.json holds: the proposals they made on the seed articles before
their speed work (issue 13), each article as written and in variants with the characters the
search normalization removes or changes (tashkeel, tatweel, format controls, NBSP, Arabic-Indic
digits, CRLF line breaks, one removed character inside a CRLF).

A deliberate change of what a recommender proposes rewrites the fixture:

    .venv/bin/python tests/test_suggest_unchanged.py --write

and the diff of the fixture shows what changed.
"""

from __future__ import annotations

import importlib
import json
import pickle
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from annotator.model import DocRecord, SpanRecord  # noqa: E402
from annotator.resources import resource  # noqa: E402
from annotator.rules import ACTOR, CASUALTY, CLAIM, LabelDef  # noqa: E402
from annotator.suggestions import Setting, make  # noqa: E402
from annotator.suggestions.run import propose  # noqa: E402

FIXTURE = ROOT / "tests" / "data" / "suggest_proposals.json"
SEEDS = ROOT / "seeds"
SETTING = Setting(
    {
        label["name"]: LabelDef(label["name"], attributes=label["attributes"])
        for label in json.loads(resource("labels.json").read_text(encoding="utf-8"))["labels"]
    }
)
# What the teacher annotated (every occurrence in the first two seeds), and a gazetteer.
TAUGHT = {
    ACTOR: [
        "أذربيجان",
        "أرمينيا",
        "باكو",
        "يريفان",
        "روسيا",
        "موسكو",
        "كاراباخ",
        "ناغورني قره باغ",
        "الأمم المتحدة",
        "الاتحاد الأوروبي",
        "الولايات المتحدة",
        "وزارة الدفاع",
        "الكرملين",
        "نيكول باشينيان",
        "إلهام علييف",
    ],
    CASUALTY: ["قتلى", "جرحى", "مدنيين"],
    CLAIM: ["روسيا", "وقف إطلاق النار"],
}
GAZETTEER = [("تركيا", ACTOR), ("الصليب الأحمر", ACTOR), ("إيران", ACTOR), ("جرحى", CLAIM)]
RULES = ("strings", "casualty", "claims")
normalize_module = importlib.import_module("annotator.text.normalize")  # the package has a
# function of that name
# An article of counts (the seeds have few), one more document
COUNTS = (
    "أسفر القصف عن مقتل 25 شخصا وإصابة 40 آخرين في عام 2020. وقالت الوزارة إن أكثر من 60 "
    "شخصا قتلوا، وفقدت ما لا يقل عن 12 آخرين. وأسفر الهجوم عن مقتل ثلاثة بعد 48 ساعة من "
    "إطلاق 20 صاروخا قتلت 5 مدنيين.\nقتل الجيش خلال العملية الواسعة 5 مسلحين وأصيب 3 جنود. "
    "وقال إن بين القتلى طفلا وامرأتين. وأصيب نحو 54 شخصا بجروح، بينهم مدنيان.\n"
    "وأعلنت وزارة الدفاع مقتل أربعة جنود ومدنيين اثنين، وإصابة عشرات. قال باشينيان إن عشرات "
    "القتلى سقطوا. مقتل 11 من رجال الشرطة في الهجوم، بحسب الكرملين.\nأصيب 5 أشخاص في 2020، "
    "وقتل 3 آخرون. وأسر الجيش 12 مسلحا\nومقتل 4 و20 جريحا. ولقي 12 شخصا مصرعهم وجرح نحو 30 "
    "في روسيا، وأكدت أرمينيا أن «القتلى مدنيون واثنين من الشرطة»."
)


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    found, at = [], text.find(phrase)
    while at >= 0:
        found.append((at, at + len(phrase)))
        at = text.find(phrase, at + len(phrase))
    return found


def _annotated(text: str) -> list[SpanRecord]:
    return [
        SpanRecord(start, end, label)
        for label, phrases in TAUGHT.items()
        for phrase in phrases
        for start, end in _occurrences(text, phrase)
    ]


def _marked(text: str, rng: random.Random) -> str:
    """`text` with tashkeel, tatweel, format controls and soft hyphens put in at random."""
    marks = "\u064b\u064e\u064f\u0650\u0651\u0652\u0640\u0670\u200c\u200f\u00ad\u061c\ufeff"
    out = []
    for char in text:
        out.append(char)
        if rng.random() < (0.12 if "\u0621" <= char <= "\u064a" else 0.02):
            out.append(rng.choice(marks) * rng.choice((1, 1, 2)))
    return "".join(out)


def _variants(text: str) -> dict[str, str]:
    rng = random.Random(len(text))
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    crlf = text.replace("\n", "\r\n")
    first = crlf.find("\r\n")
    return {
        "as written": text,
        "marked": _marked(text, rng),
        "digits, NBSP, CRLF": "".join(
            "\u00a0" if c == " " and rng.random() < 0.1 else c for c in crlf.translate(digits)
        ),
        "removed in CRLF": crlf[: first + 1] + "\u200f" + crlf[first + 1 :],
        "marked, CRLF, upper": _marked(crlf, rng).replace("J", "J\u0651").upper(),
    }


def _documents() -> list[tuple[str, DocRecord]]:
    docs = []
    articles = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    for number, (name, article) in enumerate({**articles, "counts": COUNTS}.items()):
        for variant, text in _variants(article).items():
            # the annotator holds every third span the teacher would make there
            held = [s for k, s in enumerate(_annotated(text)) if k % 3 == number % 3]
            docs.append((f"{name}: {variant}", DocRecord(text, spans=held)))
    return docs


def _proposals(copied: bool = False) -> dict[str, list[list[Any]]]:
    """Each document's proposals; `copied`: by the trained recommenders pickled and read back."""
    teacher = [DocRecord(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    teacher = [DocRecord(doc.text, spans=_annotated(doc.text)) for doc in teacher]
    recommenders = []
    for name in RULES:
        recommender = make(name, SETTING, gazetteer=GAZETTEER)
        recommender.train(teacher)
        recommenders.append(recommender)
    if copied:
        recommenders = pickle.loads(pickle.dumps(recommenders))
    return {
        key: [
            [
                name,
                p.start,
                p.end,
                p.label,
                p.score,
                dict(p.attributes),
                p.source and list(p.source),
            ]
            for name, p in propose(recommenders, doc)
        ]
        for key, doc in _documents()
    }


def test_the_recommenders_normalize_an_article_once(monkeypatch) -> None:
    """The three share the text's normalization (and its map, something being removed)."""
    normalized: list[str] = []
    real = normalize_module._normalize
    monkeypatch.setattr(normalize_module, "_CACHE", {})
    monkeypatch.setattr(
        normalize_module, "_normalize", lambda t, *runs: normalized.append(t) or real(t, *runs)
    )
    key, doc = _documents()[-4]
    recommenders = [make(name, SETTING, gazetteer=GAZETTEER) for name in RULES]
    assert key == "counts: marked" and len(real(doc.text)) < len(doc.text)
    normalized.clear()
    assert propose(recommenders, doc)
    assert normalized.count(doc.text) == 1


def test_the_recommenders_propose_what_the_fixture_holds() -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    proposals = _proposals(copied=False)
    assert _proposals(copied=True) == proposals  # as the worker processes get them
    assert list(proposals) == list(expected)
    assert sum(map(len, expected.values())) > 1000  # each recommender proposes
    for name in RULES:
        assert any(p[0] == name for found in expected.values() for p in found), name
    for key, found in proposals.items():
        assert found == expected[key], key


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    lines = ",\n".join(
        f"  {json.dumps(key, ensure_ascii=False)}: [\n"
        + ",\n".join(f"    {json.dumps(p, ensure_ascii=False)}" for p in found)
        + "\n  ]"
        for key, found in _proposals().items()
    )
    FIXTURE.write_text("{\n" + lines + "\n}\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
