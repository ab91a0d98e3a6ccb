"""`make soak`: a mixed, bounded load against a private QPI cluster for DURATION, sampling
qpictld's resident memory (/proc/PID/status VmRSS), its open file descriptors (/proc/PID/fd)
and a qstat round trip over time, then the least-squares slope of each series per hour.

The load, one cycle after another at most --rate cycles a second: submit a job that runs,
submit a held job and cancel it, read the result of a job submitted earlier, list the queue,
and every fifth cycle book a time slot an hour ahead and cancel it. A leak is a slope and a
net rise above the thresholds in soak_stats.THRESHOLDS, after a warm-up; the run then exits 1.
JSON in bench/results/soak-<time>.json.
"""

import argparse
import collections
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

from localcluster import ROOT, local_cluster
from report import write_report
from soak_stats import THRESHOLDS, summarize


def duration_seconds(text):
    """'90', '90s', '2m', '1h' or '30m' as seconds."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"invalid duration '{text}': expected a number with s, m or h, such as 2m")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def status_value(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for pid {pid}")


class Load:
    """The command mix; counts each operation and its failures."""

    def __init__(self, cluster, bin_dir):
        self.cluster = cluster
        self.bin = bin_dir
        self.ops = collections.Counter()
        self.failures = collections.Counter()
        self.last_error = {}
        self.finished = collections.deque(maxlen=50)

    def run(self, op, *args):
        argv = [os.path.join(self.bin, op.split()[0]), *op.split()[1:], "--conf", self.cluster.conf, *args]
        self.ops[op] += 1
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=self.cluster.env)
        except subprocess.TimeoutExpired:
            self.failures[op] += 1
            self.last_error[op] = "timed out after 60 s"
            return None
        if out.returncode != 0:
            self.failures[op] += 1
            self.last_error[op] = out.stderr.strip()[-300:]
            return None
        return out.stdout.strip()

    def cycle(self, number):
        job = self.run("qsub", "--parsable", self.cluster.job)
        held = self.run("qsub", "--parsable", "--hold", self.cluster.job)
        if held:
            self.run("qcancel", held)
        if len(self.finished) > 5:
            self.run("qresult", self.finished[0])
        if job:
            self.finished.append(job)
        self.run("qstat")
        if number % 5 == 0:
            slot = self.run("qres book", "--qpu", self.cluster.qpus[0], "--start", "now+1h", "--duration", "10m", "--parsable")
            if slot:
                self.run("qres cancel", slot)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=duration_seconds, default=duration_seconds("2m"), help="how long: 90s, 2m, 30m, 1h")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between samples")
    parser.add_argument("--rate", type=float, default=2.0, help="at most this many load cycles a second")
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    args = parser.parse_args()
    if args.duration < 30:
        parser.error("--duration must be at least 30s: the first tenth or 30 s are warm-up")

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    warmup = max(30.0, args.duration / 10)
    series = {"rss_mib": [], "fds": [], "threads": [], "qstat_ms": []}
    stop = threading.Event()

    with local_cluster(bin_dir=args.bin) as cluster:
        pid = cluster.controller_pid
        load = Load(cluster, args.bin)
        qstat = [os.path.join(args.bin, "qstat"), "--conf", cluster.conf, "--noheader"]

        def sample(at):
            series["rss_mib"].append((at, status_value(pid, "VmRSS") / 1024))
            series["threads"].append((at, status_value(pid, "Threads")))
            series["fds"].append((at, len(os.listdir(f"/proc/{pid}/fd"))))
            began = time.perf_counter()
            subprocess.run(qstat, capture_output=True, timeout=60, env=cluster.env)
            series["qstat_ms"].append((at, (time.perf_counter() - began) * 1e3))

        def sampler(start):
            while not stop.is_set():
                sample(time.monotonic() - start)
                stop.wait(args.interval)

        print(f"soak: {args.duration:.0f} s of mixed load on qpictld pid {pid}, a sample every {args.interval:g} s", flush=True)
        start = time.monotonic()
        thread = threading.Thread(target=sampler, args=(start,), daemon=True)
        thread.start()
        number = 0
        try:
            while (elapsed := time.monotonic() - start) < args.duration:
                load.cycle(number)
                number += 1
                time.sleep(max(0.0, number / args.rate - (time.monotonic() - start)))
                if number % 60 == 0:
                    rss = series["rss_mib"][-1][1] if series["rss_mib"] else 0
                    print(f"soak: {elapsed:5.0f} s, {number} cycles, qpictld {rss:.1f} MiB", flush=True)
        finally:
            stop.set()
            thread.join(timeout=70)
        sample(time.monotonic() - start)
        alive = os.path.exists(f"/proc/{pid}")

    summary = summarize(series, warmup)
    leaks = [name for name, entry in summary.items() if entry.get("leak")]
    report = {
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), "duration_seconds": args.duration,
        "warmup_seconds": warmup, "interval_seconds": args.interval, "cycles": number, "controller_survived": alive,
        "operations": dict(load.ops), "failures": dict(load.failures), "last_errors": load.last_error,
        "thresholds": THRESHOLDS, "summary": summary, "leaks": leaks, "series": series,
    }
    print(f"soak: {number} cycles, operations {dict(load.ops)}")
    if load.failures:
        print(f"soak: failures {dict(load.failures)}; last errors {load.last_error}")
    for name, entry in summary.items():
        slope = entry["slope_per_hour"]
        line = (f"  {name:9} {entry['first']:9.2f} -> {entry['last']:9.2f} (min {entry['min']:.2f}, max {entry['max']:.2f}), "
                f"slope {'n/a' if slope is None else f'{slope:+.2f}'}/h")
        if "leak" in entry:
            line += f"  {'LEAK' if entry['leak'] else 'ok'} (limit {entry['threshold']['slope_per_hour']:g}/h and a rise of {entry['threshold']['net_rise']:g})"
        print(line)
    write_report(report, args.out, "soak")
    if leaks or not alive:
        print(f"soak: {'leak in ' + ', '.join(leaks) if leaks else 'qpictld died'}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
