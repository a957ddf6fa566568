"""The offline guarantee (`annotator.camel.env`): camel-tools' data modules imported through
`import_camel` never connect and never write in the user's home; without `prepare` they would.

Each case runs in a fresh interpreter (camel-tools reads ``CAMELTOOLS_DATA`` and the home
directory once, at import time) with HOME and ANNOTATOR_HOME pointed at temporary folders and
a socket guard installed before anything else is imported: every connection attempt and name
lookup is recorded and refused, so nothing can reach the network even when the guarantee fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.camel.env import MINIMAL_CATALOGUE

GUARD = """\
import json, socket, sys
ATTEMPTS = []
def _refuse(what):
    def refuse(*args, **kwargs):
        ATTEMPTS.append([what, repr(args[:2])])
        raise OSError("network blocked by the test's socket guard")
    return refuse
socket.socket.connect = _refuse("connect")
socket.socket.connect_ex = _refuse("connect_ex")
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
RESULT = {}
try:
"""

REPORT = """
except BaseException as err:
    RESULT["error"] = f"{type(err).__name__}: {err}"
RESULT["attempts"] = ATTEMPTS
print("RESULT=" + json.dumps(RESULT))
"""

DATA_MODULES = (
    "camel_tools.morphology.database",
    "camel_tools.disambig.mle",
    "camel_tools.utils.charmap",
)


def run_guarded(body: str, home: Path, annotator_home: Path, cameltools_data: Path | None):
    """Run `body` (statements filling the dict RESULT) under the socket guard in a fresh
    interpreter; the JSON RESULT, with the guard's "attempts"."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CAMELTOOLS_DATA", "USERPROFILE") and not key.startswith("XDG_")
    }
    env.update(HOME=str(home), ANNOTATOR_HOME=str(annotator_home))
    if cameltools_data is not None:
        env["CAMELTOOLS_DATA"] = str(cameltools_data)
    script = GUARD + textwrap.indent(textwrap.dedent(body), "    ") + REPORT
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT=")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT=") :])


def everything_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture
def dirs(tmp_path):
    home, annotator_home = tmp_path / "home", tmp_path / "annotator-home"
    home.mkdir()
    return home, annotator_home


IMPORT_ALL = f"""
from annotator.camel import env
for name in {DATA_MODULES!r}:
    env.import_camel(name)
import camel_tools.data as data
RESULT["ct_data_dir"] = str(data.CT_DATA_DIR)
RESULT["environ"] = __import__("os").environ.get("CAMELTOOLS_DATA")
RESULT["installed"] = [str(p) for p in env.installed_data_dirs()]
RESULT["data_folder"] = str(env.data_folder())
RESULT["torch"] = "torch" in sys.modules
"""


def test_import_camel_is_offline_and_leaves_home_alone(dirs):
    home, annotator_home = dirs
    result = run_guarded(IMPORT_ALL, home, annotator_home, None)
    assert "error" not in result, result["error"]
    assert result["attempts"] == []
    assert everything_under(home) == []
    folder = Path(result["data_folder"])
    assert folder.is_relative_to(annotator_home)
    assert json.loads((folder / "catalogue.json").read_text(encoding="utf-8")) == (
        MINIMAL_CATALOGUE
    )
    assert Path(result["ct_data_dir"]) == folder
    assert result["environ"] == str(folder)
    # camel-tools' own ~/.camel_tools was made inside the app folder, not in the home
    assert (folder / "home" / ".camel_tools").is_dir()
    assert result["installed"] == []
    assert result["torch"] is False


def test_a_users_cameltools_data_with_a_catalogue_is_used_as_is(dirs, tmp_path):
    home, annotator_home = dirs
    user = tmp_path / "my-camel-data"
    (user / "data" / "morphology_db" / "calima-msa-r13").mkdir(parents=True)
    (user / "catalogue.json").write_text(json.dumps(MINIMAL_CATALOGUE), encoding="utf-8")
    result = run_guarded(IMPORT_ALL, home, annotator_home, user)
    assert "error" not in result, result["error"]
    assert result["attempts"] == []
    assert Path(result["ct_data_dir"]) == user
    assert result["environ"] == str(user)
    assert not (Path(result["data_folder"]) / "catalogue.json").exists()
    assert result["installed"] == [str(user)]
    assert everything_under(home) == []


def test_a_users_cameltools_data_without_a_catalogue_is_searched_for_data_only(dirs, tmp_path):
    home, annotator_home = dirs
    user = tmp_path / "my-camel-data"
    database = user / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
    database.parent.mkdir(parents=True)
    database.write_text("###DEFINES###\n", encoding="utf-8")
    body = IMPORT_ALL + "from annotator.camel import config\n"
    body += "RESULT['morphology_db'] = str(config.morphology_db())\n"
    result = run_guarded(body, home, annotator_home, user)
    assert "error" not in result, result["error"]
    assert result["attempts"] == []
    folder = Path(result["data_folder"])
    assert Path(result["ct_data_dir"]) == folder  # the catalogue comes from the app's folder
    assert (folder / "catalogue.json").is_file()
    assert not (user / "catalogue.json").exists()
    assert result["installed"] == [str(user)]  # but the user's data is found
    assert result["morphology_db"] == str(database)
    assert everything_under(home) == []


def test_without_prepare_camel_tools_would_connect_and_write_in_the_home(dirs):
    """Why `prepare` exists: imported directly, camel_tools.data makes ~/.camel_tools and tries
    to download its catalogue (refused here by the guard, so nothing really connects)."""
    home, annotator_home = dirs
    result = run_guarded("import camel_tools.data\n", home, annotator_home, None)
    assert result["attempts"], "camel-tools no longer tries the network: prepare may go"
    assert "error" in result  # the download failed because the guard refused it
    assert (home / ".camel_tools").is_dir()


def test_the_suites_socket_guard_refuses_beyond_loopback():
    """conftest's `_no_network`: every test runs with it."""
    import socket

    with pytest.raises(ConnectionRefusedError, match="may not"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1: unroutable
    with pytest.raises(ConnectionRefusedError, match="may not look up"):
        socket.getaddrinfo("raw.githubusercontent.com", 443)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with server, socket.create_connection(server.getsockname(), timeout=5):
        pass
