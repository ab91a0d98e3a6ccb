// The login page: an API token, or a username and password.

import { busy, field, h } from "../ui.js";

/** Calls `onToken(token)` once the user has a token. */
export function renderLogin(client, onToken) {
  let mode = "password";
  const panel = h("section", { class: "panel login", "aria-labelledby": "login-title" });

  const render = () => {
    const tab = (name, label) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `login-tab-${name}`,
          "aria-selected": String(mode === name),
          onclick: () => ((mode = name), render()),
        },
        label,
      );
    const form =
      mode === "token"
        ? h(
            "form",
            { id: "login-token-form" },
            field("API token", h("input", { id: "login-token", type: "password", required: true, autocomplete: "off" }),
              "Create one with `qctl token create`."),
            h("button", { type: "submit", class: "primary" }, "Log in"),
          )
        : h(
            "form",
            { id: "login-password-form" },
            field("Username", h("input", { id: "login-username", required: true, autocomplete: "username" })),
            field("Password", h("input", { id: "login-password", type: "password", required: true, autocomplete: "current-password" })),
            h("button", { type: "submit", class: "primary" }, "Log in"),
          );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      busy(button, async () => {
        if (mode === "token") {
          const token = form.querySelector("#login-token").value.trim();
          client.token = token;
          try {
            await client.me();
          } catch (error) {
            client.token = null;
            throw error;
          }
          await onToken(token);
        } else {
          const session = await client.login(
            form.querySelector("#login-username").value,
            form.querySelector("#login-password").value,
          );
          await onToken(session.token);
        }
      });
    });
    panel.replaceChildren(
      h("h1", { id: "login-title" }, "Log in to QPI"),
      h("div", { class: "tabs", role: "tablist" }, tab("password", "Username and password"), tab("token", "API token")),
      form,
    );
  };
  render();
  return panel;
}
