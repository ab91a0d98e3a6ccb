import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from compare_table import markdown, ratio, rows, verdict  # noqa: E402


def test_ratio_is_qpi_over_slurm_and_none_without_both_sides():
    assert ratio(2.0, 8.0) == 0.25
    assert ratio(None, 8.0) is None
    assert ratio(2.0, None) is None
    assert ratio(2.0, 0) is None


def test_verdict_reads_the_ratio_in_the_direction_that_is_better():
    assert verdict(0.25, "lower") == "QPI 4.0× better"
    assert verdict(4.0, "lower") == "Slurm 4.0× better"
    assert verdict(4.0, "higher") == "QPI 4.0× better"
    assert verdict(0.5, "higher") == "Slurm 2.0× better"
    assert verdict(1.02, "higher") == "about equal"
    assert verdict(None, "lower") == "n/a"


def test_rows_cover_every_measure_and_mark_a_short_queue():
    qpi = {"submit_latency_median_ms": 3.0, "list_100000_ms": 50.0, "list_100000_jobs": 100_000}
    slurm = {"submit_latency_median_ms": 9.0, "list_100000_ms": 900.0, "list_100000_jobs": 61_234}
    table = {row["key"]: row for row in rows(qpi, slurm)}
    assert table["submit_latency_median_ms"]["ratio"] == 3.0 / 9.0
    assert table["submit_latency_median_ms"]["verdict"] == "QPI 3.0× better"
    assert table["list_100000_ms"]["counts"] == {"slurm": 61_234}
    assert table["end_to_end_jobs_per_s"]["ratio"] is None


def test_markdown_has_one_line_per_measure_with_values_and_ratio():
    qpi = {"submit_4_clients_per_s": 1500.0, "list_100000_ms": 50.0, "list_100000_jobs": 100_000}
    slurm = {"submit_4_clients_per_s": 300.0, "list_100000_ms": 900.0, "list_100000_jobs": 61_234}
    text = markdown(rows(qpi, slurm))
    lines = text.strip().split("\n")
    assert len(lines) == 2 + 13
    assert "| submissions/s, 4 clients | jobs/s (higher is better) | 1,500 | 300 | 5 | QPI 5.0× better |" in lines
    assert "900 (61,234 jobs)" in text
    assert "| submit latency, median (qsub vs sbatch) | ms (lower is better) | n/a | n/a | n/a | n/a |" in lines


def test_an_earlier_build_adds_its_column_and_its_short_queue():
    qpi = {"startup_median_ms": 2.0, "list_10000_ms": 20.0, "list_10000_jobs": 10_000}
    slurm = {"startup_median_ms": 1.5, "list_10000_ms": 60.0, "list_10000_jobs": 10_000}
    before = {"startup_median_ms": 10.0, "list_10000_ms": 180.0, "list_10000_jobs": 9_000}
    table = rows(qpi, slurm, before)
    assert {row["key"]: row["before"] for row in table}["startup_median_ms"] == 10.0
    lines = markdown(table).strip().split("\n")
    assert lines[0] == "| measure | unit | QPI before | QPI | Slurm | QPI/Slurm | |"
    assert any(line.startswith("| queue listing, 10,000 jobs (qstat vs squeue) | ms (lower is better) | 180 (9,000 jobs) | 20.0 | 60.0 |")
               for line in lines)
    assert "QPI before" not in markdown(rows(qpi, slurm))
