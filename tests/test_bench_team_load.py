"""bench/team_load.py (issue 18's load script) with tiny numbers against the test cluster: its
"nothing lost" verdict and its figures' keys; and that its check sees loss, doubles and
strangers. No timing is asserted."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "team_load.py"

KEYS = {
    "postgresql",
    "annotators",
    "annotations",
    "burst",
    "documents",
    "syncs",
    "units_pushed",
    "sync_seconds",
    "sync_cpu_seconds",
    "wall_seconds",
    "server_cpu_seconds",
    "annotators_cpu_seconds",
    "idle_sync",
    "counts",
    "problems",
    "nothing_lost",
}


@functools.cache
def load_script():
    spec = importlib.util.spec_from_file_location("bench_team_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_two_annotators_lose_nothing(pg_database, tmp_path):
    team_load = load_script()
    args = team_load.parse_args(
        ["--annotators", "2", "--annotations", "20", "--burst", "7", "--documents", "5"]
        + ["--keep", str(tmp_path / "kept")]
    )
    result = team_load.run(args, database=pg_database)
    assert KEYS <= result.keys()
    json.dumps(result)  # --json prints it
    assert result["problems"] == [] and result["nothing_lost"] is True
    assert result["syncs"] == 2 * 3  # bursts of 7, 7 and 6
    assert result["counts"]["acknowledged"] == result["counts"]["server"] == 40
    assert result["counts"]["lead"] == result["counts"]["lead_distinct"] == 40
    assert result["counts"]["annotator_min"] == result["counts"]["annotator_max"] == 20
    assert {"p50", "p95", "max"} <= result["sync_seconds"].keys()
    assert result["postgresql"].split(".")[0] == str(pg_database.cluster.version)
    kept = {path.name for path in (tmp_path / "kept").iterdir()}
    assert {"lead.sqlite", "a00.sqlite", "a01.sqlite", "a00.json", "a01.json"} <= kept


def test_the_check_sees_loss_doubles_and_strangers():
    team_load = load_script()
    acknowledged = {"a00": {"u1", "u2"}, "a01": {"u3"}}
    assert team_load._compare("server", {"a00": ["u1", "u2"], "a01": ["u3"]}, acknowledged) == []
    problems = team_load._compare(
        "server", {"a00": ["u1", "u1"], "a01": ["u3", "u9"], "gold": ["u4"]}, acknowledged
    )
    assert problems == [
        "server: a00 has 1 uuid(s) twice",
        "server: a00 lacks 1 acknowledged annotation(s)",
        "server: a01 has 1 annotation(s) never acknowledged",
        "server: annotations of unexpected members ['gold']",
    ]
