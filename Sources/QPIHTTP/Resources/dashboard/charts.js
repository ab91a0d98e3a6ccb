// Plain SVG charts: a counts histogram and a time series, no libraries.

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
 * A line chart of one numeric series over time: points are [seconds since 1970, value].
 */
export function lineChart(points, { title, unit = "" } = {}) {
  const width = 360;
  const height = 140;
  const pad = { left: 48, right: 10, top: 18, bottom: 22 };
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart line", role: "img", "aria-label": title });
  chart.append(svg("title", {}, title));
  chart.append(svg("text", { x: pad.left, y: 12, class: "title" }, title));
  if (points.length === 0) {
    chart.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "label" }, "no data"));
    return chart;
  }
  const xs = points.map(([t]) => t);
  const ys = points.map(([, v]) => v);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (t) => pad.left + ((t - x0) / Math.max(1e-9, x1 - x0)) * (width - pad.left - pad.right);
  const sy = (v) => height - pad.bottom - ((v - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  chart.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: "axis" }));
  chart.append(svg("line", { x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom, class: "axis" }));
  chart.append(svg("text", { x: pad.left - 4, y: sy(y1) + 4, "text-anchor": "end", class: "label" }, `${format(y1)}${unit}`));
  chart.append(svg("text", { x: pad.left - 4, y: sy(y0), "text-anchor": "end", class: "label" }, `${format(y0)}${unit}`));
  const path = points.map(([t, v]) => `${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join(" ");
  chart.append(svg("polyline", { points: path, class: "series" }));
  for (const [t, v] of points.slice(-1)) chart.append(svg("circle", { cx: sx(t), cy: sy(v), r: 3, class: "series-point" }));
  return chart;
}

function format(value) {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 0.01 || magnitude >= 1e5)) return value.toExponential(1);
  return Number(value.toFixed(magnitude < 1 ? 3 : 1)).toString();
}
