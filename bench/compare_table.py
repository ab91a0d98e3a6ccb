"""The QPI-versus-Slurm table: pure functions from the measure dictionaries that
bench/compare.py collects (QPI, Slurm, and an earlier QPI build when measured) to rows with
QPI/Slurm ratios and their Markdown text."""

# (key, label, unit, which way is better). Keys are the measure names in compare-*.json.
MEASURES = [
    ("startup_median_ms", "start-up, median (qstat --version vs squeue --version)", "ms", "lower"),
    ("startup_over_true", "start-up as a multiple of /bin/true", "×", "lower"),
    ("submit_latency_median_ms", "submit latency, median (qsub vs sbatch)", "ms", "lower"),
    ("submit_latency_p95_ms", "submit latency, p95", "ms", "lower"),
    ("submit_sequential_per_s", "submissions/s, 1 client", "jobs/s", "higher"),
    ("submit_4_clients_per_s", "submissions/s, 4 clients", "jobs/s", "higher"),
    ("end_to_end_jobs_per_s", "1,000 trivial jobs end to end", "jobs/s", "higher"),
    ("turnaround_median_ms", "single-job turnaround, median", "ms", "lower"),
    ("turnaround_p95_ms", "single-job turnaround, p95", "ms", "lower"),
    ("list_10000_ms", "queue listing, 10,000 jobs (qstat vs squeue)", "ms", "lower"),
    ("list_100000_ms", "queue listing, 100,000 jobs", "ms", "lower"),
    ("rss_idle_mib", "daemon RSS idle (qpictld+qpid vs slurmctld+slurmd)", "MiB", "lower"),
    ("rss_loaded_mib", "daemon RSS, largest queue", "MiB", "lower"),
]

# Listing rows whose job count is recorded beside them, so a queue that fell short of its
# nominal size (a bounded fill that ran out of time) shows with its real size.
COUNTS = {"list_10000_ms": ("list_10000_jobs", 10_000), "list_100000_ms": ("list_100000_jobs", 100_000)}


def ratio(qpi, slurm):
    """QPI/Slurm, or None when either side is missing or Slurm's is zero."""
    if qpi is None or slurm is None or slurm == 0:
        return None
    return qpi / slurm


def verdict(value, better):
    """How many times better QPI is (or worse), from a QPI/Slurm ratio."""
    if value is None or value <= 0:
        return "n/a"
    factor = 1 / value if better == "lower" else value
    if abs(factor - 1) < 0.05:
        return "about equal"
    if factor > 1:
        return f"QPI {factor:.1f}× better"
    return f"Slurm {1 / factor:.1f}× better"


def rows(qpi, slurm, before=None):
    """One dict per measure: label, unit, the values, their count notes, ratio and verdict.
    `before` (an earlier QPI build's measures) adds its value to each row."""
    result = []
    for key, label, unit, better in MEASURES:
        q, s = qpi.get(key), slurm.get(key)
        r = ratio(q, s)
        notes = {}
        if key in COUNTS:
            count_key, nominal = COUNTS[key]
            for side, measures in (("qpi", qpi), ("slurm", slurm), ("before", before or {})):
                count = measures.get(count_key)
                if count is not None and count != nominal:
                    notes[side] = count
        row = {
            "key": key, "label": label, "unit": unit, "better": better, "qpi": q, "slurm": s,
            "ratio": r, "verdict": verdict(r, better), "counts": notes,
        }
        if before is not None:
            row["before"] = before.get(key)
        result.append(row)
    return result


def number(value, count=None):
    if value is None:
        return "n/a"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"
    return text + (f" ({count:,} jobs)" if count is not None else "")


def markdown(table_rows):
    """A Markdown table of `rows(...)`, with a "QPI before" column when rows carry one."""
    with_before = any("before" in row for row in table_rows)
    lines = [
        "| measure | unit |" + (" QPI before |" if with_before else "") + " QPI | Slurm | QPI/Slurm | |",
        "|---|---|" + ("---:|" if with_before else "") + "---:|---:|---:|---|",
    ]
    for row in table_rows:
        r = "n/a" if row["ratio"] is None else f"{row['ratio']:.3g}"
        earlier = f" {number(row.get('before'), row['counts'].get('before'))} |" if with_before else ""
        lines.append(
            f"| {row['label']} | {row['unit']} ({row['better']} is better) |{earlier}"
            f" {number(row['qpi'], row['counts'].get('qpi'))} | {number(row['slurm'], row['counts'].get('slurm'))} "
            f"| {r} | {row['verdict']} |"
        )
    return "\n".join(lines) + "\n"
