"""Parameter sweep benchmark: one array of TASKS tasks (`qsub --param theta=0:1:TASKS`) against
TASKS separate `qsub` runs of the same circuits with the values written in, on one private
cluster (two simulated QPUs), in one run.

Each side is timed from its first submission until every job it submitted has ended. The
goal (the sweep at least 10 times faster) is reported, never asserted. JSON goes to
bench/results/sweep-<time>.json.
"""

import argparse
import os
import subprocess
import time

from localcluster import ROOT, local_cluster
from report import write_report

SWEEP = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[1] q;
bit[1] c;
rx(theta) q[0];
c = measure q;
"""

GOAL_RATIO = 10.0


def bound(value):
    """The sweep's circuit with one value written in, as a user without arrays submits it."""
    return SWEEP.replace("input float[64] theta;\n", "").replace("rx(theta)", f"rx({value!r})")


def qsub(cluster, bin_dir, args):
    done = subprocess.run(
        [os.path.join(bin_dir, "qsub"), "--parsable", "--shots", "1", "--conf", cluster.conf] + args,
        env=cluster.env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"bench/sweep.py: qsub failed: {done.stderr.strip()}")
    return int(done.stdout.strip())


def wait_until_idle(cluster, bin_dir, limit_seconds):
    """Polls until no job is pending or running; returns when that was first seen."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        listed = subprocess.run(
            [os.path.join(bin_dir, "qstat"), "--noheader", "-t", "PD,R", "--limit", "1", "--conf", cluster.conf],
            env=cluster.env, capture_output=True, text=True, timeout=60)
        if listed.returncode == 0 and not listed.stdout.strip():
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"bench/sweep.py: jobs still pending or running after {limit_seconds} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    parser.add_argument("--tasks", type=int, default=1000)
    args = parser.parse_args()
    bin_dir = os.path.abspath(args.bin)
    values = [index / max(1, args.tasks - 1) for index in range(args.tasks)]

    with local_cluster(bin_dir=bin_dir) as cluster:
        script = os.path.join(cluster.directory, "sweep.qasm")
        with open(script, "w") as f:
            f.write(SWEEP)
        start = time.monotonic()
        qsub(cluster, bin_dir, ["--param", f"theta=0:1:{args.tasks}", script])
        sweep_seconds = wait_until_idle(cluster, bin_dir, 1800) - start

        files = []
        for index, value in enumerate(values):
            path = os.path.join(cluster.directory, f"point-{index}.qasm")
            with open(path, "w") as f:
                f.write(bound(value))
            files.append(path)
        start = time.monotonic()
        for path in files:
            qsub(cluster, bin_dir, [path])
        separate_seconds = wait_until_idle(cluster, bin_dir, 1800) - start

    ratio = separate_seconds / sweep_seconds if sweep_seconds > 0 else None
    report = {
        "tasks": args.tasks,
        "sweep_seconds": sweep_seconds,
        "separate_submissions_seconds": separate_seconds,
        "speedup": ratio,
        "goal_speedup": GOAL_RATIO,
        "goal_met": ratio is not None and ratio >= GOAL_RATIO,
    }
    print(f"sweep of {args.tasks} tasks: {sweep_seconds:.2f} s; {args.tasks} separate submissions: "
          f"{separate_seconds:.2f} s; {ratio:.2f}x (goal {GOAL_RATIO:.0f}x)")
    write_report(report, args.out, "sweep")


if __name__ == "__main__":
    main()
