// Jobs: the queue with filters (state, user, QPU), live updates from the event stream,
// and a selected job's details with its result histogram.

import { FINISHED_STATES } from "../qpi-client.js";
import { histogram } from "../charts.js";
import { list, qpuName } from "../lists.js";
import { badge, busy, field, h, showError, table, time } from "../ui.js";

const STATES = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"];

export async function renderJobs(view, { client, me, onEvent, every }) {
  const filters = { state: "", user: "", qpu: "" };
  let selected = null;
  const qpus = await client.listQPUs().then((answer) => list(answer, "qpus"), () => []);

  const stateSelect = h("select", { id: "filter-state", name: "state" }, h("option", { value: "" }, "any"),
    STATES.map((s) => h("option", { value: s }, s)));
  const userInput = h("input", { id: "filter-user", name: "user", placeholder: "any user" });
  const qpuSelect = h("select", { id: "filter-qpu", name: "qpu" }, h("option", { value: "" }, "any"),
    qpus.map((q) => h("option", { value: qpuName(q) }, qpuName(q))));
  const form = h("form", { class: "inline panel", id: "job-filters", role: "search", "aria-label": "Filter jobs" },
    field("State", stateSelect), field("User", userInput), field("QPU", qpuSelect));
  form.addEventListener("input", () => {
    filters.state = stateSelect.value;
    filters.user = userInput.value.trim();
    filters.qpu = qpuSelect.value;
    scheduleRefresh();
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  const live = h("p", { class: "empty", id: "live-status", "aria-live": "polite" }, "");
  const listArea = h("div", { id: "job-list" });
  const detail = h("section", { id: "job-detail", "aria-live": "polite" });
  view.append(form, live, listArea, detail);

  let timer = null;
  function scheduleRefresh() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }

  async function refresh() {
    let jobs;
    try {
      // The API lists only the caller's jobs unless asked; the page shows the whole queue, as qstat does.
      jobs = list(await client.listJobs({ ...filters, user: filters.user || "all", limit: 200 }), "jobs");
    } catch (error) {
      showError(error);
      return;
    }
    listArea.replaceChildren(
      table(
        [
          ["ID", (j) => String(j.id)],
          ["Name", (j) => j.name],
          ["User", (j) => j.user],
          ["State", (j) => h("span", { class: "job-state", "data-state": j.state }, badge(j.state))],
          ["QPU", (j) => j.qpu ?? j.requested_qpu ?? "any"],
          ["Shots", (j) => String(j.shots)],
          ["Submitted", (j) => time(j.submit_time)],
          ["Ended", (j) => time(j.end_time)],
          ["", (j) => (FINISHED_STATES.includes(j.state) || !canCancel(j) ? "" : cancelButton(j))],
        ],
        jobs,
        {
          empty: "No jobs match.",
          rowAttributes: (j) => ({
            id: `job-${j.id}`,
            class: `selectable${selected === j.id ? " selected" : ""}`,
            tabindex: "0",
            "aria-label": `Job ${j.id} ${j.name}, ${j.state}`,
            onclick: () => select(j.id),
            onkeydown: (e) => (e.key === "Enter" ? select(j.id) : null),
          }),
        },
      ),
    );
    if (selected !== null) {
      const job = jobs.find((j) => j.id === selected);
      if (job && job.state !== detail.dataset.state) showDetail(job);
    }
  }

  function canCancel(job) {
    return me?.is_admin || job.user === (me?.user);
  }

  function cancelButton(job) {
    const button = h("button", { type: "button", class: "danger", "aria-label": `Cancel job ${job.id}` }, "Cancel");
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      busy(button, async () => {
        await client.cancelJob(job.id);
        await refresh();
      });
    });
    return button;
  }

  async function select(id) {
    selected = id;
    try {
      showDetail(await client.getJob(id));
    } catch (error) {
      showError(error);
    }
    refresh();
  }

  async function showDetail(job) {
    detail.dataset.state = job.state;
    const facts = h("dl", { class: "facts" },
      [["State", badge(job.state)], ["Reason", job.reason ?? "—"], ["QPU", job.qpu ?? "—"], ["Shots", job.shots],
        ["Circuits", job.circuit_count ?? "—"], ["qpu_seconds", job.qpu_seconds?.toFixed?.(3) ?? "—"],
        ["Message", job.message ?? "—"]]
        .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
    const panel = h("div", { class: "panel" }, h("h2", {}, `Job ${job.id}: ${job.name}`), facts);
    detail.replaceChildren(panel);
    if (job.state !== "COMPLETED") return;
    try {
      const result = await client.getResult(job.id);
      const results = result?.results ?? [];
      results.forEach((r, i) => {
        const counts = r.counts ?? r.data?.counts ?? {};
        panel.append(h("figure", { class: "result" },
          histogram(counts, { title: `Circuit ${i} counts` }),
          h("figcaption", {}, `Circuit ${i}: ${Object.values(counts).reduce((a, b) => a + b, 0)} shots`)));
      });
    } catch (error) {
      showError(error);
    }
  }

  onEvent((event) => {
    if (String(event.event).startsWith("job")) {
      live.textContent = `Live: job ${event.data?.id ?? ""} ${event.data?.state ?? ""}`.trim();
      scheduleRefresh();
    }
  });
  // The stream can drop (a proxy, a restart); a slow poll keeps the table from going stale.
  every(10_000, refresh);
  await refresh();
}
