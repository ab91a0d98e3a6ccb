// A plain SVG counts histogram, no libraries.

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A bar chart of measurement counts, bitstrings sorted, with the probability on each bar.
 * Shows at most `limit` outcomes (the most frequent) so wide registers stay readable.
 */
export function histogram(counts, { title = "Counts", limit = 32 } = {}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
  const entries = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const width = Math.max(320, entries.length * 48 + 60);
  const height = 220;
  const plot = { left: 40, bottom: 60, top: 20 };
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart histogram",
    role: "img",
    "aria-label": `${title}: ${entries.map(([k, n]) => `${k} ${n}`).join(", ")}`,
  });
  chart.append(svg("title", {}, title));
  const band = (width - plot.left - 10) / Math.max(1, entries.length);
  entries.forEach(([outcome, n], i) => {
    const barHeight = ((height - plot.top - plot.bottom) * n) / max;
    const x = plot.left + i * band + band * 0.15;
    const y = height - plot.bottom - barHeight;
    const bar = svg("rect", { x, y, width: band * 0.7, height: barHeight, class: "bar" });
    bar.append(svg("title", {}, `${outcome}: ${n} (${((100 * n) / total).toFixed(1)}%)`));
    chart.append(bar);
    chart.append(svg("text", { x: x + band * 0.35, y: y - 4, class: "value", "text-anchor": "middle" }, n));
    chart.append(
      svg(
        "text",
        {
          x: x + band * 0.35,
          y: height - plot.bottom + 14,
          class: "label",
          "text-anchor": "end",
          transform: `rotate(-40 ${x + band * 0.35} ${height - plot.bottom + 14})`,
        },
        outcome,
      ),
    );
  });
  chart.append(svg("line", { x1: plot.left, x2: width - 10, y1: height - plot.bottom, y2: height - plot.bottom, class: "axis" }));
  return chart;
}

/**
 * A line chart of one telemetry value over time: `points` are `{ time, value }` with
 * time in epoch seconds, drawn oldest to newest with the first and last values labelled.
 */
export function timeSeries(points, { title, id } = {}) {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  const width = 320;
  const height = 120;
  const plot = { left: 8, right: 8, top: 18, bottom: 16 };
  const times = sorted.map((p) => p.time);
  const values = sorted.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t) => plot.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (width - plot.left - plot.right) : (width - plot.left - plot.right) / 2);
  const y = (v) => height - plot.bottom - (v1 > v0 ? ((v - v0) / (v1 - v0)) * (height - plot.top - plot.bottom) : (height - plot.top - plot.bottom) / 2);
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart series-chart",
    role: "img",
    "aria-label": `${title}: ${sorted.length} values from ${v0} to ${v1}`,
    ...(id ? { id } : {}),
  });
  chart.append(svg("title", {}, title));
  chart.append(svg("text", { x: plot.left, y: 12, class: "title" }, title));
  chart.append(svg("polyline", { points: sorted.map((p) => `${x(p.time)},${y(p.value)}`).join(" "), class: "series" }));
  for (const p of sorted) chart.append(svg("circle", { cx: x(p.time), cy: y(p.value), r: 2, class: "series-point" }));
  const last = sorted[sorted.length - 1];
  chart.append(svg("text", { x: width - plot.right, y: 12, class: "value", "text-anchor": "end" }, `latest ${last.value}`));
  chart.append(svg("line", { x1: plot.left, x2: width - plot.right, y1: height - plot.bottom, y2: height - plot.bottom, class: "axis" }));
  return chart;
}
