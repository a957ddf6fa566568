"""The package's layout rules that import-linter cannot check alone: only `annotator/store/`
speaks SQL or imports a database driver (sqlite3, psycopg)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"
SQL_CALLS = {"execute", "executemany", "executescript"}
DRIVERS = ("sqlite3", "psycopg")  # SQLite's, and the team server's (PostgreSQL)


def sql_outside_store(package: Path = PACKAGE) -> list[str]:
    """`file:line what` for each import of a database driver and SQL call outside
    `package`/store."""
    found = []
    store = package / "store"
    for path in sorted(p for p in package.rglob("*.py") if store not in p.parents):
        where = path.relative_to(package.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
            ):
                found.append(f"{where}:{node.lineno} .{node.func.attr}(")
                continue
            else:
                continue
            for driver in DRIVERS:
                if any(name == driver or name.startswith(f"{driver}.") for name in names):
                    found.append(f"{where}:{node.lineno} import {driver}")
    return found


def test_only_the_store_speaks_sql():
    assert sql_outside_store() == []


def test_the_check_finds_sql_outside_the_store(tmp_path):
    package = tmp_path / "annotator"
    (package / "store").mkdir(parents=True)
    (package / "store" / "project.py").write_text("import sqlite3\nconn.execute('SELECT 1')\n")
    (package / "team.py").write_text(
        "from sqlite3 import Connection\n\ndef f(project):\n"
        "    project.conn.executemany('INSERT', [])\n"
        "    import psycopg.sql\n"
    )
    assert sql_outside_store(package) == [
        "annotator/team.py:1 import sqlite3",
        "annotator/team.py:5 import psycopg",
        "annotator/team.py:4 .executemany(",
    ]


def test_the_sqlite3_contract_covers_every_module_but_the_store():
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "nothing outside store imports sqlite3"
    ]
    modules = {
        f"annotator.{p.stem if p.is_file() else p.name}"
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py")
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert set(contract["source_modules"]) == modules - {"annotator.store"}
