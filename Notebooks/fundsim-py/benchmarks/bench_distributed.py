"""Benchmark: one fundsim run in one process vs the same run as shards on a Dask LocalCluster vs shards by hand.

    python3 benchmarks/bench_distributed.py --fundsim .build/release/fundsim --draws 200 --years 2018 --rounds 3

Alternates the three ways round by round (the machine is noisy) and reports medians and ratios to the
single process, which runs with --threads equal to the cluster's workers (one core each):
- single: `fundsim run --threads W`;
- dask: `fundsim.distributed.run` with a LocalCluster of W single-threaded workers (cluster start included), W shards;
- by hand: W `fundsim run --shard I/W --threads 1` processes at once, then `fundsim merge`.
Also the merge's own wall time and peak memory (max RSS), and checks every output equals the single run's tables.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fundsim
import fundsim.distributed
from fundsim.binary import locate


def tables_equal(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.csv"))
    return names == sorted(p.name for p in b.glob("*.csv")) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fundsim", required=True)
    parser.add_argument("--scenario", default="yunnan-2017")
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--years", default="2018")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    binary = locate(arguments.fundsim)
    w = arguments.workers
    common = [arguments.scenario, "--draws", str(arguments.draws), "--years", arguments.years, "--quiet"]
    times: dict[str, list[float]] = {"single": [], "dask": [], "by hand": [], "merge": []}
    merge_rss: list[int] = []
    with tempfile.TemporaryDirectory(prefix="fundsim-bench-") as scratch:
        root = Path(scratch)
        reference = None
        for round_ in range(arguments.rounds):
            order = ["single", "dask", "by hand"]
            order = order[round_ % 3:] + order[: round_ % 3]  # alternate which way runs first
            for way in order:
                out = root / f"{way.replace(' ', '-')}-{round_}"
                started = time.perf_counter()
                if way == "single":
                    subprocess.run([binary, "run", *common, "--threads", str(w), "--out", str(out)], check=True)
                elif way == "dask":
                    fundsim.distributed.run_shards(["run", *common], shards=w, out=out, fundsim=binary, workers=w, threads=1)
                else:
                    shards = [root / f"shard-{round_}-{i}" for i in range(w)]
                    processes = [subprocess.Popen([binary, "run", *common, "--threads", "1", "--shard", f"{i}/{w}",
                                                   "--out", str(s)]) for i, s in enumerate(shards)]
                    if any(p.wait() != 0 for p in processes):
                        raise SystemExit("a shard failed")
                    merge_started = time.perf_counter()
                    merge = subprocess.Popen([binary, "merge", *map(str, shards), "--quiet", "--out", str(out)])
                    _, status, usage = os.wait4(merge.pid, 0)  # this child's own resource usage
                    merge.returncode = os.waitstatus_to_exitcode(status)
                    if merge.returncode != 0:
                        raise SystemExit(f"merge exited with {merge.returncode}")
                    times["merge"].append(time.perf_counter() - merge_started)
                    merge_rss.append(usage.ru_maxrss)  # KiB on Linux
                elapsed = time.perf_counter() - started
                times[way].append(elapsed)
                if way == "single" and reference is None:
                    reference = out
                elif reference is not None and not tables_equal(out, reference):
                    raise SystemExit(f"{way} round {round_}: tables differ from the single run's")
                print(f"round {round_} {way:8s} {elapsed:8.2f} s", file=sys.stderr, flush=True)
    base = statistics.median(times["single"])
    print(f"{arguments.scenario}, {arguments.draws} draws, years {arguments.years}, {w} workers, {arguments.rounds} rounds (medians)")
    for way in ("single", "dask", "by hand"):
        m = statistics.median(times[way])
        print(f"  {way:8s} {m:8.2f} s  ratio to single {m / base:5.3f}  runs {[round(t, 2) for t in times[way]]}")
    merge = statistics.median(times["merge"])
    print(f"  merge    {merge:8.2f} s  ({merge / statistics.median(times['by hand']):.1%} of the by-hand total)")
    print(f"  merge peak memory (max RSS) {max(merge_rss) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
