// API tokens (every user): create one, see one's secret once, list and revoke one's own,
// as `qctl token` does. A password login's session may not create tokens (the server
// refuses it, so that a session ending does not leave a lasting token behind); the view
// says so and how to get one instead.

import { list } from "../lists.js";
import { busy, field, h, showMessage, table, time } from "../ui.js";

export async function renderTokens(view, { client }) {
  const name = h("input", { id: "token-name", required: true, maxlength: "100" });
  const days = h("input", { id: "token-days", type: "number", min: "1", step: "1", placeholder: "never" });
  const submit = h("button", { type: "submit", class: "primary", id: "token-submit" }, "Create token");
  const form = h("form", { class: "inline panel", id: "token-form", "aria-label": "Create an API token" },
    field("Name", name), field("Expires after (days)", days, "Empty: never."), submit);
  const secret = h("div", { id: "token-secret", "aria-live": "polite" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      let created;
      try {
        created = await client.createToken({
          name: name.value.trim(),
          expiresInSeconds: days.value ? Number(days.value) * 86_400 : undefined,
        });
      } catch (error) {
        if (error.status !== 403) throw error;
        secret.replaceChildren(h("div", { class: "message error", id: "token-refused", role: "alert" },
          "You logged in with a password, and a password login may not create API tokens: its session ends in " +
          "hours and must not leave a lasting token behind. Create one with `qctl token create` on a cluster " +
          "host, log in with it (Log out, then the API token tab), and create more here."));
        return;
      }
      secret.replaceChildren(h("div", { class: "secret", role: "alert" },
        h("strong", {}, `Token ${created.info.name} created. Copy it now: it is not shown again.`),
        h("code", { id: "token-value" }, created.token)));
      form.reset();
      await refresh();
    });
  });
  const listArea = h("div", { id: "token-list" });
  view.append(form, secret, h("h2", {}, "Your tokens"), listArea);

  async function refresh() {
    const rows = list(await client.listTokens(), "tokens");
    listArea.replaceChildren(table(
      [
        ["ID", (t) => String(t.id)],
        ["Name", (t) => t.name],
        ["Created", (t) => time(t.created_at)],
        ["Expires", (t) => (t.expires_at === null ? "never" : time(t.expires_at))],
        ["Last used", (t) => time(t.last_used_at)],
        ["State", (t) => h("span", { class: "token-state" }, state(t))],
        ["", (t) => (t.revoked_at === null ? revoke(t) : "")],
      ],
      rows,
      { empty: "No tokens.", rowAttributes: (t) => ({ id: `token-${t.id}` }) },
    ));
  }

  function state(token) {
    if (token.revoked_at !== null) return "revoked";
    if (token.expires_at !== null && Date.parse(token.expires_at) < Date.now()) return "expired";
    return "active";
  }

  function revoke(token) {
    const button = h("button", { type: "button", class: "danger" }, "Revoke");
    button.addEventListener("click", () =>
      busy(button, async () => {
        await client.deleteToken(token.id);
        showMessage(`Token ${token.name} revoked`, "success");
        await refresh();
      }));
    return button;
  }

  await refresh();
}
