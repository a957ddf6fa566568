"""Team sync under load (issue 18): N annotators, each adding annotations in bursts and syncing
after each burst, against one throwaway PostgreSQL cluster on this machine.

    .venv/bin/python bench/team_load.py [--annotators 20] [--annotations 1000] [--burst 50]
        [--documents 200] [--overlap 0.1] [--json] [--keep DIR] [--profile]

Everything goes through the real code paths: a cluster from tests/pgcluster.py, a lead's
project of `--documents` synthetic articles (bench/corpus.py) put on it by `team_server.init`,
`add_member` for each annotator, `assign` (`--overlap` of the documents go to everyone, the
rest dealt round-robin), `join` for each. Then one process per annotator (as real desktops):
each adds its annotations `--burst` at a time, a burst in one store transaction (as
`Session.add_annotations` does: `Project.add_annotation` per span), on the words of its
assigned documents in order, and runs `sync.sync_project` after each burst, timing it. The
processes import everything before they start together, so no sync is charged with importing
psycopg.

Printed (or `--json`): sync time p50/p95/max (wall, and the annotator process's own CPU in
it), the number of syncs, the wall time of the load, the server's CPU time during it (utime +
stime of the postmaster and its children from /proc, reaped backends included through the
postmaster's cutime/cstime), the annotators' CPU time, the PostgreSQL version, and the check
"nothing lost": after a final sync of every annotator and then of the lead, every annotation
an annotator process acknowledged is on the server under its member, in the lead's project
and in the annotator's own project, no uuid twice, counts = annotators x annotations, no
conflicts. Exit status 1 when that check fails.

`--profile`: the server counts statements (pg_stat_statements; the top ones by total time are
printed) and the first annotator's syncs run under cProfile (its top functions printed).
`--keep DIR`: the projects, each annotator's results and the profile stay in DIR (the
cluster is always stopped and removed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from annotator.model import DocRecord  # noqa: E402
from annotator.store.project import Project  # noqa: E402

LABEL = "ACTOR"
DATABASE = "teamload"  # the database of a cluster of our own
IDLE_SYNCS = 10
_WORD = re.compile(r"\S+")


def member_name(i: int) -> str:
    return f"a{i:02d}"


def login_of(database: str, name: str) -> str:
    """A member's login: role names are the cluster's, so prefixed by the database's name."""
    return f"{database}_{name}"


# ------------------------------------------------------------------ statistics


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100) of `values` (0.0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 4),
        "p95": round(percentile(values, 95), 4),
        "max": round(max(values, default=0.0), 4),
        "mean": round(sum(values) / len(values), 4) if values else 0.0,
    }


# ------------------------------------------------------------------ server CPU from /proc

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (field 3 onwards), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def server_cpu_seconds(postmaster: int) -> float:
    """CPU seconds (user + system) used so far by the postmaster, the children it reaped
    (exited backends: cutime + cstime) and its live children."""
    fields = _stat(postmaster)
    if fields is None:
        raise RuntimeError(f"no postmaster process {postmaster}")
    # fields[0] is the state (field 3): utime is field 14, stime 15, cutime 16, cstime 17
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        child = _stat(int(entry.name))
        if child is not None and int(child[1]) == postmaster:  # field 4: the parent's pid
            ticks += int(child[11]) + int(child[12])
    return ticks / _TICK


def postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().split()[0])


# ------------------------------------------------------------------ one annotator's process


def spans_plan(project: Project, count: int) -> list[tuple[int, int, int]]:
    """(document id, start, end) of `count` annotations: the words of the annotator's documents
    in order, an equal share of each document (a word twice when a document is short)."""
    documents = project.document_ids()
    per_document = math.ceil(count / len(documents))
    plan: list[tuple[int, int, int]] = []
    for document_id in documents:
        words = [m.span() for m in _WORD.finditer(project.document_text(document_id))]
        plan += [(document_id, *words[i % len(words)]) for i in range(per_document)]
    return plan[:count]


def worker(path: Path, name: str, annotations: int, burst: int, out: Path, profile: bool) -> int:
    """Add `annotations` in bursts of `burst`, syncing after each; write what happened (the
    acknowledged uuids, each sync's times and counts) to `out` as JSON."""
    import annotator.store.pg.remote  # noqa: F401  (psycopg: imported now, not in the 1st sync)
    from annotator.sync import sync_project

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with Project.open(path) as project:
        plan = spans_plan(project, annotations)
        print("ready", flush=True)
        sys.stdin.readline()  # everyone starts together
        started, cpu_started = time.monotonic(), time.process_time()
        acknowledged: list[str] = []
        syncs: list[dict[str, Any]] = []
        for first in range(0, len(plan), burst):
            with project.transaction():  # one burst, as Session.add_annotations
                added = [
                    project.add_annotation(doc, name, LABEL, start, end)
                    for doc, start, end in plan[first : first + burst]
                ]
            acknowledged += [a.uuid for a in added]
            wall, cpu = time.monotonic(), time.process_time()
            if profiler is not None:
                profiler.enable()
            report = sync_project(path)
            if profiler is not None:
                profiler.disable()
            syncs.append(
                {
                    "seconds": time.monotonic() - wall,
                    "cpu": time.process_time() - cpu,
                    "pushed": report.pushed,
                    "pulled": report.pulled,
                    "pending": report.pending,
                    "conflicts": len(report.conflicts),
                }
            )
        elapsed, cpu_used = time.monotonic() - started, time.process_time() - cpu_started
    if profiler is not None:
        profiler.dump_stats(str(out.with_suffix(".prof")))
    result = {
        "name": name,
        "seconds": elapsed,
        "cpu": cpu_used,
        "acknowledged": acknowledged,
        "syncs": syncs,
    }
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


# ------------------------------------------------------------------ the team


def _enable_statements(cluster: Any, database: Any) -> None:
    """Load pg_stat_statements (a restart) and create it in the team database."""
    with database.superuser() as conn:
        conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    log = str(cluster.folder / "log")  # not the pipe cluster.run reads: it would never close
    cluster.run("pg_ctl", "restart", "-D", str(cluster.data), "-l", log, "-w", "-t", "60")
    with database.superuser() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'")  # inside functions too
        conn.execute("SELECT pg_reload_conf()")
        conn.execute("SELECT pg_stat_statements_reset()")


def _top_statements(database: Any, limit: int = 15) -> list[dict[str, Any]]:
    """The statements the server ran most time on, summed over the members' logins (nested
    ones, e.g. inside the policies' functions, counted too and also inside their caller)."""
    with database.superuser() as conn:
        rows = conn.execute(
            "SELECT sum(calls), sum(total_exec_time), sum(rows), query FROM pg_stat_statements "
            "WHERE query NOT LIKE '%%pg_stat_statements%%' GROUP BY query "
            "ORDER BY sum(total_exec_time) DESC LIMIT %s",
            (limit,),
        ).fetchall()
        total = conn.execute(
            "SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0) "
            "FROM pg_stat_statements WHERE toplevel"
        ).fetchone()
    top = [
        {
            "calls": int(c),
            "ms": round(float(ms), 1),
            "rows": int(r),
            "query": " ".join(q.split())[:150],
        }
        for c, ms, r, q in rows
    ]
    return [{"calls": int(total[0]), "ms": round(float(total[1]), 1), "query": "(top level)"}, *top]


def _server_uuids(database: Any) -> dict[str, list[str]]:
    """Every annotation uuid on the server, per member (read as the superuser, past RLS)."""
    found: dict[str, list[str]] = {}
    with database.superuser() as conn:
        for member, uuid in conn.execute("SELECT member, uuid::text FROM annotator.annotations"):
            found.setdefault(member, []).append(uuid)
    return found


def _local_uuids(path: Path, annotator: str | None) -> dict[str, list[str]]:
    """Every annotation uuid in a project (of `annotator`, or everyone's), per annotator."""
    found: dict[str, list[str]] = {}
    with Project.open(path) as project:
        for document_id in project.document_ids():
            for a in project.annotations(document_id, annotator):
                found.setdefault(a.annotator, []).append(a.uuid)
    return found


def _compare(
    where: str, found: dict[str, list[str]], acknowledged: dict[str, set[str]]
) -> list[str]:
    """What is wrong in `found` against what the annotators acknowledged (empty: all well)."""
    problems = []
    for name, wanted in sorted(acknowledged.items()):
        have = found.get(name, [])
        if len(have) != len(set(have)):
            problems.append(f"{where}: {name} has {len(have) - len(set(have))} uuid(s) twice")
        missing, extra = wanted - set(have), set(have) - wanted
        if missing:
            problems.append(f"{where}: {name} lacks {len(missing)} acknowledged annotation(s)")
        if extra:
            problems.append(f"{where}: {name} has {len(extra)} annotation(s) never acknowledged")
    others = set(found) - set(acknowledged)
    if others:
        problems.append(f"{where}: annotations of unexpected members {sorted(others)}")
    return problems


def run(args: argparse.Namespace, database: Any = None) -> dict[str, Any]:
    """Set up the team, run the load, check it; the figures. `database`: a
    `pgcluster.PgDatabase` to use (its cluster is left running; PGPASSFILE must name its
    pgpass file), else a cluster of our own is started and stopped."""
    import pgcluster

    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise SystemExit(f"--keep {folder}: not empty (give a new or empty folder)")
    else:
        temporary = tempfile.TemporaryDirectory(prefix="team-load-")
        folder = Path(temporary.name)
    try:
        if database is not None:
            return _run(args, folder, database)
        pgpass = folder / "pgpass"
        os.environ["PGPASSFILE"] = str(pgpass)  # the annotators' processes inherit it
        for variable in ("PGPASSWORD", "PGSERVICE"):
            os.environ.pop(variable, None)
        cluster = pgcluster.start_cluster()
        try:
            database = pgcluster.create_database(cluster, DATABASE, pgpass)
            if args.profile:
                _enable_statements(cluster, database)
            return _run(args, folder, database)
        finally:
            cluster.stop()
    finally:
        if not args.keep:
            temporary.cleanup()


def _run(args: argparse.Namespace, folder: Path, database: Any) -> dict[str, Any]:
    import corpus

    from annotator import team_server
    from annotator.sync import sync_project

    names = [member_name(i) for i in range(args.annotators)]
    load, began = os.getloadavg(), time.time()
    workers: list[subprocess.Popen] = []
    try:
        with database.superuser() as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]

        setup = time.monotonic()
        lead = folder / "lead.sqlite"
        with Project.create(lead) as project:
            project.add_documents(
                DocRecord(text=text, name=f"article{n:04d}")
                for n, text in enumerate(corpus.articles(args.documents, seed=18))
            )
        team_server.init(lead, database.url, lead="lead")
        for name in names:
            password = f"pw-{name}"
            login = login_of(database.name, name)
            team_server.add_member(lead, name, login=login, new_password=password)
            database.remember(login, password)
        team_server.assign(lead, names, overlap=args.overlap, seed=1)
        projects = {}
        for name in names:
            projects[name] = folder / f"{name}.sqlite"
            team_server.join(database.url_for(login_of(database.name, name)), projects[name])
        setup_seconds = time.monotonic() - setup

        # the load: one process per annotator, started together
        results = {name: folder / f"{name}.json" for name in names}
        workers += [
            subprocess.Popen(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--worker",
                    str(projects[name]),
                    name,
                    "--annotations",
                    str(args.annotations),
                    "--burst",
                    str(args.burst),
                    "--out",
                    str(results[name]),
                    *(["--profile"] if args.profile and i == 0 else []),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for i, name in enumerate(names)
        ]
        for process in workers:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError(f"an annotator process failed to start ({process.args})")
        postmaster = postmaster_pid(database.cluster.data)
        cpu_before = server_cpu_seconds(postmaster)
        load_start = os.getloadavg()
        started = time.monotonic()
        for process in workers:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        failed = [process.args for process in workers if process.wait() != 0]
        wall = time.monotonic() - started
        cpu_after = server_cpu_seconds(postmaster)
        if failed:
            raise RuntimeError(f"{len(failed)} annotator process(es) failed: {failed[0]}")
        statements = _top_statements(database) if args.profile else []

        # the check: a final sync of everyone, then of the lead
        done = {name: json.loads(results[name].read_text(encoding="utf-8")) for name in names}
        acknowledged = {name: set(done[name]["acknowledged"]) for name in names}
        conflicts = sum(s["conflicts"] for d in done.values() for s in d["syncs"])
        final_pending = 0
        for name in names:
            report = sync_project(projects[name])
            conflicts += len(report.conflicts)
            final_pending += report.pending
        lead_report = sync_project(lead)
        conflicts += len(lead_report.conflicts)
        server = _server_uuids(database)
        in_lead = _local_uuids(lead, None)
        problems = _compare("server", server, acknowledged) + _compare(
            "lead's project", in_lead, acknowledged
        )
        for name in names:
            problems += _compare(
                f"{name}'s project", _local_uuids(projects[name], name), {name: acknowledged[name]}
            )
        expected = args.annotators * args.annotations
        counts = {
            "expected": expected,
            "acknowledged": sum(len(v) for v in acknowledged.values()),
            "server": sum(len(v) for v in server.values()),
            "server_distinct": len({u for v in server.values() for u in v}),
            "lead": sum(len(v) for v in in_lead.values()),
            "lead_distinct": len({u for v in in_lead.values() for u in v}),
            "annotator_min": min(len(v) for v in acknowledged.values()),
            "annotator_max": max(len(v) for v in acknowledged.values()),
        }
        if counts["acknowledged"] != expected:
            problems.append(f"the annotators acknowledged {counts['acknowledged']}, not {expected}")
        if conflicts:
            problems.append(f"{conflicts} conflict(s) reported")
        if final_pending:
            problems.append(f"{final_pending} unit(s) still pending after the final syncs")
        idle = _idle_syncs(projects[names[0]], postmaster)
    finally:
        for process in workers:  # only after a failure: a process still running is ended
            if process.poll() is None:
                process.kill()
                process.wait()

    syncs = [s for d in done.values() for s in d["syncs"]]
    result: dict[str, Any] = {
        "postgresql": version,
        "annotators": args.annotators,
        "annotations": args.annotations,
        "burst": args.burst,
        "documents": args.documents,
        "overlap": args.overlap,
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(began)),
        "load_before": [round(x, 2) for x in load],
        "load_at_start": [round(x, 2) for x in load_start],
        "setup_seconds": round(setup_seconds, 2),
        "syncs": len(syncs),
        "units_pushed": sum(s["pushed"] for s in syncs),
        "sync_seconds": summary([s["seconds"] for s in syncs]),
        "sync_cpu_seconds": summary([s["cpu"] for s in syncs]),
        "wall_seconds": round(wall, 2),
        "server_cpu_seconds": round(cpu_after - cpu_before, 2),
        "annotators_cpu_seconds": round(sum(d["cpu"] for d in done.values()), 2),
        "annotators_sync_cpu_seconds": round(sum(s["cpu"] for s in syncs), 2),
        "idle_sync": idle,
        "counts": counts,
        "problems": problems,
        "nothing_lost": not problems,
    }
    if args.profile:
        result["statements"] = statements
        result["profile"] = _profile_text(results[names[0]].with_suffix(".prof"))
    return result


def _idle_syncs(path: Path, postmaster: int) -> dict[str, float]:
    """The fixed cost of a sync with nothing to send or fetch, one after another in this
    process (the load over): its wall time, client CPU and server CPU, each a mean."""
    from annotator.sync import sync_project

    wall, cpu, server = time.monotonic(), time.process_time(), server_cpu_seconds(postmaster)
    for _ in range(IDLE_SYNCS):
        sync_project(path)
    time.sleep(0.1)  # the last backend exits and is reaped (its CPU into the postmaster's)
    return {
        "seconds": round((time.monotonic() - wall - 0.1) / IDLE_SYNCS, 4),
        "client_cpu": round((time.process_time() - cpu) / IDLE_SYNCS, 4),
        "server_cpu": round((server_cpu_seconds(postmaster) - server) / IDLE_SYNCS, 4),
    }


def _profile_text(path: Path, limit: int = 25) -> str:
    import io
    import pstats

    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def print_result(result: dict[str, Any]) -> None:
    sync, cpu = result["sync_seconds"], result["sync_cpu_seconds"]
    counts = result["counts"]
    print(
        f"PostgreSQL {result['postgresql']}; {result['annotators']} annotators x "
        f"{result['annotations']} annotations in bursts of {result['burst']}, "
        f"{result['documents']} documents (overlap {result['overlap']}); "
        f"started {result['started']}, load {result['load_at_start']}"
    )
    print(f"setup (init, add-member, assign, join): {result['setup_seconds']:.1f} s")
    print(
        f"syncs: {result['syncs']} ({result['units_pushed']} units pushed); sync time "
        f"p50 {sync['p50'] * 1000:.0f} ms, p95 {sync['p95'] * 1000:.0f} ms, "
        f"max {sync['max'] * 1000:.0f} ms; its client CPU p50 {cpu['p50'] * 1000:.0f} ms, "
        f"p95 {cpu['p95'] * 1000:.0f} ms"
    )
    print(
        f"wall time {result['wall_seconds']:.1f} s; server CPU "
        f"{result['server_cpu_seconds']:.1f} s; annotator processes' CPU "
        f"{result['annotators_cpu_seconds']:.1f} s (of it in sync "
        f"{result['annotators_sync_cpu_seconds']:.1f} s)"
    )
    print(
        f"annotations: {counts['acknowledged']} acknowledged, {counts['server']} on the server "
        f"({counts['server_distinct']} distinct), {counts['lead']} in the lead's project "
        f"({counts['lead_distinct']} distinct); per annotator {counts['annotator_min']}-"
        f"{counts['annotator_max']}"
    )
    idle = result["idle_sync"]
    print(
        f"a sync with nothing to do, alone: {idle['seconds'] * 1000:.0f} ms, client CPU "
        f"{idle['client_cpu'] * 1000:.0f} ms, server CPU {idle['server_cpu'] * 1000:.0f} ms"
    )
    for problem in result["problems"]:
        print(f"PROBLEM: {problem}")
    print("nothing lost: " + ("yes" if result["nothing_lost"] else "NO"))
    for row in result.get("statements", []):
        print(f"{row['calls']:>8} calls {row['ms']:>10.1f} ms  {row['query']}")
    if result.get("profile"):
        print(result["profile"])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--annotations", type=int, default=1000, help="per annotator")
    parser.add_argument("--burst", type=int, default=50, help="annotations between two syncs")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--overlap", type=float, default=0.1, help="share given to everyone")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", metavar="DIR", help="keep the projects and results in DIR")
    parser.add_argument("--profile", action="store_true", help="count statements, profile a00")
    parser.add_argument("--worker", nargs=2, metavar=("PROJECT", "NAME"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.annotators < 1 or args.annotations < 1 or args.burst < 1 or args.documents < 1:
        parser.error("--annotators, --annotations, --burst and --documents must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        path, name = args.worker
        return worker(Path(path), name, args.annotations, args.burst, args.out, args.profile)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_result(result)
    return 0 if result["nothing_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
