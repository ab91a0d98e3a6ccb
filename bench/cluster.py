"""Cluster benchmarks: a private QPI cluster (munged, qpictld, two qpid with the native
simulator) started in a temporary directory on 127.0.0.1, driven with bounded loads.

Measures (JSON in bench/results/cluster-<time>.json): qsub latency as a command and as
a request (median, p95 of 200), submissions per second with 1 and 4 concurrent clients,
end-to-end throughput of 1,000 one-qubit one-shot circuits over two qpid (median of
three runs), single-job turnaround, qstat time with 100,000 jobs queued, RSS of qpictld and
each qpid idle, and of qpictld with 100,000 pending before and right after listing them.
Goals are reported, never asserted.
"""

import argparse
import getpass
import os
import statistics
import subprocess
import time

from localcluster import ROOT, end_to_end_median, local_cluster, rss_bytes
from localcluster import drive as drive_cluster
from report import write_report


def timed(argv, env=None, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=600)
    return time.perf_counter() - start


def quantiles(values):
    ordered = sorted(values)
    return {
        "median_seconds": statistics.median(ordered),
        "p95_seconds": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "count": len(ordered),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"))
    parser.add_argument("--bench-driver", required=True, help="path of the qpi-bench executable")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    parser.add_argument("--queued", type=int, default=100_000)
    args = parser.parse_args()
    report = {}

    with local_cluster(bin_dir=args.bin) as cluster:
        conf, job = cluster.conf, cluster.job
        controller = cluster.controller_pid
        time.sleep(1)
        report["rss_idle_bytes"] = rss_bytes(controller)
        # Most of an idle daemon's RSS is its code, mapped from the page cache and shared;
        # RssAnon is the memory it allocated.
        report["rss_idle_anon_bytes"] = rss_bytes(controller, "RssAnon")
        report["node_rss_idle_bytes"] = max(rss_bytes(pid) for pid in cluster.node_pids)
        report["node_rss_idle_anon_bytes"] = max(rss_bytes(pid, "RssAnon") for pid in cluster.node_pids)
        qsub = os.path.join(args.bin, "qsub")
        qcancel = os.path.join(args.bin, "qcancel")
        qstat = os.path.join(args.bin, "qstat")

        def drive(*extra):
            return drive_cluster(args.bench_driver, cluster, *extra)

        def cancel_pending():
            # getpass skips a USER that is set but empty, as it is under some CI runners.
            subprocess.run([qcancel, "--conf", conf, "-t", "PD", "-u", getpass.getuser()], timeout=600,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        command = [timed([qsub, "--conf", conf, "--parsable", "--hold", job]) for _ in range(200)]
        report["qsub_command"] = quantiles(command)
        cancel_pending()
        report["submit_request"] = drive("submit", "--count", "200", "--clients", "1", "--hold")
        report["submit_1_client"] = drive("submit", "--count", "2000", "--clients", "1", "--hold")
        report["submit_4_clients"] = drive("submit", "--count", "2000", "--clients", "4", "--hold")
        cancel_pending()
        report["end_to_end_1000"] = end_to_end_median(args.bench_driver, cluster)
        report["turnaround"] = drive("turnaround", "--count", "50", "--clients", "1")

        fill_start = time.perf_counter()
        drive("submit", "--count", str(args.queued), "--clients", "8", "--hold")
        report["fill_seconds"] = time.perf_counter() - fill_start
        report["qstat_queued_jobs"] = args.queued
        report["rss_pending_bytes"] = rss_bytes(controller)
        report["qstat_seconds"] = min(timed([qstat, "--conf", conf]) for _ in range(3))
        report["rss_loaded_bytes"] = rss_bytes(controller)

    goals = {
        "qsub_median_le_2ms": report["submit_request"]["median_seconds"] <= 0.002,
        "submissions_per_second_ge_1500": report["submit_4_clients"]["per_second"] >= 1500,
        "end_to_end_ge_1000_jobs_per_second": report["end_to_end_1000"]["jobs_per_second"] >= 1000,
        "turnaround_le_10ms": report["turnaround"]["median_seconds"] <= 0.010,
        "qstat_100k_le_100ms": report["qstat_seconds"] <= 0.100,
        "rss_100k_le_150MB": report["rss_loaded_bytes"] <= 150e6,
    }
    report["goals"] = goals
    lines = [
        f"qsub as a command   median {report['qsub_command']['median_seconds'] * 1e3:7.2f} ms  p95 {report['qsub_command']['p95_seconds'] * 1e3:7.2f} ms",
        f"submit request      median {report['submit_request']['median_seconds'] * 1e3:7.2f} ms  p95 {report['submit_request']['p95_seconds'] * 1e3:7.2f} ms",
        f"submissions/s       1 client {report['submit_1_client']['per_second']:8.0f}   4 clients {report['submit_4_clients']['per_second']:8.0f}",
        f"end to end          {report['end_to_end_1000']['jobs_per_second']:8.0f} jobs/s ({report['end_to_end_1000']['completed']:.0f} of 1000 completed)",
        f"turnaround          median {report['turnaround']['median_seconds'] * 1e3:7.2f} ms  p95 {report['turnaround']['p95_seconds'] * 1e3:7.2f} ms",
        f"qstat with {args.queued} queued: {report['qstat_seconds'] * 1e3:8.1f} ms",
        f"qpictld RSS         idle {report['rss_idle_bytes'] / 2**20:6.1f} MiB   with {args.queued} pending {report['rss_pending_bytes'] / 2**20:6.1f} MiB, after listing them {report['rss_loaded_bytes'] / 2**20:6.1f} MiB",
        f"qpid RSS            idle {report['node_rss_idle_bytes'] / 2**20:6.1f} MiB (the larger of two)",
        f"idle, allocated     qpictld {report['rss_idle_anon_bytes'] / 2**20:6.1f} MiB   qpid {report['node_rss_idle_anon_bytes'] / 2**20:6.1f} MiB (RssAnon; the rest is code)",
        "goals: " + ", ".join(f"{name}={'met' if ok else 'missed'}" for name, ok in goals.items()),
    ]
    print("\n".join(lines))
    write_report(report, args.out, "cluster")


if __name__ == "__main__":
    main()
