// Notifications (admins): create, edit and delete notifications, broadcast or for some
// users, each shown only inside its time window.

import { list } from "../lists.js";
import { busy, field, h, localInputValue, showMessage, table, time } from "../ui.js";

export async function renderNotifications(view, context) {
  const { client } = context;
  let editing = null;
  const title = h("input", { id: "notification-title", required: true });
  const message = h("textarea", { id: "notification-message", required: true });
  const level = h("select", { id: "notification-level" }, ["info", "warning", "critical"].map((l) => h("option", { value: l }, l)));
  const users = h("input", { id: "notification-users", placeholder: "everyone" });
  const start = h("input", { id: "notification-start", type: "datetime-local" });
  const end = h("input", { id: "notification-end", type: "datetime-local" });
  const submit = h("button", { type: "submit", class: "primary", id: "notification-submit" }, "Publish");
  const reset = h("button", { type: "button", onclick: () => clear() }, "New");
  const form = h("form", { class: "panel", id: "notification-form", "aria-label": "Notification" },
    h("div", { class: "row" }, field("Title", title), field("Level", level),
      field("Users", users, "Comma-separated; empty for a broadcast."), field("Shown from", start), field("until", end)),
    field("Message", message), h("div", { class: "row" }, submit, reset));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const body = {
        title: title.value.trim(),
        message: message.value.trim(),
        level: level.value,
        users: users.value.split(",").map((u) => u.trim()).filter(Boolean),
        start: start.value ? new Date(start.value) : undefined,
        end: end.value ? new Date(end.value) : undefined,
      };
      if (editing === null) await client.createNotification(body);
      else await client.updateNotification(editing, body);
      showMessage(editing === null ? "Notification published" : `Notification ${editing} saved`, "success");
      clear();
      await refresh();
      context.refreshNotificationBanner();
    });
  });
  const listArea = h("div", { id: "notification-list" });
  view.append(form, h("h2", {}, "All notifications"), listArea);

  function clear() {
    editing = null;
    form.reset();
    submit.textContent = "Publish";
  }

  function edit(n) {
    editing = n.id;
    title.value = n.title ?? "";
    message.value = n.message ?? "";
    level.value = n.level ?? "info";
    users.value = (n.users ?? []).join(", ");
    start.value = n.starts_at ? localInputValue(n.starts_at) : "";
    end.value = n.ends_at ? localInputValue(n.ends_at) : "";
    submit.textContent = `Save notification ${n.id}`;
    title.focus();
  }

  async function refresh() {
    const rows = list(await client.listNotifications({ all: true }), "notifications");
    listArea.replaceChildren(table(
      [
        ["ID", (n) => String(n.id)],
        ["Title", (n) => n.title],
        ["Level", (n) => n.level ?? "info"],
        ["For", (n) => (n.users?.length ? n.users.join(", ") : "everyone")],
        ["From", (n) => time(n.starts_at)],
        ["Until", (n) => time(n.ends_at)],
        ["", (n) => h("div", { class: "row" },
          h("button", { type: "button", onclick: () => edit(n), "aria-label": `Edit notification ${n.id}` }, "Edit"),
          remove(n))],
      ],
      rows,
      { empty: "No notifications.", rowAttributes: (n) => ({ id: `notification-row-${n.id}` }) },
    ));
  }

  function remove(n) {
    const button = h("button", { type: "button", class: "danger", "aria-label": `Delete notification ${n.id}` }, "Delete");
    button.addEventListener("click", () =>
      busy(button, async () => {
        await client.deleteNotification(n.id);
        await refresh();
        context.refreshNotificationBanner();
      }));
    return button;
  }

  await refresh();
}
