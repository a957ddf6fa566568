"""A document's own tokens and sentences (`annotator.model.Tokenization`) as stored: one row of
`doc_tokens` per document imported from a tokenized corpus, its offsets packed in one BLOB.

The BLOB is unsigned 32-bit little-endian integers: the number of tokens ``n``, the number of
sentences ``m``, the tag scheme (0: none, else 1 + its index in `rules.TAG_SCHEMES`), then
``n`` token starts, ``n`` token ends and ``m`` sentence starts (token indices). Packing and
unpacking cost one `array` conversion each (a document of 1,000 tokens packs into 8 KB).
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence

from annotator.errors import ProjectError
from annotator.model import Tokenization
from annotator.rules import TAG_SCHEMES, tokenization_problem
from annotator.store.rows import id_batches

_SWAP = sys.byteorder != "little"


def pack_tokens(tokens: Tokenization) -> bytes:
    """The stored form of `tokens` (see the module's docstring)."""
    scheme = 0 if tokens.scheme is None else 1 + TAG_SCHEMES.index(tokens.scheme)
    values = array("I", (len(tokens.starts), len(tokens.sentence_starts), scheme))
    values.extend(tokens.starts)
    values.extend(tokens.ends)
    values.extend(tokens.sentence_starts)
    if _SWAP:
        values.byteswap()
    return values.tobytes()


def unpack_tokens(data: bytes) -> Tokenization:
    """The tokens stored as `data` (made by `pack_tokens`); ValueError when `data` is not
    such a value (a damaged row)."""
    if not isinstance(data, bytes) or len(data) % 4 or len(data) < 12:
        raise ValueError(
            f"{len(data) if isinstance(data, bytes) else type(data).__name__} "
            "bytes are not packed tokens"
        )
    values = array("I")
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    n, m, scheme = values[0], values[1], values[2]
    if len(values) != 3 + 2 * n + m:
        raise ValueError(f"packed tokens hold {len(values)} numbers, not {3 + 2 * n + m}")
    if scheme > len(TAG_SCHEMES):
        raise ValueError(f"packed tokens name tag scheme {scheme}, which does not exist")
    return Tokenization(
        values[3 : 3 + n].tolist(),
        values[3 + n : 3 + 2 * n].tolist(),
        values[3 + 2 * n :].tolist(),
        TAG_SCHEMES[scheme - 1] if scheme else None,
    )


def document_tokens(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Tokenization]:
    """The stored tokens of those of the documents `ids` that have their own; a row that is
    not packed tokens is a ProjectError (damaged) naming its document."""
    found: dict[int, Tokenization] = {}
    for chunk, marks in id_batches(ids):
        for doc_id, data in conn.execute(
            f"SELECT document_id, data FROM doc_tokens WHERE document_id IN ({marks})", chunk
        ):
            try:
                found[doc_id] = unpack_tokens(data)
            except ValueError as err:
                raise ProjectError(
                    f"the stored tokens of document {doc_id} are damaged ({err}); "
                    "`annotator check` lists such rows, `annotator recover` leaves them out",
                    kind="damaged",
                ) from err
    return found


def token_problems(conn: sqlite3.Connection) -> Iterator[tuple[int, str]]:
    """(document id, problem) of each stored tokens row that cannot be read or does not fit its
    document's text (`rules.tokenization_problem`), for `annotator check`."""
    for doc_id, data, text in conn.execute(
        "SELECT t.document_id, t.data, d.text FROM doc_tokens t "
        "LEFT JOIN documents d ON d.id = t.document_id ORDER BY t.document_id"
    ):
        try:
            tokens = unpack_tokens(data)
        except ValueError as err:
            yield doc_id, str(err)
            continue
        if not isinstance(text, str):
            yield doc_id, "its document has no text"
        elif problem := tokenization_problem(text, tokens):
            yield doc_id, problem


def stored_data(conn: sqlite3.Connection, document_id: int) -> bytes | None:
    """The packed tokens the document has (as `pack_tokens` made them), or None."""
    row = conn.execute(
        "SELECT data FROM doc_tokens WHERE document_id = ?", (document_id,)
    ).fetchone()
    return None if row is None else row[0]


def store_tokens(conn: sqlite3.Connection, rows: Iterable[tuple[int, bytes]]) -> None:
    """Keep `(document id, packed tokens)` rows; a document that has tokens keeps its own."""
    conn.executemany("INSERT OR IGNORE INTO doc_tokens(document_id, data) VALUES (?, ?)", rows)
