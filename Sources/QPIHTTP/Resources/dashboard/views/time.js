// QPU time: the caller's qpu_seconds balance, a form to ask for more, and the requests
// (admins see everyone's and approve or reject the pending ones).

import { list } from "../lists.js";
import { badge, busy, duration, field, h, showMessage, table, time } from "../ui.js";

export async function renderTime(view, context) {
  const { client } = context;
  const balance = h("p", { id: "balance", class: "panel" });
  const seconds = h("input", { id: "time-seconds", type: "number", min: "1", step: "1", required: true, value: "3600" });
  const reason = h("textarea", { id: "time-reason", required: true, placeholder: "What the time is for" });
  const submit = h("button", { type: "submit", class: "primary" }, "Request");
  const form = h("form", { class: "inline panel", id: "time-form", "aria-label": "Request QPU time" },
    field("Seconds", seconds), field("Reason", reason), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      await client.requestTime({ seconds: Number(seconds.value), reason: reason.value.trim() });
      showMessage("Request sent to the admins", "success");
      reason.value = "";
      await refresh();
    });
  });
  const requests = h("div", { id: "time-requests" });
  view.append(balance, h("h2", {}, "Ask for more time"), form, h("h2", {}, "Requests"), requests);

  async function refresh() {
    const me = await context.refreshMe();
    balance.replaceChildren("Balance: ", h("strong", {}, duration(me.balance)),
      " of QPU time left.");
    const rows = list(await client.listTimeRequests(), "requests", "timeRequests");
    requests.replaceChildren(table(
      [
        ["ID", (r) => String(r.id)],
        ["User", (r) => r.user],
        ["Seconds", (r) => duration(r.seconds)],
        ["Reason", (r) => r.reason],
        ["State", (r) => badge(r.state)],
        ["Asked", (r) => time(r.created_at)],
        ["Decided", (r) => (r.decided_by ? `${r.decided_by}, ${time(r.decided_at)}` : "—")],
        ["", (r) => (me.is_admin && r.state === "PENDING" ? decide(r) : r.note ?? "")],
      ],
      rows,
      { empty: "No requests.", rowAttributes: (r) => ({ id: `time-request-${r.id}` }) },
    ));
  }

  function decide(request) {
    const note = h("input", { placeholder: "note", "aria-label": `Note for request ${request.id}` });
    const button = (approve) => {
      const b = h("button", { type: "button", class: approve ? "primary" : "danger" }, approve ? "Approve" : "Reject");
      b.addEventListener("click", () =>
        busy(b, async () => {
          await client.decideTimeRequest(request.id, { approve, note: note.value.trim() || undefined });
          await refresh();
        }));
      return b;
    };
    return h("div", { class: "row" }, note, button(true), button(false));
  }

  await refresh();
}
