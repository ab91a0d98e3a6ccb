import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from goals import markdown, newest, rows  # noqa: E402

RESULTS = {
    "cluster": {
        "end_to_end_1000": {"jobs_per_second": 941.0},
        "turnaround": {"median_seconds": 0.00314},
        "rss_loaded_bytes": 176e6,
        "rss_idle_bytes": 55 * 2**20,
        "node_rss_idle_bytes": 12 * 2**20,
    },
    "scheduler": [{"free_qpus": 1, "median_seconds": 0.0002}, {"free_qpus": 50, "median_seconds": 0.00139}],
    "http": {"get_jobs": {"requests_per_second": 881.0}, "post_jobs": {"requests_per_second": 2500.0}},
}


def test_each_goal_has_its_figure_ratio_and_verdict_in_the_right_direction():
    table = {row["key"]: row for row in rows(RESULTS)}
    assert table["end_to_end"]["ratio"] == 941.0 / 1000 and table["end_to_end"]["met"] is False
    assert table["post_jobs"]["met"] is True
    assert abs(table["turnaround"]["figure"] - 3.14) < 1e-9 and table["turnaround"]["met"] is True
    assert table["rss_listed"]["figure"] == 176 and table["rss_listed"]["met"] is False
    assert table["node_rss_idle"]["figure"] == 12 and table["node_rss_idle"]["met"] is True
    # The decision with 50 QPUs free, not the first one listed.
    assert abs(table["decision"]["figure"] - 1.39) < 1e-9 and table["decision"]["met"] is False
    assert len(table) == 8


def test_a_benchmark_that_did_not_run_is_reported_not_measured():
    table = {row["key"]: row for row in rows(dict(RESULTS, http=None))}
    assert table["get_jobs"]["figure"] is None and table["get_jobs"]["met"] is None
    assert "| GET /api/jobs?limit=100, 100,000 jobs queued | ≥ 2,000 requests/s | n/a requests/s | n/a | not measured |" in markdown(rows(dict(RESULTS, http=None)))
    assert "| 1,000 one-shot jobs end to end over two qpid | ≥ 1,000 jobs/s | 941 jobs/s | 0.94 | not met |" in markdown(rows(RESULTS))


def test_newest_takes_the_latest_of_this_run_only(tmp_path):
    for stamp, value in (("20261207T100000", 1), ("20261207T120000", 2), ("20261207T110000", 3)):
        (tmp_path / f"cluster-{stamp}.json").write_text(json.dumps({"value": value}))
    assert newest(str(tmp_path), "cluster", "20261207T105000") == {"value": 2}
    assert newest(str(tmp_path), "cluster", "20261207T130000") is None
    assert newest(str(tmp_path), "http", "") is None
