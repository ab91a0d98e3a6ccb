"""`make bench-slurm`: the same measures on QPI and on a real Slurm, in one run on this machine.

QPI: a private cluster (release build, munged, qpictld, two qpid with the native simulator)
from localcluster.py. Slurm: Debian's slurm-wlm on 127.0.0.1 from bench/slurm/loopback
(munged, slurmctld, one slurmd with two CPUs). Each side is driven through its commands, so
both pay process start-up and munge alike: qsub/sbatch, qstat/squeue and scontrol, qcancel/
scancel. The trivial job is a one-qubit one-shot circuit for QPI and `sbatch --wrap true`
for Slurm. Queues of 10,000 and 100,000 held jobs are filled in bulk (qpi-bench for QPI,
parallel sbatch for Slurm) and only their listing is timed. Start-up is `qstat --version`
against `squeue --version`, each also as a multiple of `/bin/true` timed beside it.

--before BIN measures an earlier build's programs as a third side in the same run, so a
change's effect is read against the same Slurm on the same machine state.

Writes bench/results/compare-<time>.json, the ratio table as compare-<time>.md next to it
(and prints it), and compare-<time>.png with the latency distributions. Every wait has a
deadline; both sides' daemons are stopped by pid file when the run ends, however it ends.
"""

import argparse
import getpass
import concurrent.futures
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from compare_table import markdown, rows
from localcluster import ROOT, free_port, local_cluster, rss_bytes

COMMAND_TIMEOUT = 120
MIB = 2**20


def log(message):
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else None


class Side:
    """One scheduler driven through its commands; subclasses name the commands."""

    name = ""

    def __init__(self, env, cwd):
        self.env = env
        self.cwd = cwd

    def run(self, argv, timeout=COMMAND_TIMEOUT):
        return subprocess.run(argv, env=self.env, cwd=self.cwd, capture_output=True, text=True, timeout=timeout, check=True)

    def timed(self, argv):
        start = time.perf_counter()
        out = self.run(argv)
        return time.perf_counter() - start, out.stdout

    def submit(self, hold):
        """Seconds the submit command took, and the job id it printed."""
        seconds, out = self.timed(self.submit_argv(hold))
        return seconds, out.strip().split(";")[0]

    def queue_length(self):
        return len(self.run(self.count_argv()).stdout.split())

    def wait_empty(self, deadline):
        """Polls the queue until it is empty or the deadline passes; returns the jobs left."""
        while True:
            left = self.queue_length()
            if left == 0 or time.monotonic() >= deadline:
                return left
            time.sleep(0.1)

    def job_state(self, job):
        text = self.run(self.state_argv(job)).stdout
        for word in text.split():
            if word.startswith("JobState="):
                return word.split("=", 1)[1]
        return "UNKNOWN"

    def clear(self):
        self.run(self.cancel_argv())
        left = self.wait_empty(time.monotonic() + 120)
        if left:
            raise RuntimeError(f"{self.name}: {left} jobs still queued 120 s after cancelling them all")


class QPI(Side):
    name = "QPI"

    def __init__(self, cluster, bin_dir, driver):
        super().__init__(cluster.env, cluster.directory)
        self.cluster = cluster
        self.bin = bin_dir
        self.driver = driver

    def tool(self, name, *args):
        return [os.path.join(self.bin, name), "--conf", self.cluster.conf, *args]

    def submit_argv(self, hold):
        return self.tool("qsub", "--parsable", *(["--hold"] if hold else []), self.cluster.job)

    def version_argv(self):
        return [os.path.join(self.bin, "qstat"), "--version"]

    def count_argv(self):
        return self.tool("qstat", "--noheader", "--parsable")

    def state_argv(self, job):
        return self.tool("qstat", "-j", job)

    def list_argv(self):
        return self.tool("qstat")

    def cancel_argv(self):
        return self.tool("qcancel", "-u", getpass.getuser())

    def fill(self, target, deadline):
        missing = target - self.queue_length()
        if missing > 0:
            argv = [self.driver, "submit", "--count", str(missing), "--clients", "8", "--hold", "--conf", self.cluster.conf, self.cluster.job]
            self.run(argv, timeout=max(10, deadline - time.monotonic()))
        return self.queue_length()

    def daemon_pids(self):
        return {"qpictld": [self.cluster.controller_pid], "qpid": self.cluster.node_pids}


class Slurm(Side):
    name = "Slurm"

    def __init__(self, directory, env):
        super().__init__(env, os.path.join(directory, "work"))
        self.directory = directory

    def submit_argv(self, hold):
        return ["sbatch", "--parsable", *(["--hold"] if hold else []), "--wrap", "true"]

    def version_argv(self):
        return ["squeue", "--version"]

    def count_argv(self):
        return ["squeue", "-h", "-o", "%i"]

    def state_argv(self, job):
        return ["scontrol", "-o", "show", "job", job]

    def list_argv(self):
        return ["squeue"]

    def cancel_argv(self):
        return ["scancel", "-u", getpass.getuser()]

    def fill(self, target, deadline):
        """Parallel sbatch --hold until the queue holds `target` jobs or the deadline passes:
        Slurm has no bulk submission of separate jobs (an array is one record until it runs)."""
        missing = target - self.queue_length()

        # A refused sbatch (slurmctld busy) is retried by the loop; the count read at the end says
        # how full the queue got.
        def worker(count):
            done = 0
            while done < count and time.monotonic() < deadline:
                try:
                    self.run(self.submit_argv(hold=True))
                    done += 1
                except subprocess.CalledProcessError:
                    time.sleep(0.1)

        if missing > 0:
            clients = 8
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                shares = [missing // clients + (1 if i < missing % clients else 0) for i in range(clients)]
                for future in [pool.submit(worker, share) for share in shares]:
                    future.result()
        return self.queue_length()

    def daemon_pids(self):
        pids = {}
        for name in ("slurmctld", "slurmd"):
            with open(os.path.join(self.directory, "run", f"{name}.pid")) as f:
                pids[name] = [int(f.read().strip())]
        return pids


def daemon_rss(side):
    per = {name: sum(rss_bytes(pid) for pid in pids) for name, pids in side.daemon_pids().items()}
    return sum(per.values()) / MIB, {name: value / MIB for name, value in per.items()}


def startup(side, runs):
    """Median milliseconds of the side's `--version` and of `/bin/true`, interleaved so that
    both see the same machine."""
    version, true = [], []
    for _ in range(runs):
        version.append(side.timed(side.version_argv())[0])
        true.append(side.timed(["/bin/true"])[0])
    return statistics.median(version) * 1e3, statistics.median(true) * 1e3


def measure(side, args):
    """Every measure on one side, in one fixed order; returns (measures, latency samples)."""
    m, samples = {}, {}
    time.sleep(2)
    m["rss_idle_mib"], m["rss_idle_per_daemon_mib"] = daemon_rss(side)

    log(f"{side.name}: start-up, {args.startup} runs of --version and of /bin/true")
    m["startup_median_ms"], m["true_median_ms"] = startup(side, args.startup)
    m["startup_over_true"] = m["startup_median_ms"] / m["true_median_ms"]

    log(f"{side.name}: submit latency, {args.latency} held jobs one after another")
    latencies = [side.submit(hold=True)[0] for _ in range(args.latency)]
    samples["submit_latency_ms"] = [s * 1e3 for s in latencies]
    m["submit_latency_median_ms"] = statistics.median(latencies) * 1e3
    m["submit_latency_p95_ms"] = quantile(latencies, 0.95) * 1e3
    side.clear()

    log(f"{side.name}: {args.throughput} held submissions from 1 client, then from 4")
    start = time.perf_counter()
    for _ in range(args.throughput):
        side.submit(hold=True)
    m["submit_sequential_per_s"] = args.throughput / (time.perf_counter() - start)
    side.clear()
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: side.submit(hold=True), range(args.throughput)))
    m["submit_4_clients_per_s"] = args.throughput / (time.perf_counter() - start)
    side.clear()

    log(f"{side.name}: {args.jobs} trivial jobs end to end")
    start = time.perf_counter()
    for _ in range(args.jobs):
        side.submit(hold=False)
    left = side.wait_empty(time.monotonic() + args.phase_seconds)
    m["end_to_end_jobs_per_s"] = (args.jobs - left) / (time.perf_counter() - start)
    m["end_to_end_left"] = left
    if left:
        side.clear()

    log(f"{side.name}: turnaround of {args.turnaround} single jobs")
    turnarounds, failures = [], 0
    for _ in range(args.turnaround):
        start = time.perf_counter()
        _, job = side.submit(hold=False)
        deadline = time.monotonic() + 30
        while (state := side.job_state(job)) not in ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"):
            if time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        if state == "COMPLETED":
            turnarounds.append(time.perf_counter() - start)
        else:
            failures += 1
    side.wait_empty(time.monotonic() + 30)
    samples["turnaround_ms"] = [s * 1e3 for s in turnarounds]
    m["turnaround_median_ms"] = statistics.median(turnarounds) * 1e3 if turnarounds else None
    m["turnaround_p95_ms"] = quantile(turnarounds, 0.95) * 1e3 if turnarounds else None
    m["turnaround_failures"] = failures

    for size, reps in ((10_000, 5), (100_000, 3)):
        if size > args.max_queue:
            continue
        log(f"{side.name}: filling the queue to {size:,} held jobs (at most {args.fill_seconds} s)")
        start = time.perf_counter()
        count = side.fill(size, time.monotonic() + args.fill_seconds)
        m[f"fill_{size}_seconds"] = time.perf_counter() - start
        m[f"list_{size}_jobs"] = count
        times = [side.timed(side.list_argv())[0] for _ in range(reps)]
        m[f"list_{size}_ms"] = statistics.median(times) * 1e3
        m["rss_loaded_mib"], m["rss_loaded_per_daemon_mib"] = daemon_rss(side)
        m["rss_loaded_jobs"] = count
    return m, samples


def plot(samples, path):
    """ECDFs of submit latency and turnaround, QPI against Slurm; skipped without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is missing (scripts/install-deps --bench installs it); no plot")
        return None
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for axis, key, title in zip(axes, ("submit_latency_ms", "turnaround_ms"), ("submit latency", "single-job turnaround")):
        for side, style, name in (("before", ":", "QPI before"), ("qpi", "-", "QPI"), ("slurm", "--", "Slurm")):
            values = sorted(samples.get(side, {}).get(key, []))
            if values:
                axis.step(values, [(i + 1) / len(values) for i in range(len(values))], style, where="post",
                          label=f"{name} (n={len(values)})")
        axis.set_xscale("log")
        axis.set_xlabel("milliseconds (log scale)")
        axis.set_ylabel("fraction of jobs")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path


def machine():
    with open("/proc/meminfo") as f:
        total = int(f.readline().split()[1]) * 1024
    return {
        "cpus": os.cpu_count(), "memory_gib": round(total / 2**30, 1), "kernel": platform.release(),
        "loadavg_start": os.getloadavg(),
    }


def version(argv, env=None):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=20, env=env).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"), help="QPI's release programs")
    parser.add_argument("--bench-driver", required=True, help="path of the qpi-bench executable")
    parser.add_argument("--before", help="an earlier build's release programs, measured as a third side")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    parser.add_argument("--startup", type=int, default=200, help="runs of --version and of /bin/true")
    parser.add_argument("--latency", type=int, default=200, help="submissions timed one by one")
    parser.add_argument("--throughput", type=int, default=1000, help="submissions per throughput measure")
    parser.add_argument("--jobs", type=int, default=1000, help="trivial jobs run end to end")
    parser.add_argument("--turnaround", type=int, default=20, help="single jobs timed submit to completion")
    parser.add_argument("--max-queue", type=int, default=100_000, help="largest queue listed (10000 or 100000)")
    parser.add_argument("--fill-seconds", type=int, default=1500, help="deadline of one queue fill")
    parser.add_argument("--phase-seconds", type=int, default=600, help="deadline of the end-to-end drain")
    args = parser.parse_args()
    # Commands run in the clusters' own directories.
    args.bin, args.bench_driver = os.path.abspath(args.bin), os.path.abspath(args.bench_driver)
    args.before = args.before and os.path.abspath(args.before)

    # SIGTERM and SIGHUP unwind like Ctrl-C, so the `finally` blocks stop the daemons.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    stamp = time.strftime("%Y%m%dT%H%M%S")
    report = {"date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), "machine": machine(),
              "settings": {k: v for k, v in vars(args).items() if k not in ("bin", "bench_driver", "out", "before")}}
    samples = {}

    report["qpi_version"] = version([os.path.join(args.bin, "qsub"), "--version"])
    if args.before:
        report["before_version"] = version([os.path.join(args.before, "qsub"), "--version"])
        with local_cluster(bin_dir=args.before) as cluster:
            side = QPI(cluster, args.before, args.bench_driver)
            side.name = "QPI before"
            report["before"], samples["before"] = measure(side, args)
    with local_cluster(bin_dir=args.bin) as cluster:
        report["qpi"], samples["qpi"] = measure(QPI(cluster, args.bin, args.bench_driver), args)

    loopback = os.path.join(ROOT, "bench/slurm/loopback")
    with tempfile.TemporaryDirectory(prefix="slurm-bench-") as directory:
        env = dict(os.environ, SLURM_BENCH_DIR=directory, SLURM_BENCH_PORTS=f"{free_port()} {free_port()}",
                   SLURM_CONF=os.path.join(directory, "slurm.conf"))
        try:
            subprocess.run([loopback, "start"], env=env, check=True, timeout=900, stdout=subprocess.DEVNULL)
            report["slurm_version"] = version(["scontrol", "version"], env)
            report["slurm"], samples["slurm"] = measure(Slurm(directory, env), args)
        finally:
            subprocess.run([loopback, "stop"], env=env, timeout=120)

    report["machine"]["loadavg_end"] = os.getloadavg()
    report["table"] = rows(report["qpi"], report["slurm"], report.get("before"))
    report["samples"] = samples
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, f"compare-{stamp}")
    with open(base + ".json", "w") as f:
        json.dump(report, f, indent=2)
    table = markdown(report["table"])
    before = f", QPI before: {report['before_version']}" if args.before else ""
    header = (f"QPI ({report['qpi_version']}{before}) against Slurm ({report['slurm_version']}), "
              f"{report['date_utc']} UTC, {report['machine']['cpus']} CPUs, load "
              f"{report['machine']['loadavg_start'][0]:.1f} at start\n\n")
    with open(base + ".md", "w") as f:
        f.write(header + table)
    print(header + table)
    picture = plot(samples, base + ".png")
    print(f"wrote {base}.json, {base}.md" + (f", {picture}" if picture else ""))


if __name__ == "__main__":
    main()
