// Bookings: a week calendar of everyone's slots, a form to book a slot, and
// cancel buttons on one's own (admins: on any).

import { list, qpuName } from "../lists.js";
import { busy, field, h, localInputValue, showError, showMessage, table, time } from "../ui.js";

const DAY = 86_400;

export async function renderBookings(view, { client, me, every }) {
  const user = me?.user;
  let weekStart = startOfDay(Date.now() / 1000);
  const qpus = await client.listQPUs().then((answer) => list(answer, "qpus"), () => []);

  const now = Math.ceil(Date.now() / 1000 / 900) * 900 + 900;
  const qpuSelect = h("select", { id: "booking-qpu" }, h("option", { value: "" }, "all QPUs"),
    qpus.map((q) => h("option", { value: qpuName(q) }, qpuName(q))));
  const startInput = h("input", { id: "booking-start", type: "datetime-local", required: true, value: localInputValue(new Date(now * 1000)) });
  const endInput = h("input", { id: "booking-end", type: "datetime-local", required: true, value: localInputValue(new Date((now + 3600) * 1000)) });
  const nameInput = h("input", { id: "booking-name", placeholder: "optional" });
  const submit = h("button", { type: "submit", class: "primary", id: "booking-submit" }, "Book");
  const form = h("form", { class: "inline panel", id: "booking-form", "aria-label": "Book a time slot" },
    field("QPU", qpuSelect), field("Start", startInput), field("End", endInput), field("Name", nameInput), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const booked = await client.bookSlot({
        qpu: qpuSelect.value || null,
        start: new Date(startInput.value),
        end: new Date(endInput.value),
        name: nameInput.value.trim() || undefined,
      });
      showMessage(`Booked slot ${booked.id ?? ""}`.trim(), "success");
      await refresh();
    });
  });

  const navigation = h("div", { class: "row" },
    h("button", { type: "button", onclick: () => ((weekStart -= 7 * DAY), refresh()) }, "← Previous week"),
    h("button", { type: "button", onclick: () => ((weekStart = startOfDay(Date.now() / 1000)), refresh()) }, "This week"),
    h("button", { type: "button", onclick: () => ((weekStart += 7 * DAY), refresh()) }, "Next week →"));
  const calendar = h("div", { class: "calendar", id: "booking-calendar", "aria-label": "Bookings by day" });
  const listArea = h("div", { id: "booking-list" });
  view.append(form, navigation, h("h2", {}, "Calendar"), calendar, h("h2", {}, "All bookings"), listArea);

  async function refresh() {
    let slots;
    try {
      slots = list(await client.listSlots(), "slots");
    } catch (error) {
      showError(error);
      return;
    }
    // The calendar works in seconds since 1970; the documents carry RFC 3339 times.
    const slotsInSeconds = slots.map((r) => ({ ...r, from: Date.parse(r.start) / 1000, to: Date.parse(r.end) / 1000 }));
    slotsInSeconds.sort((a, b) => a.from - b.from);
    const days = [];
    for (let i = 0; i < 7; i++) {
      const from = weekStart + i * DAY;
      const daySlots = slotsInSeconds.filter((r) => r.from < from + DAY && r.to > from);
      const label = new Date(from * 1000).toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
      days.push(h("section", { class: `day${i === 0 && from === startOfDay(Date.now() / 1000) ? " today" : ""}`, "aria-label": label },
        h("h3", {}, label),
        daySlots.map((r) => h("div", { class: `slot${r.user === user ? " own" : ""}`, title: `${r.name} by ${r.user}` },
          `${clock(Math.max(r.from, from))}–${clock(Math.min(r.to, from + DAY))} ${r.qpu ?? "all"} · ${r.user}`))));
    }
    calendar.replaceChildren(...days);
    listArea.replaceChildren(table(
      [
        ["ID", (r) => String(r.id)],
        ["Name", (r) => r.name],
        ["User", (r) => r.user],
        ["QPU", (r) => r.qpu ?? "all"],
        ["Start", (r) => time(r.start)],
        ["End", (r) => time(r.end)],
        ["", (r) => (r.user === user || me?.is_admin ? cancelButton(r) : "")],
      ],
      slotsInSeconds,
      { empty: "No bookings.", rowAttributes: (r) => ({ id: `booking-${r.id}` }) },
    ));
  }

  function cancelButton(slot) {
    const button = h("button", { type: "button", class: "danger", "aria-label": `Cancel booking ${slot.id}` }, "Cancel");
    button.addEventListener("click", () =>
      busy(button, async () => {
        await client.cancelSlot(slot.id);
        showMessage(`Cancelled booking ${slot.id}`, "success");
        await refresh();
      }));
    return button;
  }

  // The event stream carries jobs and QPUs only: bookings are read again on a timer.
  every(30_000, refresh);
  await refresh();
}

function startOfDay(seconds) {
  const date = new Date(seconds * 1000);
  date.setHours(0, 0, 0, 0);
  return date.getTime() / 1000;
}

function clock(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
