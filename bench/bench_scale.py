"""Corpus scale: articles/s of `geomap extract` with --workers 1, --workers 2 and a two-worker
Dask cluster on the same corpus, peak memory per process, and the projected time for a
million articles.

Each figure is one whole `geomap extract` command, start to end (pipeline loads included);
the Dask cluster (`dask scheduler` and two `dask worker --nthreads 1` on 127.0.0.1) is started
before its timing starts, and its workers load the pipeline during the timed run, as the
local workers do. The three outputs are compared byte for byte.

Run: .venv/bin/python bench/bench_scale.py [CORPUS.jsonl] [--repeat K] [--rounds R]
                                            [--partition-size N]
(default corpus: ../shared/eval/geowebnews.jsonl, read at run time, repeated twice.)
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geowebnews.jsonl"
BIN = Path(sys.executable).parent


def _peak_rss_mb(pid: int) -> float | None:
    """The kernel's high-water mark of a process's resident memory (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class PeakMemory:
    """Polls a set of process trees and keeps each process's peak RSS (and its command)."""

    def __init__(self, roots: list[int]) -> None:
        self.roots = roots
        self.peaks: dict[int, tuple[float, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            for root in self.roots:
                try:
                    tree = [psutil.Process(root), *psutil.Process(root).children(recursive=True)]
                except psutil.Error:
                    continue
                for process in tree:
                    peak = _peak_rss_mb(process.pid)
                    if peak is None:
                        continue
                    try:
                        command = " ".join(process.cmdline()[1:4])
                    except psutil.Error:
                        command = "?"
                    self.peaks[process.pid] = (peak, command)
            self._stop.wait(0.2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tree_cpu_seconds(roots: list[int]) -> float:
    """User + system CPU time of the running processes under ``roots`` (cluster workers)."""
    import psutil

    total = 0.0
    for root in roots:
        try:
            for process in [psutil.Process(root), *psutil.Process(root).children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    label: str
    cores: int
    seconds: float
    cpu_seconds: float
    memory: PeakMemory
    output: bytes = b""
    summary: str = ""


def _timed_extract(label: str, cores: int, args: list[str], extra_roots: list[int]) -> Run:
    """One whole `geomap extract`: wall time, CPU time of every process it used, memory."""
    cpu_before = _children_cpu_seconds() + _tree_cpu_seconds(extra_roots)
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "geomap"), "extract", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakMemory([process.pid, *extra_roots]) as memory:
        _stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    cpu = _children_cpu_seconds() + _tree_cpu_seconds(extra_roots) - cpu_before
    if process.returncode != 0:
        sys.exit(f"geomap extract {' '.join(args)} failed:\n{stderr}")
    return Run(label, cores, seconds, cpu, memory, summary=stderr.strip().splitlines()[-1])


def _start_cluster(folder: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = str(BIN / "dask")
    log = (folder / "cluster.log").open("wb")
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port",
                                   address.rsplit(":", 1)[1], "--no-dashboard"],
                                  stdout=log, stderr=subprocess.STDOUT)]
    for number in (1, 2):
        processes.append(subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
             "--local-directory", str(folder / f"worker{number}")],
            stdout=log, stderr=subprocess.STDOUT))
    with Client(address, timeout="60s", set_as_default=False) as client:
        client.wait_for_workers(2, timeout=120)
    return address, processes


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=2, help="copies of the corpus to parse")
    parser.add_argument("--partition-size", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs per mode")
    options = parser.parse_args()
    if not options.corpus.is_file():
        print(f"corpus not found: {options.corpus}")
        return
    lines = [line for line in options.corpus.read_text(encoding="utf-8").splitlines() if line]
    articles = len(lines) * options.repeat
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        corpus.write_text("\n".join(lines * options.repeat) + "\n", encoding="utf-8")
        common = ["--jsonl", str(corpus), "--partition-size", str(options.partition_size)]
        # The fixed cost of one process (start, load the pipeline, parse one article), so the
        # projection for a million articles uses the steady rate, not this run's start-up.
        one = folder / "one.jsonl"
        one.write_text(lines[0] + "\n", encoding="utf-8")
        startup = _timed_extract("start-up", 1, ["--jsonl", str(one), "-o", str(folder / "o")], [])
        # Rounds interleave the three modes, so a burst of other work on the machine does
        # not fall on one mode only; each mode's best round is reported.
        rounds: dict[str, list[Run]] = {}
        for _round in range(options.rounds):
            for cores in (1, 2):
                out = folder / f"out-{cores}.jsonl"
                run = _timed_extract(f"--workers {cores}", cores,
                                     [*common, "-o", str(out), "--workers", str(cores)], [])
                run.output = out.read_bytes()
                rounds.setdefault(run.label, []).append(run)
            # A fresh cluster each round: its workers load the pipeline inside the timing,
            # as local workers do, and an idle cluster does not slow the local runs.
            address, cluster = _start_cluster(folder)
            try:
                out = folder / "out-dask.jsonl"
                run = _timed_extract("Dask, 2 workers", 2,
                                     [*common, "-o", str(out), "--dask", address],
                                     [p.pid for p in cluster[1:]])
                run.output = out.read_bytes()
                rounds.setdefault(run.label, []).append(run)
            finally:
                _stop(cluster)
        runs = [min(mode_runs, key=lambda run: run.seconds) for mode_runs in rounds.values()]

    print(f"corpus: {options.corpus.name} x{options.repeat} = {articles} articles, "
          f"partitions of {options.partition_size}; {os.cpu_count()} cores; "
          f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
          "(other work on the machine shares these cores)")
    print(f"last summary: {runs[-1].summary}")
    print(f"start-up of one process (load the pipeline, one article): {startup.seconds:.1f} s, "
          f"{startup.cpu_seconds:.1f} CPU s; the projections below leave it out")
    base = runs[0].seconds
    for run in runs:
        rate = articles / run.seconds
        steady = articles / max(run.seconds - startup.seconds, 1e-9) / run.cores
        million_hours = 1_000_000 / steady / 3600
        # Processes that loaded the pipeline (drivers of parallel runs and nannies are small).
        workers = [peak for peak, _command in run.memory.peaks.values() if peak > 150]
        share = run.cpu_seconds / (run.seconds * run.cores)
        print(f"{run.label:16} {run.seconds:6.1f} s  {rate:6.1f} articles/s  "
              f"x{base / run.seconds:4.2f}  peak RSS per worker {max(workers, default=0):4.0f} MB "
              f"({len(workers)} workers)  1M articles: {million_hours:5.1f} h per core  "
              f"| CPU {run.cpu_seconds:5.1f} s = {articles / run.cpu_seconds:4.1f} articles "
              f"per CPU-second; got {share:4.0%} of {run.cores} core(s)")
    if options.rounds > 1:
        for label, mode_runs in rounds.items():
            print(f"  {label:16} every round: "
                  + ", ".join(f"{run.seconds:.1f} s" for run in mode_runs))
    identical = all(run.output == runs[0].output for mode in rounds.values() for run in mode)
    print(f"outputs identical across all runs: {'yes' if identical else 'NO'}")
    print(f"targets: --workers 2 vs --workers 1: {base / runs[1].seconds:.2f}x (goal >= 1.5x); "
          f"Dask vs --workers 2: {runs[1].seconds / runs[2].seconds - 1:+.0%} speed "
          "(goal within -20%)")
    # On a shared machine the wall-clock speed-up shows the cores other work left free; the
    # CPU time each mode needed for the same articles shows what it would be on free cores.
    for run in runs[1:]:
        print(f"{run.label}: CPU time {run.cpu_seconds:.1f} s vs {runs[0].cpu_seconds:.1f} s for "
              f"--workers 1, so on {run.cores} free cores about "
              f"{run.cores * runs[0].cpu_seconds / run.cpu_seconds:.2f}x --workers 1")
    parse_cpu = runs[0].cpu_seconds - startup.cpu_seconds
    if parse_cpu > 0:
        cpu_rate = articles / parse_cpu
        print(f"with a core to itself (CPU time of --workers 1 less start-up): {cpu_rate:.1f} "
              f"articles/s per core, 1M articles in {1_000_000 / cpu_rate / 3600:.1f} h per core")

if __name__ == "__main__":
    main()
