// QPUs: each one's state and load, live from the event stream.

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
      entry.running_jobs !== undefined ? ` · ${entry.running_jobs} running, ${entry.pending_jobs} pending` : "",
      qpu.reason ? h("span", { class: "empty" }, ` — ${qpu.reason}`) : "",
    );
    const panel = h("section", { class: "panel", id: `qpu-${name}`, "aria-label": `QPU ${name}` }, h("h2", {}, name), facts);
    return panel;
  }

  onEvent((event) => {
    if (String(event.event).startsWith("qpu")) refresh();
  });
  every(15_000, refresh);
  await refresh();
}
