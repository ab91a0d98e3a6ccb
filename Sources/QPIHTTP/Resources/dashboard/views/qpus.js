// QPUs: each one's state and load, live from the event stream, and charts of the
// telemetry its executor reports (one per numeric value, e.g. calibration fidelities).

import { badge, h, showError } from "../ui.js";
import { list, qpuName } from "../lists.js";
import { timeSeries } from "../charts.js";

export async function renderQPUs(view, { client, onEvent, every }) {
  const grid = h("div", { class: "grid", id: "qpu-grid" });
  view.append(grid);

  async function refresh() {
    let qpus;
    try {
      qpus = list(await client.listQPUs(), "qpus");
    } catch (error) {
      showError(error);
      return;
    }
    const cards = await Promise.all(qpus.map((entry) => card(entry)));
    grid.replaceChildren(...(cards.length ? cards : [h("p", { class: "empty" }, "No QPUs are configured.")]));
  }

  async function card(entry) {
    const qpu = entry.qpu ?? entry;
    const name = qpuName(entry);
    const facts = h(
      "p",
      {},
      badge(qpu.state),
      ` ${qpu.qubits} qubits · executor ${qpu.executor}`,
      entry.running_jobs !== undefined ? ` · ${entry.running_jobs} running, ${entry.pending_jobs} pending` : "",
      qpu.reason ? h("span", { class: "empty" }, ` — ${qpu.reason}`) : "",
    );
    const panel = h("section", { class: "panel", id: `qpu-${name}`, "aria-label": `QPU ${name}` }, h("h2", {}, name), facts);
    panel.append(await telemetryCharts(name));
    return panel;
  }

  async function telemetryCharts(name) {
    const area = h("div", { class: "charts", id: `telemetry-${name}` });
    let events;
    try {
      events = await client.getTelemetry(name, { limit: 200 });
    } catch (error) {
      area.append(h("p", { class: "empty" }, `Telemetry unavailable: ${error.message}`));
      return area;
    }
    const series = new Map();
    for (const event of events) {
      for (const [key, value] of Object.entries(event.data ?? {})) {
        const label = `${event.kind} · ${key}`;
        if (!series.has(label)) series.set(label, []);
        series.get(label).push({ time: Date.parse(event.time) / 1000, value });
      }
    }
    if (series.size === 0) area.append(h("p", { class: "empty" }, "No telemetry reported yet."));
    for (const [label, points] of [...series].sort((a, b) => a[0].localeCompare(b[0]))) {
      area.append(timeSeries(points, { title: label }));
    }
    return area;
  }

  onEvent((event) => {
    if (String(event.event).startsWith("qpu")) refresh();
  });
  every(15_000, refresh);
  await refresh();
}
