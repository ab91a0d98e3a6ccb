"""The controller's goals (issue 17) from one `make bench` run: every figure beside its goal,
with the ratio to the goal and whether it is met. Reads the cluster, HTTP and scheduler
JSON that run wrote (the newest of each kind under --results, none older than --since),
prints a Markdown table and writes bench/results/goals-<time>.json and .md.

Goals are reported, never asserted: the exit status says only whether every figure was found.
"""

import argparse
import glob
import json
import os
import sys
import time

from report import write_report

MIB = 2**20

# (key, measure, unit, goal, direction, where the figure is read from)
GOALS = [
    ("end_to_end", "1,000 one-shot jobs end to end over two qpid", "jobs/s", 1000, "higher",
     lambda r: r["cluster"]["end_to_end_1000"]["jobs_per_second"]),
    ("turnaround", "single-job turnaround, median", "ms", 10, "lower",
     lambda r: r["cluster"]["turnaround"]["median_seconds"] * 1e3),
    ("rss_listed", "qpictld RSS, 100,000 pending, after listing them", "MB", 150, "lower",
     lambda r: r["cluster"]["rss_loaded_bytes"] / 1e6),
    ("rss_idle", "qpictld RSS idle", "MiB", 20, "lower",
     lambda r: r["cluster"]["rss_idle_bytes"] / MIB),
    ("node_rss_idle", "qpid RSS idle (the larger of two)", "MiB", 15, "lower",
     lambda r: r["cluster"]["node_rss_idle_bytes"] / MIB),
    ("decision", "one scheduling decision, 100,000 pending, 50 QPUs, 1,000 slots, 50 free", "ms", 1, "lower",
     lambda r: next(s["median_seconds"] for s in r["scheduler"] if s["free_qpus"] == 50) * 1e3),
    ("get_jobs", "GET /api/jobs?limit=100, 100,000 jobs queued", "requests/s", 2000, "higher",
     lambda r: r["http"]["get_jobs"]["requests_per_second"]),
    ("post_jobs", "POST /api/jobs", "requests/s", 2000, "higher",
     lambda r: r["http"]["post_jobs"]["requests_per_second"]),
]


def rows(results):
    """One row per goal: the figure (None when its benchmark did not run), the ratio of the
    figure to the goal, and whether the goal is met."""
    table = []
    for key, measure, unit, goal, direction, read in GOALS:
        try:
            figure = float(read(results))
        except (KeyError, TypeError, StopIteration):
            figure = None
        ratio = None if figure is None else figure / goal
        met = None if figure is None else (figure >= goal if direction == "higher" else figure <= goal)
        table.append({"key": key, "measure": measure, "unit": unit, "goal": goal, "direction": direction,
                      "figure": figure, "ratio": ratio, "met": met})
    return table


def markdown(table):
    lines = ["| measure | goal | figure | figure/goal | |", "|---|---:|---:|---:|---|"]
    for row in table:
        sign = "≥" if row["direction"] == "higher" else "≤"
        figure = "n/a" if row["figure"] is None else f"{row['figure']:,.3g}" if row["figure"] < 100 else f"{row['figure']:,.0f}"
        ratio = "n/a" if row["ratio"] is None else f"{row['ratio']:.2f}"
        state = "not measured" if row["met"] is None else "met" if row["met"] else "not met"
        lines.append(f"| {row['measure']} | {sign} {row['goal']:,} {row['unit']} | {figure} {row['unit']} | {ratio} | {state} |")
    return "\n".join(lines)


def newest(results_dir, kind, since):
    """The newest KIND-*.json under results_dir stamped at or after `since` (YYYYmmddTHHMMSS)."""
    paths = sorted(p for p in glob.glob(os.path.join(results_dir, f"{kind}-*.json"))
                   if os.path.basename(p)[len(kind) + 1:-len(".json")] >= since)
    if not paths:
        return None
    with open(paths[-1]) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default="bench/results")
    parser.add_argument("--since", default="", help="the run's start, YYYYmmddTHHMMSS in UTC")
    args = parser.parse_args()
    results = {kind: newest(args.results, kind, args.since) for kind in ("cluster", "http", "scheduler")}
    table = rows(results)
    text = markdown(table)
    print(text)
    write_report({"since": args.since, "goals": table}, args.results, "goals")
    with open(os.path.join(args.results, time.strftime("goals-%Y%m%dT%H%M%S.md")), "w") as f:
        f.write(text + "\n")
    return 0 if all(row["figure"] is not None for row in table) else 1


if __name__ == "__main__":
    sys.exit(main())
