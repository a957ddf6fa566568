"""A throwaway PostgreSQL cluster for the tests of the team server (issue 18).

`start_cluster()` runs initdb and pg_ctl in a fresh temporary folder: the server listens on
127.0.0.1 only, on a free port, and on a unix socket in that folder. The superuser `postgres`
connects over the socket without a password (trust, local only); every other role connects over
TCP with a scram-sha-256 password, as team members do on a real server. The cluster runs as an
unprivileged user: when the tests run as root (initdb refuses root), as the `postgres` system
user (`runuser`), with the folder handed to it. Durability is off (fsync, synchronous_commit):
the cluster is thrown away.

`find_bindir()` finds the newest PostgreSQL binaries (Debian's /usr/lib/postgresql/<ver>/bin,
else `pg_config --bindir`, else initdb on PATH); tests/conftest.py skips the server tests
without them, and fails them when the environment variable CI is set (scripts/ensure_postgres.sh
installs them for `make test`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
_DEBIAN = Path("/usr/lib/postgresql")


def find_bindir() -> Path | None:
    """The folder of the newest PostgreSQL server binaries (initdb, pg_ctl), or None."""
    found: list[tuple[int, Path]] = []
    if _DEBIAN.is_dir():
        for path in _DEBIAN.iterdir():
            if path.name.isdigit() and (path / "bin" / "initdb").exists():
                found.append((int(path.name), path / "bin"))
    if found:
        return max(found)[1]
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        bindir = Path(out.stdout.strip())
        if out.returncode == 0 and (bindir / "initdb").exists():
            return bindir
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def require_bindir() -> Path:
    """`find_bindir()`, else skip the test (fail it when the environment variable CI is set:
    CI must run the server tests)."""
    import pytest

    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries not found (scripts/ensure_postgres.sh installs them)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have them", pytrace=False)
        pytest.skip(message)
    return bindir


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> list[str]:
    """The command prefix that runs a server binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SUPERUSER, "--"]
    setpriv = shutil.which("setpriv")
    if setpriv:
        import pwd

        entry = pwd.getpwnam(SUPERUSER)
        return [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]
    raise RuntimeError("running as root, and neither runuser nor setpriv is there to drop it")


@dataclass
class PgCluster:
    """A running throwaway cluster: its folder (data/, the socket, the log) and port."""

    bindir: Path
    folder: Path
    port: int
    version: int = 0
    _prefix: list[str] = field(default_factory=list)
    _watchdog: subprocess.Popen | None = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def log(self) -> str:
        """The server's log so far."""
        return (self.folder / "log").read_text(errors="replace")

    def superuser_url(self, dbname: str = "postgres") -> str:
        """The superuser's URL over the unix socket (trust: no password)."""
        return (
            f"postgresql://{SUPERUSER}@/{quote(dbname)}"
            f"?host={quote(str(self.folder))}&port={self.port}"
        )

    def url(self, user: str, dbname: str) -> str:
        """A member's URL over TCP (no password in it: .pgpass, PGPASSWORD or a prompt)."""
        return f"postgresql://{quote(user)}@127.0.0.1:{self.port}/{quote(dbname)}"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """Run a server binary as the cluster's user; raises with its output when it fails."""
        command = [*self._prefix, str(self.bindir / args[0]), *args[1:]]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        return done

    def watch(self) -> None:
        """Start a watchdog that stops the server and deletes the folder when this process
        ends without `stop` (killed, even with SIGKILL): no cluster outlives its tests."""
        stop = shlex.join(
            [*self._prefix, str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data)]
            + ["-m", "immediate"]
        )
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.folder))}"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives a kill of this process's group
        )

    def stop(self) -> None:
        """Stop the server (immediate mode) and delete the folder; safe to call twice."""
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        if (self.data / "postmaster.pid").exists():
            try:
                self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
            except RuntimeError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(bindir: Path | None = None) -> PgCluster:
    """initdb and start a cluster in a new temporary folder; stops it again if starting fails."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb) found")
    prefix = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    if prefix:
        import pwd

        entry = pwd.getpwnam(SUPERUSER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o755)  # the tests' own processes reach the socket
    cluster = PgCluster(bindir, folder, _free_port(), _prefix=prefix)
    try:
        cluster.run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        )
        (cluster.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
        )
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"port = {cluster.port}\n"
                f"unix_socket_directories = '{folder}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 32MB\n"
                "password_encryption = 'scram-sha-256'\n"
                "log_statement = 'ddl'\n"  # tests read the log: no password in clear
            )
        cluster.run(
            "pg_ctl", "start", "-D", str(cluster.data), "-l", str(folder / "log"), "-w", "-t", "60"
        )
        cluster.watch()
        out = cluster.run("postgres", "--version").stdout
        match = re.search(r"(\d+)", out)
        cluster.version = int(match.group(1)) if match else 0
    except BaseException:
        cluster.stop()
        raise
    return cluster


@dataclass
class PgDatabase:
    """A fresh database of a test, owned by its own login role (the lead who runs `team init`:
    CREATEROLE, not a superuser, so row-level security applies to it). `url` names the owner
    without a password: the password is in the test's own .pgpass file (PGPASSFILE)."""

    cluster: PgCluster
    name: str
    owner: str
    password: str
    pgpass: Path

    @property
    def url(self) -> str:
        return self.cluster.url(self.owner, self.name)

    def url_for(self, login: str) -> str:
        """The URL of the database for another login (its password: `remember` or a prompt)."""
        return self.cluster.url(login, self.name)

    def remember(self, login: str, password: str) -> None:
        """Put `login`'s password for this database in the test's .pgpass file."""
        with self.pgpass.open("a") as out:
            out.write(f"127.0.0.1:{self.cluster.port}:{self.name}:{login}:{password}\n")
        self.pgpass.chmod(0o600)

    def superuser(self):
        """A superuser connection to this database (autocommit; for checks behind RLS)."""
        import psycopg

        return psycopg.connect(self.cluster.superuser_url(self.name), autocommit=True)


def create_database(cluster: PgCluster, name: str, pgpass: Path) -> PgDatabase:
    """A new database `name`, owned by a new login role `<name>_owner` with CREATEROLE."""
    import psycopg
    from psycopg import sql

    owner, password = f"{name}_owner", f"pw-{name}"
    with psycopg.connect(cluster.superuser_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(owner), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )
    database = PgDatabase(cluster, name, owner, password, pgpass)
    pgpass.touch(mode=0o600)
    database.remember(owner, password)
    return database


def roles(cluster: PgCluster) -> set[str]:
    """The names of the cluster's roles."""
    import psycopg

    with psycopg.connect(cluster.superuser_url(), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}


def drop_database(cluster: PgCluster, name: str, keep_roles: set[str]) -> None:
    """Drop the database `name` (closing its connections) and every role not in `keep_roles`."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(cluster.superuser_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        new = [r[0] for r in conn.execute("SELECT rolname FROM pg_roles") if r[0] not in keep_roles]
        for role in new:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
