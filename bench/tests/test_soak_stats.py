import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from soak_stats import after_warmup, slope, summarize  # noqa: E402


def test_slope_of_a_line_is_its_gradient_per_second():
    assert slope([(0, 10), (10, 30), (20, 50)]) == pytest.approx(2.0)
    assert slope([(0, 5), (60, 5), (120, 5)]) == pytest.approx(0.0)


def test_slope_needs_two_distinct_times():
    assert slope([]) is None
    assert slope([(3, 1)]) is None
    assert slope([(3, 1), (3, 2)]) is None


def test_warmup_samples_are_left_out_unless_too_few_remain():
    points = [(0, 100), (10, 50), (20, 51), (30, 52), (40, 53)]
    assert after_warmup(points, 15) == points[2:]
    assert after_warmup(points, 35) == points


def test_growing_rss_is_a_leak_and_a_flat_one_is_not():
    minutes = range(0, 601, 30)
    growing = [(t, 40 + t / 60) for t in minutes]  # 1 MiB a minute: 60 MiB/h, 10 MiB over the window
    flat = [(t, 40 + (0.5 if (t // 30) % 2 else 0)) for t in minutes]
    result = summarize({"rss_mib": growing, "fds": [(t, 31) for t in minutes], "qstat_ms": flat}, warmup_seconds=0)
    assert result["rss_mib"]["slope_per_hour"] == pytest.approx(60.0)
    assert result["rss_mib"]["leak"] is True
    assert result["fds"]["leak"] is False
    assert "leak" not in result["qstat_ms"]
    assert summarize({"rss_mib": flat}, warmup_seconds=0)["rss_mib"]["leak"] is False


def test_a_steep_but_tiny_rise_over_a_short_run_is_not_a_leak():
    # 2 MiB over two minutes is 60 MiB/h, but below the net rise that counts.
    short = [(t, 40 + t / 60) for t in range(0, 121, 10)]
    assert summarize({"rss_mib": short}, warmup_seconds=0)["rss_mib"]["leak"] is False
