// Users (admins): everyone's qpu_seconds balance, and a form to set one.

import { list } from "../lists.js";
import { busy, duration, field, h, showMessage, table } from "../ui.js";

export async function renderUsers(view, { client }) {
  const user = h("input", { id: "users-name", required: true });
  const seconds = h("input", { id: "users-seconds", placeholder: "seconds, or empty for unlimited", type: "number", min: "0" });
  const submit = h("button", { type: "submit", class: "primary" }, "Set balance");
  const form = h("form", { class: "inline panel", id: "users-form", "aria-label": "Set a user's balance" },
    field("User", user), field("qpu_seconds", seconds), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      await client.setUserSeconds(user.value.trim(), seconds.value === "" ? null : Number(seconds.value));
      showMessage(`Balance of ${user.value.trim()} set`, "success");
      await refresh();
    });
  });
  const listArea = h("div", { id: "users-list" });
  view.append(form, listArea);

  async function refresh() {
    const rows = list(await client.listUsers(), "users");
    listArea.replaceChildren(table(
      [
        ["User", (u) => u.user],
        ["Balance", (u) => duration(u.balance)],
        ["Used", (u) => (u.used_seconds !== undefined ? duration(u.used_seconds) : "—")],
        ["Admin", (u) => (u.is_admin ? "yes" : "")],
        ["", (u) => h("button", { type: "button", onclick: () => {
          user.value = u.user;
          seconds.value = u.balance ?? "";
          seconds.focus();
        } }, "Edit")],
      ],
      rows,
      { empty: "No users with an account yet.", rowAttributes: (u) => ({ id: `user-${u.user}` }) },
    ));
  }

  await refresh();
}
