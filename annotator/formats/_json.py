"""The one JSON Lines encoder of the writers (native JSONL, doccano, spaCy, Hugging Face, and
export): msgspec, writing the bytes ``json.dumps(value, ensure_ascii=False)`` writes.

msgspec encodes strings, numbers and containers in C, compactly; `msgspec.json.format` with
``indent=0`` then puts in json.dumps's ", " and ": " separators, copying strings and numbers
as they are. Free-form values (document metadata, span attributes) are JSON as the store keeps
them, spliced in as `msgspec.Raw`: `raw_json` makes that JSON from a dict, with json.dumps so
that floats are written as Python writes them (msgspec writes ``1e16`` where json.dumps writes
``1e+16``). NaN and Infinity, which json.dumps writes and JSON has not, are written as json.dumps
writes them too (the slow way: they are rare).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

Raw = msgspec.Raw
EMPTY_OBJECT = Raw(b"{}")

_encode = msgspec.json.Encoder().encode
_format = msgspec.json.format


def raw_json(value: dict[str, Any]) -> msgspec.Raw:
    """The JSON of the free-form object `value`, as the store writes it."""
    if not value:
        return EMPTY_OBJECT
    return Raw(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def stored_json(text: str) -> msgspec.Raw:
    """JSON text the store holds (written by `raw_json`'s rule), to be spliced in as it is."""
    return EMPTY_OBJECT if text == "{}" else Raw(text)


def json_line(value: Any) -> bytes:
    """`value` (Structs, dicts, lists, strings, numbers, `Raw`) as one UTF-8 JSON line with
    its line feed: ``json.dumps(value, ensure_ascii=False) + "\\n"``."""
    try:
        return _format(_encode(value), indent=0) + b"\n"
    except msgspec.DecodeError:  # NaN or Infinity in a free-form value: not JSON, but Python's
        plain = msgspec.to_builtins(value, enc_hook=_loaded)
        return json.dumps(plain, ensure_ascii=False).encode("utf-8") + b"\n"


def _loaded(value: Any) -> Any:
    if isinstance(value, msgspec.Raw):
        return json.loads(bytes(value))
    raise TypeError(f"cannot encode {type(value).__name__}")
