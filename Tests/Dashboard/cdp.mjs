// A small Chrome DevTools Protocol driver for the dashboard's browser test: headless
// Chromium from Debian, spoken to over its --remote-debugging-port WebSocket with the
// WebSocket client Node 20 has behind --experimental-websocket. No npm packages.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A runner of named test steps on the page `currentPage()` returns: each saves a screenshot
 * to `directory/PREFIXNAME.png` (`-FAILED` when it throws), and a failure's message gains
 * the page's errors and console, and `context()`.
 */
export function stepRunner(currentPage, directory, { prefix = "", context = () => "" } = {}) {
  return async (name, body) => {
    const page = currentPage();
    try {
      await body();
      await page.screenshot(join(directory, `${prefix}${name}.png`));
    } catch (error) {
      await page?.screenshot(join(directory, `${prefix}${name}-FAILED.png`)).catch(() => {});
      error.message += `\n${page?.report() ?? ""}${context()}`;
      throw error;
    }
  };
}

/** The Chromium executable: CHROMIUM, or the first of Debian's names on PATH. */
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error("chromium is not installed: run scripts/install-deps (Debian package `chromium`)");
}

export class Browser {
  #process;
  #socket;
  #profile;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Set();
  /** Chromium's own stderr, for failure messages. */
  output = "";

  /** Starts headless Chromium on a free debugging port and connects to it. */
  static async launch() {
    if (typeof WebSocket !== "function") {
      throw new Error("this test needs Node's WebSocket client: run it with node --experimental-websocket");
    }
    const browser = new Browser();
    browser.#profile = mkdtempSync(join(tmpdir(), "qpi-chromium-"));
    browser.#process = spawn(
      chromiumPath(),
      [
        "--headless=new",
        "--no-sandbox", // the tests run as root in containers, where the sandbox cannot start
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--remote-debugging-port=0",
        `--user-data-dir=${browser.#profile}`,
        "about:blank",
      ],
      // A process group of its own, so close() can end the helpers Chromium leaves behind.
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    browser.#process.stderr.on("data", (chunk) => (browser.output += chunk));
    browser.#process.on("error", (error) => (browser.output += `\nspawn failed: ${error.message}`));
    try {
      // Chromium writes the port it chose, and the browser target's path, to this file.
      const portFile = join(browser.#profile, "DevToolsActivePort");
      const deadline = Date.now() + 30_000;
      while (!existsSync(portFile) || readFileSync(portFile, "utf8").split("\n").length < 2) {
        if (Date.now() > deadline || browser.#process.exitCode !== null) {
          throw new Error(`Chromium did not open its debugging port:\n${browser.output.slice(-2000)}`);
        }
        await sleep(50);
      }
      const [port, path] = readFileSync(portFile, "utf8").trim().split("\n");
      await browser.#connect(`ws://127.0.0.1:${port}${path}`);
    } catch (error) {
      await browser.close();
      throw error;
    }
    return browser;
  }

  #connect(url) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error(`cannot connect to Chromium at ${url}`));
      socket.onclose = () => {
        for (const { reject: fail, method } of this.#pending.values()) fail(new Error(`Chromium closed the connection during ${method}`));
        this.#pending.clear();
      };
      socket.onmessage = (event) => this.#receive(JSON.parse(event.data));
      this.#socket = socket;
    });
  }

  #receive(message) {
    if (message.id !== undefined) {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
      return;
    }
    for (const listener of this.#listeners) listener(message);
  }

  /** Sends one CDP command (to a page when `sessionId` is given) and resolves with its result. */
  send(method, params = {}, sessionId) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, method });
      this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  /** Calls `listener` with every CDP event; returns a function that removes it. */
  on(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A new tab, with console messages and uncaught exceptions recorded. */
  async newPage() {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await page.enable();
    return page;
  }

  /** Closes Chromium (politely, then by pid) and deletes its profile. */
  async close() {
    if (this.#socket?.readyState === WebSocket.OPEN) {
      await Promise.race([this.send("Browser.close").catch(() => {}), sleep(2_000)]);
      this.#socket.close();
    }
    const child = this.#process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Chromium's helper processes can outlive the browser and keep writing the profile:
    // end its process group (ours alone), then retry while the directory is not yet empty.
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group has ended already.
      }
    }
    if (this.#profile) rmSync(this.#profile, { recursive: true, force: true, maxRetries: 50, retryDelay: 200 });
  }
}

export class Page {
  /** Console errors, failed requests and uncaught exceptions, for failure messages. */
  errors = [];
  /** Every console line, to show with a failure. */
  console = [];

  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    browser.on((message) => {
      if (message.sessionId !== sessionId) return;
      const { method, params } = message;
      if (method === "Runtime.consoleAPICalled") {
        const text = params.args.map((a) => a.value ?? a.description ?? "").join(" ");
        this.console.push(`${params.type}: ${text}`);
        if (params.type === "error") this.errors.push(`console.error: ${text}`);
      } else if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails;
        this.errors.push(`uncaught: ${d.exception?.description ?? d.text} (${d.url ?? ""}:${d.lineNumber})`);
      } else if (method === "Log.entryAdded" && params.entry.level === "error") {
        this.errors.push(`log: ${params.entry.text} ${params.entry.url ?? ""}`);
      }
    });
  }

  send(method, params) {
    return this.browser.send(method, params, this.sessionId);
  }

  async enable() {
    await this.send("Page.enable");
    await this.send("Runtime.enable");
    await this.send("Log.enable");
  }

  /** Navigates and waits for the load event. */
  async goto(url) {
    const loaded = new Promise((resolve) => {
      const off = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === "Page.loadEventFired") {
          off();
          resolve();
        }
      });
    });
    const { errorText, loaderId } = await this.send("Page.navigate", { url });
    if (errorText) throw new Error(`navigating to ${url}: ${errorText}`);
    // A change of the #fragment alone stays in the same document: no load event comes.
    if (!loaderId) return;
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no load event within 30 s after navigating to ${url}`)), 30_000);
    });
    try {
      await Promise.race([loaded, limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Evaluates `expression` in the page (promises awaited) and returns its JSON value. */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    }
    return result.value;
  }

  /** Polls `expression` until it is truthy; throws naming `what`, with the page's errors, after `ms`. */
  async waitFor(what, expression, ms = 15_000) {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await this.evaluate(expression);
        if (value) return value;
      } catch (error) {
        last = error;
      }
      await sleep(100);
    }
    throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${last.message})` : ""}\n${this.report()}`);
  }

  /** Sets a form control's value as typing would, firing input and change events. */
  async fill(selector, value) {
    await this.evaluate(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) throw new Error("no element matches " + ${JSON.stringify(selector)});
      el.value = ${JSON.stringify(value)};
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    })()`);
  }

  /** Clicks the element `selector` matches (the first one). */
  async click(selector) {
    await this.evaluate(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) throw new Error("no element matches " + ${JSON.stringify(selector)});
      el.click();
    })()`);
  }

  /** Saves a PNG of the viewport to `path`. */
  async screenshot(path) {
    const { data } = await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    writeFileSync(path, Buffer.from(data, "base64"));
  }

  /** The page's errors and console, for a failure message. */
  report() {
    const errors = this.errors.length ? this.errors.join("\n") : "(none)";
    return `page errors:\n${errors}\npage console (last 20):\n${this.console.slice(-20).join("\n")}`;
  }
}
