"""Import benchmark: N synthetic ~400-word articles as .txt files, through the real import.

    .venv/bin/python bench/bench_import.py [N] [--project PATH] [--workers W] [--clean] [--arclean]

Writes N articles (bench/corpus.py, built from the seed sentences) to a temporary folder, then
runs `annotator.importing_plain.import_documents` (the code path of `annotator import`,
search index included) into a new project, and prints documents/s and the peak memory (RSS) of
the whole process tree. Target: >= 5,000 documents/s, peak < 300 MB for N = 100,000.
`--project PATH` keeps the project (for bench/bench_search.py). The file generation is not timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.importing_plain import import_documents  # noqa: E402
from annotator.store import Project  # noqa: E402


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def write_corpus(folder: Path, n: int, seed: int) -> int:
    """Write the articles in sub-folders of 1,000 files; returns the bytes written."""
    total = 0
    for i, text in enumerate(articles(n, seed)):
        sub = folder / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir()
        data = text.encode("utf-8")
        (sub / f"article_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run(
    n: int,
    project_path: Path,
    workers: int | None,
    clean: bool,
    seed: int = 0,
    arclean: bool = False,
) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        started = time.perf_counter()
        size = write_corpus(folder, n, seed)
        generated = time.perf_counter() - started
        project = Project.create(project_path)
        started = time.perf_counter()
        report = import_documents(
            project,
            [folder],
            clean=clean,
            workers=workers,
            **({"arclean": True} if arclean else {}),
        )
        elapsed = time.perf_counter() - started
        project.close()
    own, children = peak_rss_mb()
    return {
        "documents": n,
        "added": report.added,
        "duplicates": len(report.duplicates),
        "corpus_mb": size / 1e6,
        "generate_s": generated,
        "import_s": elapsed,
        "docs_per_s": n / elapsed,
        "peak_rss_main_mb": own,
        "peak_rss_child_mb": children,
        "project_mb": project_path.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--project", type=Path, help="keep the project here (must not exist)")
    parser.add_argument("--workers", type=int, default=None, help="reader processes (0: none)")
    parser.add_argument("--clean", action="store_true", help="import with clean=True")
    parser.add_argument("--arclean", action="store_true", help="import with arclean=True")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-project-") as tmp:
        path = args.project or Path(tmp) / "bench.sqlite"
        result = run(args.n, path, args.workers, args.clean, args.seed, args.arclean)
    print(f"documents:        {result['documents']:,} ({result['corpus_mb']:.0f} MB of UTF-8 text)")
    print(f"added:            {result['added']:,} (duplicates skipped: {result['duplicates']:,})")
    print(
        f"import time:      {result['import_s']:.1f} s"
        f" (file generation {result['generate_s']:.1f} s)"
    )
    print(f"throughput:       {result['docs_per_s']:,.0f} documents/s   (target >= 5,000)")
    total = result["peak_rss_main_mb"] + result["peak_rss_child_mb"]
    print(
        f"peak RSS:         {total:.0f} MB = main {result['peak_rss_main_mb']:.0f} MB"
        f" + largest child {result['peak_rss_child_mb']:.0f} MB   (target < 300 MB)"
    )
    print(f"project file:     {result['project_mb']:.0f} MB")


if __name__ == "__main__":
    main()
