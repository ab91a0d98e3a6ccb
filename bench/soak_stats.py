"""Pure arithmetic of `make soak`: least-squares slopes of the sampled series and the leak
verdict. A series is a list of (seconds since start, value) pairs."""

# Leak thresholds, per hour of the least-squares slope fitted after warm-up, together with a
# net rise over the fitted window: a slope alone over a short run extrapolates noise.
THRESHOLDS = {
    "rss_mib": {"slope_per_hour": 16.0, "net_rise": 4.0},
    "fds": {"slope_per_hour": 20.0, "net_rise": 4.0},
}


def slope(points):
    """Least-squares slope of value over time, per second; None with fewer than two times."""
    if len(points) < 2:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return None
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / spread


def after_warmup(points, warmup_seconds):
    """The samples taken after warm-up, or every sample when too few would remain."""
    kept = [(t, v) for t, v in points if t >= warmup_seconds]
    return kept if len(kept) >= 3 else points


def summarize(series, warmup_seconds, thresholds=THRESHOLDS):
    """For each series: samples used, first/last/min/max after warm-up, slope per hour, and
    for those with a threshold whether it is a leak."""
    result = {}
    for name, points in series.items():
        kept = after_warmup(points, warmup_seconds)
        per_second = slope(kept)
        entry = {
            "samples": len(kept),
            "first": kept[0][1] if kept else None,
            "last": kept[-1][1] if kept else None,
            "min": min(v for _, v in kept) if kept else None,
            "max": max(v for _, v in kept) if kept else None,
            "slope_per_hour": None if per_second is None else per_second * 3600,
        }
        if name in thresholds and per_second is not None:
            limit = thresholds[name]
            # The rise the fitted line makes across the window, so one spike does not count.
            rise = per_second * (kept[-1][0] - kept[0][0])
            entry["fitted_rise"] = rise
            entry["threshold"] = limit
            entry["leak"] = entry["slope_per_hour"] > limit["slope_per_hour"] and rise > limit["net_rise"]
        result[name] = entry
    return result
