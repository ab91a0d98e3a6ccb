// The login page: an OpenID Connect provider, an API token, or a username and password.

import { busy, field, h } from "../ui.js";

/**
 * Calls `onToken(token)` once the user has a token. `methods` is `GET /api/auth/methods`
 * (null when it could not be read); `signInError` is why a provider sign-in just failed.
 */
export function renderLogin(client, onToken, { methods = null, signInError = null } = {}) {
  const passwordOpen = methods?.password ?? true;
  let mode = passwordOpen ? "password" : "token";
  const panel = h("section", { class: "panel login", "aria-labelledby": "login-title" });
  const providers = (methods?.oauth2 ?? []).map((provider) =>
    h(
      "a",
      {
        class: "button primary",
        id: `login-provider-${provider.name}`,
        href: `${provider.login_url}?return_to=${encodeURIComponent(location.pathname)}`,
      },
      `Sign in with ${provider.display_name}`,
    ),
  );

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
    const tabs = passwordOpen ? [tab("password", "Username and password"), tab("token", "API token")] : [tab("token", "API token")];
    panel.replaceChildren(
      h("h1", { id: "login-title" }, "Log in to QPI"),
      ...(signInError ? [h("p", { class: "message error", id: "login-error", role: "alert" }, `Sign-in failed: ${signInError}`)] : []),
      ...(providers.length ? [h("div", { class: "providers" }, ...providers)] : []),
      h("div", { class: "tabs", role: "tablist" }, ...tabs),
      form,
    );
  };
  render();
  return panel;
}
