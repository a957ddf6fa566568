"""Morphology with camel-tools: a word's analyses and its clitic pieces, aligned to code points.

`Morphology.open(path)` loads a camel-tools morphology database (the plain-text format of
``camel_data``'s ``morphology-db-msa-r13``, or any file set in Settings > Arabic tools) with
camel-tools' ``MorphologyDB`` and ``Analyzer``; `load` opens the configured one
(`annotator.camel.config.morphology_db`), once per path.

Which analysis comes first (`Morphology.analyses`, and the one `Morphology.pieces` tokenizes):

* camel-tools' ``MLEDisambiguator`` when the MLE model (``camel_data``'s
  ``disambig-mle-calima-msa-r13``: ``model.json``) is found for the database: in camel_data's
  layout beside it (``data/morphology_db/NAME/morphology.db`` ->
  ``data/disambig_mle/NAME/model.json``), under a folder ``camel_data`` installs to
  (`env.installed_data_dirs`) with the database folder's name, or as ``model.json`` in the
  database's own folder. A model is refused on open (`InputError` naming the file, and the
  entry and its line) unless every entry gives ``diac``, ``lex`` and ``bw``, and so is a
  database without the ``bw`` feature used with one (the disambiguator needs both);
* otherwise a ``RankedDisambiguator`` (`ranked_disambiguator`), whose rule is: higher
  ``pos_lex_logprob`` first (the database's probability of the POS-lemma pair: what the MLE
  disambiguator itself falls back on for a word its model lacks), then higher
  ``lex_logprob``, then fewer morphemes (fewer ``+`` in ``bw``), then the diacritized form in
  code-point order. A missing probability counts as -99 (camel-tools' convention).

Pieces (`Morphology.pieces`): camel-tools' ``MorphologicalTokenizer`` (``split=True``,
undiacritized) gives the pieces of a word in a scheme (``d3tok``: every clitic apart,
``و+ ب+ ال+ مدنيين``; ``atbtok``: the article stays on its word, ``و+ ب+ المدنيين``). They are
not always substrings of the word: the tokenizer restores letters by convention (the alef of
the article after ``ل``: «للحكومة» -> ``ل+ ال+ حكومة``; the ta marbuta before a suffix:
«حكومته» -> ``حكومة +ه``; hamza and alef maqsura spelled out), drops the word's diacritics
and tatweel, and marks clitics with ``+``. `align` maps them back onto the word's code points:

1. each piece is reduced to its letters (``+``, ``_``, ``#``, diacritics and tatweel dropped);
2. the pieces' letters, one after another, are aligned to the word's characters by a minimal
   cost alignment: letters that are equal, or equal after folding (alef forms, alef maqsura
   and yeh, ta marbuta with teh and heh, hamza carriers) cost 0; a word character that is a
   diacritic, tatweel or invisible format character costs 0 to skip; a piece letter absent
   from the word (a restored letter) or a word letter absent from the pieces costs 1; a
   substitution costs 2. Among alignments of the least cost, the one leaving the fewest
   pieces with no word character (all their letters restored) wins: «لله» (``ل+ الله``, two
   lams written for three) is ``ل`` + ``له``, not one piece; «للبنانيين» (``ل+ ال+ لبنانيين``)
   is ``ل`` + ``ل`` + ``بنانيين``. Remaining ties prefer matching, then restoring, then
   skipping;
3. a piece ends after the last word character aligned to its letters, and takes the
   diacritics/tatweel following it (marks belong to the letter before them); the first piece
   starts at 0, each next one where the previous one ends, the last one ends at ``len(word)``;
4. a piece aligned to no character of the word (only restored letters) is joined to the
   piece after it (the last such piece to the one before), their forms joined with ``_`` as
   the tokenizer writes an unsplit token.

So the pieces always cover the word exactly and contiguously, each non-empty.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from annotator.camel.env import import_camel, installed_data_dirs
from annotator.errors import InputError, UsageError

__all__ = [
    "SCHEMES",
    "NO_DATABASE",
    "Analysis",
    "Morphology",
    "Piece",
    "Split",
    "align",
    "load",
    "mle_model_path",
    "check_scheme",
    "ranked_disambiguator",
    "require",
]

SCHEMES = ("d3tok", "atbtok")
"""Tokenization schemes `Morphology.pieces` accepts."""

_CACHE_SIZE = 20_000
_NO_CLITIC = frozenset({"", "0", "na", "-"})
_PROCLITICS = ("prc3", "prc2", "prc1", "prc1.5", "prc0")
_ENCLITICS = ("enc0", "enc1", "enc2")
_MARKERS_RE = re.compile("[+_#]")


class Analysis(NamedTuple):
    """One analysis of a word, for display. ``prefixes``/``suffixes``: the proclitic and
    enclitic features set (``wa_conj``, ``bi_prep``, ``Al_det``; ``3ms_poss``), outermost
    first; ``bw``: camel-tools' ``bw`` feature (the morpheme segmentation with tags), ``""``
    when the database has none."""

    diac: str
    lemma: str
    pos: str
    gloss: str
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    bw: str


class Piece(NamedTuple):
    """One piece of a word's tokenization: code points ``[start, end)`` of the word (or of
    the text, from `Morphology.segment`) and the tokenizer's piece as written (``ال+``,
    ``حكومة``, ``+ه``), which may differ from the characters it covers (restored letters)."""

    start: int
    end: int
    form: str


# --- alignment ---------------------------------------------------------------------------

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ئ": "ي",
    "ة": "ه",
    "ت": "ه",
    "ؤ": "و",
}
"""Letters the tokenizer may write differently from the word (compared after folding).
Teh, teh marbuta and heh fold together: «حكومته» is tokenized ``حكومة +ه``."""


def _fold(char: str) -> str:
    return _FOLD.get(char, char)


def _is_mark(char: str) -> bool:
    """A character the tokenizer drops without a trace: Arabic diacritics (harakat, tanween,
    shadda, sukun, dagger alef, Quranic marks), tatweel, and invisible format characters."""
    import unicodedata

    if char == "\u0640":
        return True
    category = unicodedata.category(char)
    return category in ("Mn", "Me", "Cf")


def _letters(form: str) -> str:
    """A piece's letters: clitic markers, diacritics and tatweel removed."""
    return "".join(ch for ch in _MARKERS_RE.sub("", form) if not _is_mark(ch))


def align(word: str, forms: Sequence[str]) -> list[Piece]:
    """The tokenizer's pieces ``forms`` of ``word`` as `Piece` s covering ``word`` exactly
    (the rule is in the module docstring). One form or none: the word whole."""
    if len(forms) <= 1 or not word:
        return [Piece(0, len(word), word)]
    letters = [_letters(form) for form in forms]
    joined = "".join(letters)
    if len(joined) == len(word) and all(
        a == b or _fold(a) == _fold(b) for a, b in zip(joined, word, strict=True)
    ):  # letter for letter (most words): no alignment to search
        ends, end = [], 0
        for text in letters:
            end += len(text)
            ends.append(end if text else -1)
        return _pieces_from_ends(word, forms, ends)
    owner = [k for k, text in enumerate(letters) for _ in text]  # piece of each joined letter
    n, m = len(joined), len(word)
    # Lexicographic cost (edits, pieces left without a character), as one number: a piece
    # whose letters are all restored counts 1, an edit ``unit`` (more than all pieces).
    unit = len(forms) + 1
    # State (got, i, j), flattened: joined[:i] aligned with word[:j]; got: the piece of
    # joined[i - 1] already has a word character. cost[state]; move[state]: how it was
    # reached ("m" match/substitute, "r" restore, "s" skip) and the previous ``got``.
    inf = 1 << 60
    width = m + 1
    half = (n + 1) * width
    cost = [inf] * (2 * half)
    how = [""] * (2 * half)
    came = [0] * (2 * half)
    cost[half] = 0  # got = 1 at (0, 0): no piece before the first, nothing to count
    marks = [0 if _is_mark(char) else unit for char in word]
    folded = [_fold(char) for char in word]
    for i in range(n + 1):
        # entering joined[i] in a new piece leaves the previous one finished (counted if bare)
        new_piece = i < n and (i == 0 or owner[i] != owner[i - 1])
        letter = _fold(joined[i]) if i < n else ""
        for j in range(m + 1):
            for got in (1, 0):
                here = cost[got * half + i * width + j]
                if here == inf:
                    continue
                base = here + (1 if new_piece and not got else 0)
                # order = tie preference: match/substitute, restore, skip
                if i < n and j < m:
                    cell = half + (i + 1) * width + j + 1
                    step = base + (0 if letter == folded[j] else 2 * unit)
                    if step < cost[cell]:
                        cost[cell], how[cell], came[cell] = step, "m", got
                if i < n:
                    cell = (0 if new_piece else got) * half + (i + 1) * width + j
                    step = base + unit
                    if step < cost[cell]:
                        cost[cell], how[cell], came[cell] = step, "r", got
                if j < m:
                    cell = got * half + i * width + j + 1
                    step = here + marks[j]
                    if step < cost[cell]:
                        cost[cell], how[cell], came[cell] = step, "s", got
    end_cell = n * width + m
    got = 1 if cost[half + end_cell] <= cost[end_cell] + 1 else 0  # last piece bare: one more
    # walk back: the word index after the last character each piece's letters matched
    ends = [-1] * len(forms)
    i, j = n, m
    while i > 0 or j > 0:
        cell = got * half + i * width + j
        step_how, got = how[cell], came[cell]
        if step_how == "m":
            k = owner[i - 1]
            ends[k] = max(ends[k], j)
            i, j = i - 1, j - 1
        elif step_how == "r":
            i -= 1
        else:
            j -= 1
    return _pieces_from_ends(word, forms, ends)


def _pieces_from_ends(word: str, forms: Sequence[str], ends: list[int]) -> list[Piece]:
    pieces: list[Piece] = []
    pending: list[str] = []  # forms of pieces that matched nothing, joined to the next
    start = 0
    last = len(forms) - 1
    for k, form in enumerate(forms):
        end = len(word) if k == last else ends[k]
        if end != -1 and k != last:
            while end < len(word) and _is_mark(word[end]):
                end += 1
        if end == -1 or end <= start:
            if k == last and pieces:
                previous = pieces.pop()
                joined = "_".join([previous.form, *pending, form])
                pieces.append(Piece(previous.start, len(word), joined))
                break
            pending.append(form)
            continue
        pieces.append(Piece(start, end, "_".join([*pending, form])))
        pending = []
        start = end
    if len(pieces) <= 1:
        return [Piece(0, len(word), word)]
    return pieces


# --- disambiguation ----------------------------------------------------------------------


def _logprob(analysis: dict[str, Any], feature: str) -> float:
    value = analysis.get(feature)
    try:
        return float(value) if value is not None else -99.0
    except (TypeError, ValueError):
        return -99.0


def _rank_key(analysis: dict[str, Any]) -> tuple[float, float, int, str]:
    return (
        -_logprob(analysis, "pos_lex_logprob"),
        -_logprob(analysis, "lex_logprob"),
        str(analysis.get("bw", "")).count("+"),
        str(analysis.get("diac", "")),
    )


def _disambiguator_class() -> type:
    common = import_camel("camel_tools.disambig.common")

    class RankedDisambiguator(common.Disambiguator):  # type: ignore[name-defined]
        """All of the analyzer's analyses, ranked by the module docstring's rule (no model)."""

        def __init__(self, analyzer: Any) -> None:
            self._analyzer = analyzer

        def _word(self, word: str) -> Any:
            analyses = sorted(self._analyzer.analyze(word), key=_rank_key)
            best = _logprob(analyses[0], "pos_lex_logprob") if analyses else 0.0
            scored = [
                common.ScoredAnalysis(
                    10 ** (_logprob(a, "pos_lex_logprob") - best),
                    a,
                    a.get("diac", ""),
                    _logprob(a, "pos_lex_logprob"),
                    _logprob(a, "lex_logprob"),
                )
                for a in analyses
            ]
            return common.DisambiguatedWord(word, scored)

        def disambiguate(self, sentence: list[str], top: int = 1) -> list[Any]:
            return [self._word(word) for word in sentence]

        def disambiguate_word(self, sentence: list[str], word_ndx: int, top: int = 1) -> Any:
            return self._word(sentence[word_ndx])

        def all_feats(self) -> frozenset[str]:
            return frozenset(self._analyzer.all_feats())

        def tok_feats(self) -> frozenset[str]:
            return frozenset(self._analyzer.tok_feats())

    return RankedDisambiguator


_RANKED: list[type] = []


def ranked_disambiguator(analyzer: Any) -> Any:
    """A ``RankedDisambiguator`` (a camel-tools ``Disambiguator``) ranking all of
    ``analyzer``'s analyses by the rule of the module docstring. The class is built on first
    use: camel-tools' disambiguation modules are imported only through `env.import_camel`."""
    if not _RANKED:
        _RANKED.append(_disambiguator_class())
    return _RANKED[0](analyzer)


def mle_model_path(database: Path) -> Path | None:
    """The MLE disambiguation model (``model.json``) for ``database``, where the module
    docstring says it is looked for; None when there is none."""
    database = Path(database)
    name = database.parent.name
    candidates = [database.parent.parent.parent / "disambig_mle" / name / "model.json"]
    candidates += [
        folder / "data" / "disambig_mle" / name / "model.json" for folder in installed_data_dirs()
    ]
    candidates.append(database.with_name("model.json"))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


# --- the database ------------------------------------------------------------------------


class Morphology:
    """A morphology database with its analyzer, disambiguator and tokenizers. Build with
    `open` (or `load`). Results are cached per word; safe to share between threads."""

    def __init__(self, path: Path, db: Any, analyzer: Any, disambiguator: Any, mle: Path | None):
        self.path = path
        self.mle_model = mle
        """The MLE model used to rank analyses, or None (`RankedDisambiguator`'s rule)."""
        self._db = db
        self._analyzer = analyzer
        self._disambiguator = disambiguator
        self._tokenizers: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._analyses: OrderedDict[str, list[Analysis]] = OrderedDict()
        self._pieces: dict[tuple[str, str], list[Piece]] = {}

    @classmethod
    def open(cls, path: str | Path) -> Morphology:
        """Load the database at ``path`` (and its MLE model when found). `InputError` naming
        the file (and the line, when camel-tools says which) when it is not a morphology
        database."""
        path = Path(path)
        if not path.is_file():
            what = "a folder, not" if path.is_dir() else "no such file:"
            raise InputError(str(path), None, f"{what} a camel-tools morphology database")
        database = import_camel("camel_tools.morphology.database")
        errors = import_camel("camel_tools.morphology.errors")
        analyzer_module = import_camel("camel_tools.morphology.analyzer")
        try:
            db = database.MorphologyDB(str(path), flags="a")
        except errors.DatabaseParseError as err:
            raise InputError(
                str(path), _line_of(path, str(err)), f"not a camel-tools morphology database: {err}"
            ) from None
        except UnicodeDecodeError:
            raise InputError(
                str(path), None, "not a camel-tools morphology database (not UTF-8 text)"
            ) from None
        except (KeyError, IndexError, ValueError, TypeError) as err:
            raise InputError(
                str(path), None, f"not a camel-tools morphology database: {err!r}"
            ) from None
        except OSError as err:
            raise InputError(str(path), None, f"cannot read: {err.strerror or err}") from None
        if db.order is None or not db.stem_hash:
            raise InputError(
                str(path), None, "not a camel-tools morphology database (no ORDER or no STEMS)"
            )
        missing = [key for key in ("digit", "punc", "latin") if key not in db.defaults]
        if missing:
            raise InputError(
                str(path), None, f"the morphology database has no DEFAULT for pos {missing}"
            )
        for stem, entries in db.stem_hash.items():
            if any("diac" not in features for _, features in entries):
                raise InputError(
                    str(path),
                    _stem_line(path, stem),
                    f"the stem {stem!r} has no diac feature (camel-tools needs one)",
                )
        # A prefix category with no TABLE AB line combines with no stem; camel-tools' analyzer
        # would raise KeyError on the words using it instead of finding nothing.
        for entries in db.prefix_hash.values():
            for category, _ in entries:
                db.prefix_stem_compat.setdefault(category, set())
        analyzer = analyzer_module.Analyzer(db)
        mle = mle_model_path(path)
        if mle is not None:
            if "bw" not in db.defines:  # the MLE disambiguator sorts analyses by their bw
                raise InputError(
                    str(path),
                    _line_starting(path, "ORDER "),
                    f"the morphology database has no bw feature, which camel-tools' MLE "
                    f"disambiguator needs with the model {mle} (add bw to its DEFINES and "
                    f"ORDER, or remove the model)",
                )
            try:
                disambiguator = import_camel("camel_tools.disambig.mle").MLEDisambiguator(
                    analyzer, str(mle), top=1_000_000, cache_size=0
                )
            except json.JSONDecodeError as err:
                message = f"not a camel-tools MLE model: {err.msg}"
                raise InputError(str(mle), err.lineno, message) from None
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
                _check_mle_model(mle, _read_json(mle))  # names the entry when one is wrong
                raise InputError(str(mle), None, f"not a camel-tools MLE model: {err!r}") from None
            _check_mle_model(mle, getattr(disambiguator, "_mle", None))
        else:
            disambiguator = ranked_disambiguator(analyzer)
        return cls(path, db, analyzer, disambiguator, mle)

    @property
    def schemes(self) -> tuple[str, ...]:
        """The schemes of `SCHEMES` this database tokenizes in."""
        return tuple(s for s in SCHEMES if s in self._db.tok_feats())

    def analyses(self, word: str) -> list[Analysis]:
        """The analyses of ``word``, the disambiguated one first (see the module docstring);
        ``[]`` for a word the database does not know."""
        with self._lock:
            cached = self._analyses.get(word)
            if cached is not None:
                self._analyses.move_to_end(word)
                return list(cached)
        if not word.strip():
            return []
        scored = self._disambiguator.disambiguate_word([word], 0).analyses
        result = [_analysis(s.analysis) for s in scored]
        with self._lock:
            self._analyses[word] = result
            if len(self._analyses) > _CACHE_SIZE:
                self._analyses.popitem(last=False)
        return list(result)

    def _tokenizer(self, scheme: str) -> Any:
        tokenizer = self._tokenizers.get(scheme)
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            tokenizer = self._tokenizers.get(scheme)
            if tokenizer is None:
                check_scheme(scheme, self)
                module = import_camel("camel_tools.tokenizers.morphological")
                tokenizer = module.MorphologicalTokenizer(
                    self._disambiguator, scheme=scheme, split=True
                )
                self._tokenizers[scheme] = tokenizer
            return tokenizer

    def pieces(self, word: str, scheme: str = "d3tok") -> list[Piece]:
        """The clitic pieces of ``word`` in ``scheme`` (``d3tok`` | ``atbtok``), aligned to its
        code points (`align`): contiguous, covering ``[0, len(word))``;
        ``[Piece(0, len(word), word)]`` when the tokenizer does not split it."""
        return list(self._pieces_of(word, scheme, self._tokenizer(scheme)))

    def _pieces_of(self, word: str, scheme: str, tokenizer: Any) -> list[Piece]:
        """`pieces`, cached (the list is shared: not to be changed)."""
        key = (scheme, word)
        cached = self._pieces.get(key)  # a dict read is atomic: no lock for hits
        if cached is not None:
            return cached
        if not word or word.isspace():
            result = [Piece(0, len(word), word)]
        else:
            forms = [form for form in tokenizer.tokenize([word]) if form]
            result = align(word, forms)
        with self._lock:
            if len(self._pieces) >= _CACHE_SIZE:
                self._pieces.clear()
            self._pieces[key] = result
        return result

    def segment(self, text: str, scheme: str = "d3tok") -> list[Piece]:
        """Every token of ``text`` (`annotator.text.tokenize`) split into its pieces, with
        offsets in ``text``."""
        from annotator.text import tokenize

        tokenizer = self._tokenizer(scheme)  # a bad scheme is refused even for an empty text
        result: list[Piece] = []
        for token in tokenize(text):
            for piece in self._pieces_of(token.text, scheme, tokenizer):
                result.append(Piece(token.start + piece.start, token.start + piece.end, piece.form))
        return result

    def split_words(
        self, text: str, starts: Sequence[int], ends: Sequence[int], scheme: str = "d3tok"
    ) -> Split:
        """The words ``text[starts[i]:ends[i]]`` (sorted, not overlapping) cut into their
        pieces (`pieces`), offsets in ``text``: what ``--segment`` exports write."""
        tokenizer = self._tokenizer(scheme)
        pieces_of = self._pieces_of
        new_starts: list[int] = []
        new_ends: list[int] = []
        first_piece: list[int] = []
        for start, end in zip(starts, ends, strict=True):
            first_piece.append(len(new_starts))
            pieces = pieces_of(text[start:end], scheme, tokenizer)
            if len(pieces) == 1:
                new_starts.append(start)
                new_ends.append(end)
                continue
            for piece in pieces:
                new_starts.append(start + piece.start)
                new_ends.append(start + piece.end)
        return Split(new_starts, new_ends, first_piece)


class Split(NamedTuple):
    """Words cut into pieces (`Morphology.split_words`): the pieces' offsets, and for each
    word the index of its first piece."""

    starts: list[int]
    ends: list[int]
    first_piece: list[int]


NO_DATABASE = (
    "no morphology database is installed: install camel-tools' MSA database with "
    "'camel_data -i morphology-db-msa-r13' (and 'camel_data -i disambig-mle-calima-msa-r13' "
    "for its disambiguator), or choose a database file in Settings > Arabic tools"
)
"""What to tell a user who asked for morphology without a database."""


def check_scheme(scheme: str, morphology: Morphology | None = None) -> None:
    """`UsageError` when ``scheme`` is not one of `SCHEMES` or (given ``morphology``) its
    database does not tokenize in it: the one check of a scheme (`Morphology.pieces` and the
    ``--segment`` exports)."""
    if scheme not in SCHEMES:
        raise UsageError(f"unknown tokenization scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    if morphology is not None and scheme not in morphology.schemes:
        raise UsageError(f"the morphology database {morphology.path} has no {scheme}")


def require(config: Any = None, scheme: str | None = None) -> Morphology:
    """`load`, or a `UsageError` saying how to install a database (`NO_DATABASE`); with
    ``scheme``, also `check_scheme` (an unknown scheme is refused before the database is
    looked for)."""
    if scheme is not None:
        check_scheme(scheme)
    morphology = load(config)
    if morphology is None:
        raise UsageError(NO_DATABASE)
    if scheme is not None:
        check_scheme(scheme, morphology)
    return morphology


def _analysis(raw: dict[str, Any]) -> Analysis:
    def text(feature: str) -> str:
        value = raw.get(feature)
        return "" if value is None else str(value)

    return Analysis(
        diac=text("diac"),
        lemma=text("lex"),
        pos=text("pos"),
        gloss=text("gloss"),
        prefixes=tuple(text(f) for f in _PROCLITICS if text(f) not in _NO_CLITIC),
        suffixes=tuple(text(f) for f in _ENCLITICS if text(f) not in _NO_CLITIC),
        bw=text("bw"),
    )


_MLE_FEATURES = ("diac", "lex", "bw")
"""What each entry of an MLE model must give, as a non-empty string: camel-tools' MLE
disambiguator scores analyses by their edit distance to these (dividing by their length)."""


def _read_json(path: Path) -> Any:
    """The JSON in ``path``, or None when it cannot be read as JSON."""
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _check_mle_model(path: Path, entries: Any) -> None:
    """`InputError` naming ``path``, the entry and its line when the model ``entries`` (the
    loaded JSON; None: not known) is not an object of words whose entries are objects giving
    every feature of `_MLE_FEATURES`."""
    if entries is None:
        return
    if not isinstance(entries, dict):
        raise InputError(str(path), None, "not a camel-tools MLE model (not a JSON object)")
    for word, entry in entries.items():
        if not isinstance(entry, dict):
            problem = "is not an object of features"
        else:
            missing = [f for f in _MLE_FEATURES if not (isinstance(entry.get(f), str) and entry[f])]
            if not missing:
                continue
            problem = f"has no {', '.join(missing)} (camel-tools' MLE disambiguator needs each)"
        message = f"not a camel-tools MLE model: the entry {word!r} {problem}"
        raise InputError(str(path), _json_key_line(path, word), message)


def _json_key_line(path: Path, key: str) -> int | None:
    """The line of a JSON file where the object key ``key`` is first written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for quoted in (json.dumps(key, ensure_ascii=False), json.dumps(key)):
        match = re.search(re.escape(quoted) + r"\s*:", text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def _line_starting(path: Path, prefix: str) -> int | None:
    """The first line of ``path`` starting with ``prefix``."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.startswith(prefix):
                    return number
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _stem_line(path: Path, stem: str) -> int | None:
    """The first line of the STEMS section holding ``stem`` without a diac feature."""
    try:
        with path.open(encoding="utf-8") as handle:
            inside = False
            for number, line in enumerate(handle, 1):
                if line.strip() == "###STEMS###":
                    inside = True
                elif inside and line.startswith(stem + "\t"):
                    features = line.rstrip("\n").split("\t")[-1].split(" ")
                    if not any(feature.startswith("diac:") for feature in features):
                        return number
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _line_of(path: Path, message: str) -> int | None:
    """The line camel-tools' parse error quotes (it quotes the line, not its number)."""
    match = re.search(r"line ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")", message)
    if not match:
        return None
    try:
        import ast

        quoted = ast.literal_eval(match.group(1))
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line == quoted or line.strip() == quoted.strip():
                    return number
    except (ValueError, SyntaxError, OSError, UnicodeDecodeError):
        return None
    return None


_LOADED: dict[Path, Morphology] = {}
_LOAD_LOCK = threading.Lock()
_LAST: list[tuple[object, Morphology]] = []  # (the saved choices' file stamp, what it chose)


def _stamp() -> object:
    """What identifies the saved choices as they are now (their file's path, size and time)."""
    from annotator.camel.config import config_path

    path = config_path()
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_size, info.st_mtime_ns)


def load(config: Any = None) -> Morphology | None:
    """The morphology database configured or installed (`config.morphology_db`), opened once
    per path; None when there is none. `InputError` when the file is not a database.
    Without ``config``, the saved choices are read again only when their file changed
    (an export asks once per document)."""
    from annotator.camel.config import morphology_db

    stamp = _stamp() if config is None else None
    if stamp is not None:
        with _LOAD_LOCK:
            if _LAST and _LAST[0][0] == stamp and _LAST[0][1].path.is_file():
                return _LAST[0][1]
    path = morphology_db(config)
    if path is None:
        return None
    with _LOAD_LOCK:
        morphology = _LOADED.get(path)
        if morphology is None:
            morphology = Morphology.open(path)
            _LOADED[path] = morphology
        if stamp is not None:
            _LAST[:] = [(stamp, morphology)]
        return morphology
