"""The text core's hand-rolled Arabic normalization and the arclean step against camel-tools'.

    .venv/bin/python bench/bench_camel_utils.py [N_ARTICLES] [ROUNDS]

On N (default 2,000) synthetic articles (bench/corpus.py), in the same process, rounds
alternating ours and camel-tools' (the best round of each counts), M code points/s of:

* the whole search normalization `normalize` (uncached) against camel-tools' dediac_ar +
  normalize_alef_ar + normalize_alef_maksura_ar + normalize_teh_marbuta_ar (ours does more:
  tests/test_camel_utils_parity.py);
* the part of ours that does what those four do (the removal pass, five str.replace);
* the dediacritization part alone (ours: the removed-characters pass of `normalize`) against
  dediac_ar; the alef part (three str.replace) against normalize_alef_ar;
* the arclean map: `cleaning.arclean` and `clean_text_mapped(lines=False, arclean=True)` (with
  the offset map) against ``CharMapper.builtin_mapper("arclean")``.

Also the import time of camel_tools.utils.dediac and .charmap (each in a fresh interpreter).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.formats.cleaning import arclean, clean_text_mapped  # noqa: E402
from annotator.text.normalize import normalize  # noqa: E402

normalize_module = sys.modules[normalize.__module__]

_normalize = normalize_module._normalize  # the uncached normalization
_KEPT_RUN_RE = normalize_module._KEPT_RUN_RE
_COMMON = normalize_module._COMMON


def _ours_dediac(text: str) -> str:
    return "".join(_KEPT_RUN_RE.findall(text))


def _ours_alef(text: str) -> str:
    for old in "\u0623\u0625\u0622":
        text = text.replace(old, "\u0627")
    return text


def _ours_shared(text: str) -> str:
    """The part of `normalize` camel-tools' four functions do: the removal pass and the
    replaces of the alef forms, alef maksura and teh marbuta."""
    text = "".join(_KEPT_RUN_RE.findall(text))
    for old, new in _COMMON.items():
        text = text.replace(old, new)
    return text


def _import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    texts = list(articles(n))
    chars = sum(map(len, texts))
    print(f"corpus: {n} articles, {chars:,} code points")
    for module in ("camel_tools.utils.dediac", "camel_tools.utils.charmap", "annotator.text"):
        print(f"import {module}: {_import_seconds(module):.3f} s (fresh interpreter)")

    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    def camel_normalize(text: str) -> str:
        text = normalize_alef_ar(dediac_ar(text))
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(text))

    mapper = CharMapper.builtin_mapper("arclean")
    pairs: list[tuple[str, Callable[[str], object], Callable[[str], object]]] = [
        ("normalize (all of it) vs camel-tools' four", _normalize, camel_normalize),
        ("its shared part vs camel-tools' four", _ours_shared, camel_normalize),
        ("dediacritization vs dediac_ar", _ours_dediac, dediac_ar),
        ("alef forms vs normalize_alef_ar", _ours_alef, normalize_alef_ar),
        ("arclean vs CharMapper('arclean')", arclean, mapper),
        (
            "clean_text_mapped(arclean) vs CharMapper",
            lambda t: clean_text_mapped(t, lines=False, arclean=True),
            mapper,
        ),
    ]
    assert all(arclean(t) == mapper(t) for t in texts[:200])
    for name, ours, theirs in pairs:
        best = {"ours": float("inf"), "camel": float("inf")}
        for _ in range(rounds):
            for who, func in (("ours", ours), ("camel", theirs)):
                started = time.perf_counter()
                for text in texts:
                    func(text)
                best[who] = min(best[who], time.perf_counter() - started)
        ours_rate, camel_rate = chars / best["ours"] / 1e6, chars / best["camel"] / 1e6
        print(
            f"{name}: ours {ours_rate:.1f} M/s, camel-tools {camel_rate:.1f} M/s "
            f"(time ours/theirs {best['ours'] / best['camel']:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
