// Small DOM helpers shared by the views: element building, formatting, messages.

/**
 * Builds an element: h("button", { class: "primary", onclick }, "Save").
 * Attributes starting with "on" become listeners; null and false attributes are left out;
 * children may be strings, nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A labelled form control: the label's `for` names the control's id. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("small", {}, hint) : null);
}

/** A table from rows: columns are [heading, row => cell content]. */
export function table(columns, rows, { empty = "Nothing here yet.", rowAttributes } = {}) {
  if (!rows.length) return h("p", { class: "empty" }, empty);
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, columns.map(([heading]) => h("th", { scope: "col" }, heading)))),
    h(
      "tbody",
      {},
      rows.map((row) => h("tr", rowAttributes?.(row) ?? {}, columns.map(([, cell]) => h("td", {}, cell(row))))),
    ),
  );
}

/** A local date and time for a document's RFC 3339 time; "—" for none. */
export function time(text) {
  if (text === null || text === undefined) return "—";
  return new Date(text).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

/** A value for a datetime-local input from a Date or a document's RFC 3339 time. */
export function localInputValue(value) {
  const date = new Date(value);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/** Seconds as "1h 02m", "3m 05s" or "12.3s"; "unlimited" for null. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "unlimited";
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(seconds);
  if (s < 60) return `${sign}${s.toFixed(s < 10 ? 1 : 0)}s`;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  const rest = Math.round(s - minutes * 60);
  return hours ? `${sign}${hours}h ${String(minutes).padStart(2, "0")}m` : `${sign}${minutes}m ${String(rest).padStart(2, "0")}s`;
}

/** A state badge, colored by its CSS class. */
export function badge(state) {
  return h("span", { class: `badge state-${String(state).toLowerCase()}` }, state);
}

/** Shows an error (a QPIError names the field at fault) in the page's message area. */
export function showError(error) {
  const where = error?.field ? ` (${error.field})` : "";
  showMessage(`${error?.message ?? error}${where}`, "error");
  if (!(error?.name === "QPIError")) console.error(error);
}

/** A short-lived message at the top of the page; errors stay until dismissed. */
export function showMessage(text, kind = "info") {
  const area = document.getElementById("messages");
  const message = h(
    "div",
    { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" },
    h("span", {}, text),
    h("button", { class: "link", "aria-label": "Dismiss message", onclick: () => message.remove() }, "×"),
  );
  area.append(message);
  if (kind !== "error") setTimeout(() => message.remove(), 5_000);
}

/** Runs `action` with `button` disabled, showing any error. */
export async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}
