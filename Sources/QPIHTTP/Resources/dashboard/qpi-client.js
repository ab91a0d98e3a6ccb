// QPI JavaScript client: one dependency-free ES module for browsers and Node 20 or later.
// It speaks QPI's HTTP API with fetch; the dashboard served at /dashboard/ uses this very
// file (clients/js/qpi-client.js is a link to it, so there is one source).
//
//   import { QPIClient } from "./qpi-client.js";
//   const qpi = new QPIClient("http://127.0.0.1:8090", { token: "qpi_…" });
//   const job = await qpi.submitJob({ circuits: [{ circuit: bellQASM }], shots: 1000 });
//   const done = await qpi.wait(job.id, { timeout: 60_000 });
//   const counts = (await qpi.getResult(job.id)).results[0].counts;

/** An error the API answered with (or a transport failure, with code "network"). */
export class QPIError extends Error {
  /**
   * @param {object} detail
   * @param {number} detail.status HTTP status; 0 when no response arrived.
   * @param {string} detail.code Stable machine-readable code, e.g. "not_found".
   * @param {string} detail.message What was wrong and how to fix it.
   * @param {string} [detail.field] The request field at fault, when one is.
   */
  constructor({ status, code, message, field }) {
    super(message);
    this.name = "QPIError";
    this.status = status;
    this.code = code;
    this.field = field ?? null;
  }
}

/** Job states that do not change any more. */
export const FINISHED_STATES = Object.freeze(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL"]);

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const segment = (value) => encodeURIComponent(String(value));

export class QPIClient {
  /**
   * @param {string} url The server's base URL, e.g. "http://127.0.0.1:8090" (a trailing
   *   slash is ignored); "" in a page served by the server itself.
   * @param {object} [options]
   * @param {string} [options.token] An API token, sent as a bearer token.
   * @param {typeof fetch} [options.fetch] A fetch to use instead of the global one.
   */
  constructor(url = "", { token = null, fetch: fetchImpl } = {}) {
    this.url = String(url).replace(/\/+$/, "");
    this.token = token;
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  /**
   * One API call. Resolves with the parsed JSON body (null for 204), throws QPIError for
   * any status outside 2xx with the server's code, message and field.
   * @param {string} method
   * @param {string} path Starting with "/".
   * @param {object} [options]
   * @param {unknown} [options.body] Sent as JSON.
   * @param {Record<string, unknown>} [options.query] Parameters; null and undefined are left out.
   * @param {AbortSignal} [options.signal]
   */
  async request(method, path, { body, query, signal } = {}) {
    const response = await this.#send(method, path, { body, query, signal, accept: "application/json" });
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  async #send(method, path, { body, query, signal, accept }) {
    let target = this.url + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined || value === null || value === "") continue;
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
      const text = params.toString();
      if (text) target += `?${text}`;
    }
    const headers = { Accept: accept };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await this.fetch(target, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (error?.name === "AbortError") throw error;
      throw new QPIError({ status: 0, code: "network", message: `${method} ${target}: ${error?.message ?? error}` });
    }
    if (!response.ok) throw await QPIClient.#error(response, method, path);
    return response;
  }

  static async #error(response, method, path) {
    const text = await response.text().catch(() => "");
    let detail = null;
    try {
      detail = JSON.parse(text)?.error ?? null;
    } catch {
      // Not the API's error JSON (a proxy's page, say): the status line and body say enough.
    }
    return new QPIError({
      status: response.status,
      code: detail?.code ?? `http_${response.status}`,
      message: detail?.message ?? `${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`.trim(),
      field: detail?.field,
    });
  }

  // --- Authentication -------------------------------------------------------------

  /**
   * Logs in with a username and password; on success the client uses the returned token.
   * @returns {Promise<{token: string, user: object}>}
   */
  login(username, password) {
    return this.#startSession("/api/auth/login", { username, password });
  }

  /** How users may sign in: `{ password, oauth2: [{ name, display_name, login_url }] }`. */
  authMethods() {
    return this.request("GET", "/api/auth/methods");
  }

  /**
   * Trades the one-time code an OpenID Connect sign-in leaves in the page's URL fragment
   * (`#login_code=…`) for a login token; on success the client uses that token.
   * @returns {Promise<{token: string, user: string, is_admin: boolean}>}
   */
  exchangeLoginCode(code) {
    return this.#startSession("/api/auth/oauth2/exchange", { code });
  }

  /** POSTs `body` to a login route and keeps the token it answers with. */
  async #startSession(path, body) {
    const session = await this.request("POST", path, { body });
    this.token = session.token;
    return session;
  }

  /** The caller: `{ user, is_admin, balance (qpu_seconds; null is unlimited), used_seconds, jobs }`. */
  me() {
    return this.request("GET", "/api/me");
  }

  // --- Jobs -----------------------------------------------------------------------

  /**
   * Submits a job.
   * @param {object} job
   * @param {{circuit: string}[]} job.circuits OpenQASM 2.0 or 3 texts.
   * @param {number} [job.shots]
   * @param {string} [job.qpu] A QPU name; any free QPU without it.
   * @param {string} [job.name]
   * @returns {Promise<object>} The stored job (PENDING), with its id.
   */
  submitJob({ circuits, shots, qpu, name, ...rest }) {
    return this.request("POST", "/api/jobs", { body: { circuits, shots, qpu, name, ...rest } });
  }

  /** Jobs, newest first; filters: state, user, qpu, limit. */
  async listJobs(filters = {}) {
    return items(await this.request("GET", "/api/jobs", { query: filters }));
  }

  getJob(id) {
    return this.request("GET", `/api/jobs/${segment(id)}`);
  }

  cancelJob(id) {
    return this.request("POST", `/api/jobs/${segment(id)}/cancel`);
  }

  /** A finished job's result in Qiskit's format: `results[i].counts` per circuit. */
  getResult(id) {
    return this.request("GET", `/api/jobs/${segment(id)}/result`);
  }

  /**
   * Polls a job until it finishes and resolves with it.
   * @param {number|string} id
   * @param {object} [options]
   * @param {number} [options.timeout] Milliseconds (default 5 minutes); a QPIError with
   *   code "timeout" after it.
   * @param {number} [options.interval] Milliseconds between polls (default 500).
   * @param {AbortSignal} [options.signal]
   */
  async wait(id, { timeout = 300_000, interval = 500, signal } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const job = await this.getJob(id);
      if (FINISHED_STATES.includes(job.state)) return job;
      if (Date.now() >= deadline) {
        throw new QPIError({
          status: 0,
          code: "timeout",
          message: `job ${id} is still ${job.state} after ${timeout} ms`,
        });
      }
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
    }
  }

  // --- QPUs -----------------------------------------------------------------------

  async listQPUs() {
    return items(await this.request("GET", "/api/qpus"));
  }

  getQPU(name) {
    return this.request("GET", `/api/qpus/${segment(name)}`);
  }

  /** A QPU's telemetry events, newest first; filters: kind, since (a Date, epoch seconds or ISO text), limit. */
  async getTelemetry(name, { since, ...filters } = {}) {
    const query = since === undefined ? filters : { ...filters, since: rfc3339(since) };
    return items(await this.request("GET", `/api/qpus/${segment(name)}/telemetry`, { query }));
  }

  /** Registers a QPU (superusers). The answer holds its access token and the CA fingerprint, shown only now. */
  createQPU({ name, qubits, executor, ...rest }) {
    return this.request("POST", "/api/op/qpus/create", { body: { name, qubits, executor, ...rest } });
  }

  /** Enables or disables a QPU (superusers). */
  toggleQPU(name, { enabled, reason } = {}) {
    return this.request("POST", "/api/op/qpu/toggle", { body: { name, enabled, reason } });
  }

  // --- Slots ------------------------------------------------------------------------

  /** All booked slots (everyone's); filters `qpu` and `user`. */
  async listSlots(filters = {}) {
    return items(await this.request("GET", "/api/slots", { query: filters }));
  }

  /**
   * Books a time slot.
   * @param {object} slot
   * @param {string|null} [slot.qpu] A QPU, or null for all.
   * @param {Date|number|string} slot.start A Date, seconds since 1970, or ISO 8601 text.
   * @param {Date|number|string} slot.end
   * @param {string} [slot.name]
   */
  bookSlot({ qpu, start, end, name, ...rest }) {
    return this.request("POST", "/api/slots", {
      body: { qpu, start: rfc3339(start), end: rfc3339(end), name, ...rest },
    });
  }

  cancelSlot(id) {
    return this.request("DELETE", `/api/slots/${segment(id)}`);
  }

  // --- QPU time -------------------------------------------------------------------

  /** Asks the admins for more qpu_seconds. */
  requestTime({ seconds, reason }) {
    return this.request("POST", "/api/time-requests", { body: { seconds, reason } });
  }

  /** Time requests: one's own, or everyone's for superusers; filter: state. */
  async listTimeRequests(filters = {}) {
    return items(await this.request("GET", "/api/time-requests", { query: filters }));
  }

  /** Approves or rejects a pending request (superusers). */
  decideTimeRequest(id, { approve, note } = {}) {
    return this.request("POST", `/api/time-requests/${segment(id)}/decide`, { body: { approve: Boolean(approve), note } });
  }

  // --- Notifications ----------------------------------------------------------------

  /** The caller's active, undismissed notifications; superusers may pass `{ all: true }`. */
  async listNotifications(filters = {}) {
    return items(await this.request("GET", "/api/notifications", { query: filters }));
  }

  dismissNotification(id) {
    return this.request("POST", `/api/notifications/${segment(id)}/dismiss`);
  }

  /** Creates a notification (superusers): title, message, level, users (empty: broadcast), start, end. */
  createNotification({ start, end, ...fields }) {
    return this.request("POST", "/api/notifications", { body: withTimes(fields, { start, end }) });
  }

  updateNotification(id, { start, end, ...fields }) {
    return this.request("PATCH", `/api/notifications/${segment(id)}`, { body: withTimes(fields, { start, end }) });
  }

  deleteNotification(id) {
    return this.request("DELETE", `/api/notifications/${segment(id)}`);
  }

  // --- API tokens -------------------------------------------------------------------

  /** Creates a token; the answer holds the secret, shown only now. */
  createToken({ name, expiresInSeconds, user } = {}) {
    return this.request("POST", "/api/tokens", { body: { name, expires_in_seconds: expiresInSeconds, user } });
  }

  async listTokens(filters = {}) {
    return items(await this.request("GET", "/api/tokens", { query: filters }));
  }

  getToken(id) {
    return this.request("GET", `/api/tokens/${segment(id)}`);
  }

  updateToken(id, changes) {
    return this.request("PATCH", `/api/tokens/${segment(id)}`, { body: changes });
  }

  deleteToken(id) {
    return this.request("DELETE", `/api/tokens/${segment(id)}`);
  }

  // --- Users (superusers) -------------------------------------------------------------

  /** Users and their qpu_seconds balances. */
  async listUsers() {
    return items(await this.request("GET", "/api/admin/users"));
  }

  /** Sets a user's balance; null is unlimited. */
  setUserSeconds(user, qpuSeconds) {
    return this.request("PATCH", `/api/admin/users/${segment(user)}`, { body: { qpu_seconds: qpuSeconds } });
  }

  // --- Live events --------------------------------------------------------------------

  /**
   * The server's event stream (/api/events, Server-Sent Events) as an async iterator of
   * `{ event, data, id }`, data parsed from JSON. It uses fetch rather than EventSource,
   * which cannot send the Authorization header. Ends when `signal` aborts or the server
   * closes the stream; throws QPIError when the server refuses it.
   * @param {object} [options]
   * @param {AbortSignal} [options.signal]
   * @param {() => void} [options.onOpen] called once the server has accepted the stream:
   *   every change from then on is sent
   */
  async *events({ signal, onOpen } = {}) {
    const response = await this.#send("GET", "/api/events", { signal, accept: "text/event-stream" });
    onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let event = { event: "message", data: [], id: null };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        // At the end a trailing "\r" ends its line; before, it may be half of a "\r\n".
        buffer += done ? (buffer.endsWith("\r") ? "\n" : "") : value;
        for (;;) {
          const end = /\r\n|\r|\n/.exec(buffer);
          if (!end || (end[0] === "\r" && end.index === buffer.length - 1)) break;
          const line = buffer.slice(0, end.index);
          buffer = buffer.slice(end.index + end[0].length);
          if (line === "") {
            if (event.data.length) yield parseEvent(event);
            event = { event: "message", data: [], id: null };
            continue;
          }
          if (line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event.event = text;
          else if (field === "data") event.data.push(text);
          else if (field === "id") event.id = text;
        }
        if (done) return;
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  /**
   * Calls `onEvent` for every server event until the returned `close()` is called,
   * reconnecting after `retry` ms when the stream drops. `onError` gets each failure.
   */
  subscribe(onEvent, { onError, retry = 2_000 } = {}) {
    const controller = new AbortController();
    (async () => {
      while (!controller.signal.aborted) {
        try {
          for await (const event of this.events({ signal: controller.signal })) onEvent(event);
        } catch (error) {
          if (controller.signal.aborted) return;
          onError?.(error);
        }
        await sleep(retry, controller.signal).catch(() => {});
      }
    })();
    return { close: () => controller.abort() };
  }
}

/** The array of a list answer (`{ items: [...] }`). */
function items(answer) {
  return Array.isArray(answer) ? answer : (answer?.items ?? []);
}

function parseEvent({ event, data, id }) {
  const text = data.join("\n");
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A plain-text event: handed over as it came.
  }
  return { event, data: parsed, id };
}

/**
 * RFC 3339 text in UTC, as the API writes times, for a Date, seconds since 1970 or ISO 8601
 * text; null and undefined stay as they are. Read a document's time with `new Date(text)`.
 */
export function rfc3339(value) {
  if (value === undefined || value === null) return value;
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`not a time: ${value}`);
  return new Date(ms).toISOString();
}

function withTimes(fields, { start, end }) {
  const body = { ...fields };
  if (start !== undefined) body.starts_at = rfc3339(start);
  if (end !== undefined) body.ends_at = rfc3339(end);
  return body;
}
