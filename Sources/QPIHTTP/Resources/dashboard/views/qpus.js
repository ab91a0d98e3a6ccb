// QPUs: each one's state, load and telemetry charts (one line chart per numeric series).

import { lineChart } from "../charts.js";
import { badge, h, showError } from "../ui.js";
import { list, qpuName } from "../lists.js";

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
      entry.runningJobs !== undefined ? ` · ${entry.runningJobs} running, ${entry.pendingJobs} pending` : "",
      qpu.reason ? h("span", { class: "empty" }, ` — ${qpu.reason}`) : "",
    );
    const panel = h("section", { class: "panel", id: `qpu-${name}`, "aria-label": `QPU ${name}` }, h("h2", {}, name), facts);
    panel.append(await telemetry(name));
    return panel;
  }

  async function telemetry(name) {
    let records;
    try {
      records = list(await client.qpuTelemetry(name, { limit: 200 }), "records", "telemetry");
    } catch (error) {
      return h("p", { class: "empty" }, `Telemetry unavailable: ${error.message}`);
    }
    if (!records.length) return h("p", { class: "empty" }, "No telemetry reported yet.");
    // One chart per numeric series, named "kind.key" (e.g. calibration.t1_us).
    const series = new Map();
    for (const record of [...records].sort((a, b) => a.time - b.time)) {
      for (const [key, value] of Object.entries(record.data ?? {})) {
        if (typeof value !== "number") continue;
        const label = `${record.kind}.${key}`;
        if (!series.has(label)) series.set(label, []);
        series.get(label).push([record.time, value]);
      }
    }
    return h("div", { class: "charts" }, [...series].slice(0, 6).map(([label, points]) => lineChart(points, { title: label })));
  }

  onEvent((event) => {
    if (String(event.event).startsWith("qpu")) refresh();
  });
  every(15_000, refresh);
  await refresh();
}
