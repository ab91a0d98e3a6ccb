// The dashboard's shell: the session (token in sessionStorage), navigation by URL hash,
// the notification banner and one live event stream shared by the views.

import { QPIClient } from "./qpi-client.js";
import { h, showError } from "./ui.js";
import { renderLogin } from "./views/login.js";
import { renderJobs } from "./views/jobs.js";
import { renderQPUs } from "./views/qpus.js";
import { renderBookings } from "./views/bookings.js";
import { renderTime } from "./views/time.js";
import { renderTokens } from "./views/tokens.js";
import { renderNotifications } from "./views/notifications.js";
import { renderRegistry } from "./views/registry.js";
import { renderUsers } from "./views/users.js";

const TOKEN_KEY = "qpi.token";

/** Views by hash; `admin` ones are offered to superusers only. */
const ROUTES = [
  { path: "jobs", title: "Jobs", render: renderJobs },
  { path: "qpus", title: "QPUs", render: renderQPUs },
  { path: "bookings", title: "Bookings", render: renderBookings },
  { path: "time", title: "QPU time", render: renderTime },
  { path: "tokens", title: "API tokens", render: renderTokens },
  { path: "notifications", title: "Notifications", render: renderNotifications, admin: true },
  { path: "registry", title: "QPU registry", render: renderRegistry, admin: true },
  { path: "users", title: "Users", render: renderUsers, admin: true },
];

const client = new QPIClient(location.origin, { token: sessionStorage.getItem(TOKEN_KEY) });
const listeners = new Set();
let subscription = null;
let bannerTimer = null;
let me = null;
let cleanup = [];

/** What every view gets. */
const context = {
  client,
  get me() {
    return me;
  },
  /** Re-reads the caller (after the balance changed, say). */
  async refreshMe() {
    me = await client.me();
    renderSession();
    return me;
  },
  /** Calls `listener` with each live event while the current view is shown. */
  onEvent(listener) {
    listeners.add(listener);
    cleanup.push(() => listeners.delete(listener));
  },
  /** Runs `callback` every `ms` while the current view is shown. */
  every(ms, callback) {
    const timer = setInterval(callback, ms);
    cleanup.push(() => clearInterval(timer));
  },
  refreshNotificationBanner: () => renderNotificationBanner(),
};

async function start() {
  // An OpenID Connect sign-in comes back with #login_code=… or #login_error=…: taken
  // out of the address at once, so neither stays in the history or a bookmark.
  const signIn = new URLSearchParams(location.hash.slice(1));
  const loginCode = signIn.get("login_code");
  const signInError = signIn.get("login_error");
  if (loginCode || signInError) history.replaceState(null, "", location.pathname);
  window.addEventListener("hashchange", () => route());
  if (signInError) return showLogin(signInError);
  if (loginCode) {
    try {
      const session = await client.exchangeLoginCode(loginCode);
      sessionStorage.setItem(TOKEN_KEY, session.token);
    } catch (error) {
      return showLogin(error.message);
    }
  }
  if (!client.token) return showLogin();
  try {
    me = await client.me();
  } catch (error) {
    if (error.status === 401) return showLogin();
    showError(error);
    return;
  }
  enterSession();
}

async function showLogin(signInError = null) {
  document.getElementById("nav").replaceChildren();
  document.getElementById("session").replaceChildren();
  document.getElementById("notification-banner").replaceChildren();
  const methods = await client.authMethods().catch(() => null);
  const view = document.getElementById("view");
  view.replaceChildren(
    renderLogin(
      client,
      async (token) => {
        sessionStorage.setItem(TOKEN_KEY, token);
        client.token = token;
        me = await client.me();
        enterSession();
      },
      { methods, signInError },
    ),
  );
}

function enterSession() {
  document.body.dataset.user = me.user;
  renderSession();
  subscription?.close();
  subscription = client.subscribe(
    (event) => {
      for (const listener of listeners) listener(event);
    },
    { onError: (error) => console.warn("live updates interrupted:", error.message) },
  );
  renderNotificationBanner();
  // The event stream carries jobs and QPUs only: notifications are read again on a timer.
  clearInterval(bannerTimer);
  bannerTimer = setInterval(renderNotificationBanner, 60_000);
  route();
}

function logout() {
  clearInterval(bannerTimer);
  subscription?.close();
  subscription = null;
  sessionStorage.removeItem(TOKEN_KEY);
  client.token = null;
  me = null;
  location.hash = "";
  showLogin();
}

function isAdmin() {
  return Boolean(me?.is_admin);
}

function renderSession() {
  const name = me?.user ?? "?";
  document.getElementById("session").replaceChildren(
    h("span", { id: "whoami" }, name, isAdmin() ? " (admin)" : ""),
    h("button", { type: "button", onclick: logout }, "Log out"),
  );
}

async function route() {
  if (!me) return;
  const routes = ROUTES.filter((r) => !r.admin || isAdmin());
  const path = location.hash.replace(/^#\/?/, "").split("?")[0] || "jobs";
  const current = routes.find((r) => r.path === path) ?? routes[0];
  document.getElementById("nav").replaceChildren(
    ...routes.map((r) =>
      h("a", { href: `#/${r.path}`, "aria-current": r === current ? "page" : null, id: `nav-${r.path}` }, r.title),
    ),
  );
  for (const undo of cleanup) undo();
  cleanup = [];
  document.title = `${current.title} · QPI`;
  const view = document.getElementById("view");
  view.replaceChildren(h("h1", {}, current.title));
  view.dataset.view = current.path;
  try {
    await current.render(view, context);
  } catch (error) {
    showError(error);
  }
}

async function renderNotificationBanner() {
  const area = document.getElementById("notification-banner");
  let notifications;
  try {
    notifications = await client.listNotifications();
  } catch (error) {
    console.warn("notifications unavailable:", error.message);
    return;
  }
  const items = Array.isArray(notifications) ? notifications : (notifications?.notifications ?? []);
  area.replaceChildren(
    ...items.map((n) => {
      const dismiss = h(
        "button",
        {
          type: "button",
          class: "link",
          "aria-label": `Dismiss notification: ${n.title}`,
          "data-action": "dismiss",
          onclick: async () => {
            try {
              await client.dismissNotification(n.id);
              element.remove();
            } catch (error) {
              showError(error);
            }
          },
        },
        "×",
      );
      const element = h(
        "div",
        { class: `notification ${n.level ?? n.type ?? "info"}`, id: `notification-${n.id}`, role: "note" },
        h("div", { class: "body" }, h("strong", {}, n.title), n.message ?? n.body ?? ""),
        dismiss,
      );
      return element;
    }),
  );
}

start();
