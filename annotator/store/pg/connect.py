"""Connections to the team server, and its errors in the app's terms (docs/team.md).

A team server is named by a libpq URL (``postgresql://login@host:port/db``) or connection
string (``service=team``); the project file keeps it without a password (`strip_password`).
libpq finds the password itself: ``~/.pgpass`` (or PGPASSFILE), a service file
(``~/.pg_service.conf``, PGSERVICEFILE), PGPASSWORD. When none has one and the server asks for
it, `connect` calls the caller's `password` callback (a prompt) once and tries again. TLS is
libpq's default (sslmode=prefer: encrypted when the server offers it); a URL may ask for more
(``?sslmode=verify-full``).

Every psycopg error that leaves this package is a `ServerError` (a UsageError) whose `kind` says
what happened, with a message for the user: `server_errors` wraps a block of server work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

import psycopg
from psycopg import conninfo, errors

from annotator.errors import UsageError

ServerErrorKind = Literal[
    "unreachable",  # no server answers at that address, or the database does not exist
    "authentication",  # wrong login or password, or no password and nobody to ask
    "not_team",  # the database holds no team project (no schema `annotator`)
    "refused",  # the server's permissions or row-level security refused the statement
    "conflict",  # the server's data changed under an operation (a unique key, a version)
    "other",
]

PasswordPrompt = Callable[[str], str | None]
"""Asked for a password with a description of the server (``login@host/db``); None: cancel."""

_NO_PASSWORD = ("no password supplied", "password is required")
_AUTH = ("password authentication failed", "authentication failed", 'role "')
_NO_DATABASE = re.compile(r'database "[^"]*" does not exist')


class ServerError(UsageError):
    """The team server cannot do what was asked; `kind` says why, the message says it for
    the user. Nothing was written on the server (its transaction was rolled back)."""

    def __init__(self, message: str, *, kind: ServerErrorKind = "other") -> None:
        super().__init__(message)
        self.kind: ServerErrorKind = kind

    def __reduce__(self):
        return (_rebuilt, (str(self), self.kind))


def _rebuilt(message: str, kind: ServerErrorKind) -> ServerError:
    return ServerError(message, kind=kind)


def strip_password(url: str) -> str:
    """`url` (a URL or key=value connection string) without any password in it."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise ServerError(f"not a PostgreSQL URL: {error}", kind="other") from None
    if "password" not in params:
        return url
    params.pop("password")
    if url.startswith(("postgresql://", "postgres://")):
        return _as_url(params)
    return conninfo.make_conninfo("", **{k: v for k, v in params.items() if v is not None})


def password_in(url: str) -> str | None:
    """The password written in `url`, if any (to use once, never to keep)."""
    try:
        found = conninfo.conninfo_to_dict(url).get("password")
    except psycopg.ProgrammingError:
        return None
    return str(found) if found else None


def _as_url(params: dict) -> str:
    from urllib.parse import quote, urlencode

    user = params.pop("user", None)
    host = params.pop("host", None)
    port = params.pop("port", None)
    dbname = params.pop("dbname", None)
    where = ""
    if host and not str(host).startswith("/"):
        where = str(host) if ":" not in str(host) else f"[{host}]"
        if port:
            where += f":{port}"
    else:
        if host:
            params["host"] = host
        if port:
            params["port"] = port
    auth = f"{quote(str(user), safe='')}@" if user else ""
    path = f"/{quote(str(dbname), safe='')}" if dbname else ""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"postgresql://{auth}{where}{path}" + (f"?{query}" if query else "")


def describe(url: str) -> str:
    """``login@host:port/db`` for messages and prompts (never a password)."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the server"
    if params.get("service") and not params.get("host"):
        return f"service {params['service']}"
    login = params.get("user") or "(your login)"
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    db = params.get("dbname") or login
    return f"{login}@{host}{port}/{db}"


def connect(
    url: str,
    *,
    password: PasswordPrompt | str | None = None,
    autocommit: bool = False,
    connect_timeout: int = 15,
) -> psycopg.Connection:
    """A connection to the team server at `url`. `password`: a password, or a callback asked
    (with `describe(url)`) only when libpq found none and the server wants one. Raises
    ServerError ('unreachable', 'authentication')."""
    kwargs: dict = {"autocommit": autocommit, "connect_timeout": connect_timeout}
    if isinstance(password, str):
        kwargs["password"] = password
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as error:
        if callable(password) and any(s in str(error) for s in _NO_PASSWORD):
            given = password(describe(url))
            if given is None:
                raise ServerError(
                    f"{describe(url)}: no password given", kind="authentication"
                ) from None
            try:
                return psycopg.connect(url, password=given, **kwargs)
            except psycopg.Error as again:
                raise translate(again, url) from None
        raise translate(error, url) from None
    except psycopg.ProgrammingError as error:
        raise ServerError(f"not a PostgreSQL URL: {error}", kind="other") from None


def translate(error: psycopg.Error, url: str = "") -> ServerError:
    """`error` in the app's terms: a ServerError of the right kind with a clear message."""
    where = describe(url) if url else "the team server"
    text = str(error).strip()
    detail = " ".join((text.split("FATAL:", 1)[-1] if "FATAL:" in text else text).split())
    if isinstance(error, errors.InsufficientPrivilege):
        return ServerError(
            f"{where}: the server refused this (permission denied for your role): {detail}",
            kind="refused",
        )
    if isinstance(error, errors.InvalidSchemaName | errors.UndefinedTable):
        return ServerError(
            f"{where}: not a team database (no annotator schema there; the lead creates it "
            "with 'annotator team init')",
            kind="not_team",
        )
    if isinstance(error, errors.UniqueViolation | errors.SerializationFailure):
        return ServerError(f"{where}: changed on the server meanwhile: {detail}", kind="conflict")
    if isinstance(error, psycopg.OperationalError) and error.sqlstate is None:
        if any(s in text for s in _NO_PASSWORD):
            return ServerError(
                f"{where}: the server wants a password and none was found (put it in "
                "~/.pgpass or a service file, or set PGPASSWORD; docs/team.md)",
                kind="authentication",
            )
        if any(s in text for s in _AUTH):
            return ServerError(
                f"{where}: authentication failed (wrong login or password): {detail}",
                kind="authentication",
            )
        if _NO_DATABASE.search(text):
            return ServerError(f"{where}: {detail}", kind="unreachable")
        return ServerError(
            f"{where}: cannot reach the server ({detail}); check the address, the port and "
            "that the server is running",
            kind="unreachable",
        )
    return ServerError(f"{where}: {detail}", kind="other")


@contextmanager
def server_errors(url: str = "") -> Iterator[None]:
    """Inside: any psycopg error leaves as a ServerError (`translate`)."""
    try:
        yield
    except psycopg.Error as error:
        raise translate(error, url) from None
