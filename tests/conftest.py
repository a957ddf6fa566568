"""Shared fixtures. Tests never touch the user's real settings or data directory."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point platformdirs/QSettings locations at a temporary home for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("ANNOTATOR_HOME", str(home / "annotator"))
    yield


class NetworkBlocked(ConnectionRefusedError):
    """A test tried to reach beyond this machine (refused by `_no_network`)."""


def _loopback(host: object) -> bool:
    if host is None or host in ("", "localhost", b"localhost"):
        return True
    try:
        return ipaddress.ip_address(
            host.decode() if isinstance(host, bytes) else str(host)
        ).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never reach the network: connections and name lookups are refused except to
    loopback addresses (the PostgreSQL and team-server tests use 127.0.0.1) and unix sockets."""
    connect, connect_ex, getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def check(sock: socket.socket, address: object) -> None:
        unix = getattr(socket, "AF_UNIX", None)
        if sock.family == unix or (isinstance(address, tuple) and _loopback(address[0])):
            return
        raise NetworkBlocked(f"tests may not connect to {address!r}")

    def guarded_connect(sock, address):
        check(sock, address)
        return connect(sock, address)

    def guarded_connect_ex(sock, address):
        check(sock, address)
        return connect_ex(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _loopback(host):
            raise NetworkBlocked(f"tests may not look up {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield


@pytest.fixture
def reference_dir() -> Path:
    return reference_data(REFERENCE)


def reference_data(folder: Path) -> Path:
    """`folder` (the reference data). Missing, the test fails in CI (the environment variable
    CI is set) and is skipped elsewhere."""
    if not folder.is_dir():
        message = f"reference data not found at {folder} (see docs/contributing.md)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have it", pytrace=False)
        pytest.skip(message)
    return folder


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def one_worker_requests(monkeypatch):
    """`watch(module)`: from then on every `module.one_worker(wanted)` call records `wanted`
    in the returned list, and still starts (or not) the worker."""

    def watch(module) -> list[bool]:
        requests: list[bool] = []
        real = module.one_worker

        def spy(wanted: bool):
            requests.append(wanted)
            return real(wanted)

        monkeypatch.setattr(module, "one_worker", spy)
        return requests

    return watch


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (tests/pgcluster.py), stopped at the end,
    also after a failure. Without PostgreSQL binaries: skipped, failed in CI."""
    import pgcluster

    cluster = pgcluster.start_cluster(pgcluster.require_bindir())
    try:
        yield cluster
    finally:
        cluster.stop()


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_database(pg_cluster, tmp_path, monkeypatch):
    """A fresh database on the session's cluster, owned by a new login role with CREATEROLE
    (`.url`: its URL without a password; the password is in this test's .pgpass, PGPASSFILE).
    Dropped afterwards with every role the test created (group roles, members' logins)."""
    import pgcluster

    before = pgcluster.roles(pg_cluster)
    name = f"t{next(_databases)}_{os.getpid()}"
    pgpass = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PGSERVICE", raising=False)
    database = pgcluster.create_database(pg_cluster, name, pgpass)
    try:
        yield database
    finally:
        pgcluster.drop_database(pg_cluster, name, before)
