// OpenID Connect sign-in in headless Chromium: the login page offers the providers of
// OAuth2Providers; a click goes to a real provider (Tests/OIDCProvider/provider.py, Authlib's
// authorization server), whose form signs the user in and sends the browser back to the
// dashboard, logged in. A provider that issues an expired ID token leaves the user on the
// login page with the reason. Run with `node --experimental-websocket --test Tests/Dashboard/`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ALICE, Cluster } from "../../clients/js/testing/cluster.js";
import { Browser, stepRunner } from "./cdp.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const output = join(root, ".build", "test-output", "dashboard");

/** The test provider, started on a free port; resolves once it says where it listens. */
function startProvider(clientID, clientSecret) {
  const python = process.env.QPI_TEST_PYTHON ?? join(root, ".venv/bin/python");
  if (!existsSync(python)) throw new Error(`no Python at ${python}: run scripts/install-deps`);
  const child = spawn(python, [join(root, "Tests/OIDCProvider/provider.py"), "--client-id", clientID, "--client-secret", clientSecret], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the test provider did not start within 60 s:\n${log}`));
    }, 60_000);
    child.stderr.on("data", (chunk) => (log += chunk));
    child.stdout.on("data", (chunk) => {
      log += chunk;
      const match = /^listening (\S+)$/m.exec(log);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ url: match[1], stop: () => child.kill("SIGTERM"), log: () => log });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the test provider exited (${code}):\n${log}`));
    });
  });
}

describe("OpenID Connect sign-in in headless Chromium", { timeout: 300_000 }, () => {
  let provider;
  let cluster;
  let browser;
  let page;

  before(async () => {
    mkdirSync(output, { recursive: true });
    provider = await startProvider("qpi-dashboard", "dashboard-secret");
    const providers = [{ name: "lab", display_name: "Lab sign-in", issuer: provider.url, client_id: "qpi-dashboard", client_secret: "dashboard-secret" }];
    cluster = await Cluster.start({ settings: { OAuth2Providers: `'${JSON.stringify(providers)}'` } });
    browser = await Browser.launch();
    page = await browser.newPage();
  });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await cluster?.stop();
      } finally {
        provider?.stop();
      }
    }
  });

  const step = stepRunner(() => page, output, {
    prefix: "oauth2-",
    context: () => `\nprovider:\n${provider?.log().slice(-2000)}`,
  });

  /** From the dashboard's login page through the provider's form, as a user clicks it. */
  async function signInAt(user) {
    await page.goto(`${cluster.url}/dashboard/`);
    await page.evaluate("sessionStorage.clear()");
    await page.goto(`${cluster.url}/dashboard/`);
    const label = await page.waitFor("the provider's button", "document.querySelector('#login-provider-lab')?.textContent");
    assert.equal(label, "Sign in with Lab sign-in");
    await page.click("#login-provider-lab");
    await page.waitFor("the provider's login form", `location.origin === ${JSON.stringify(provider.url)} && document.querySelector('#username')`);
    await page.fill("#username", user);
    await page.click("#sign-in");
  }

  test("a user signs in with the provider and lands on the dashboard, logged in", async () => {
    await step("01-signed-in", async () => {
      await signInAt(ALICE);
      await page.waitFor("the signed-in session", `document.body.dataset.user === ${JSON.stringify(ALICE)}`, 30_000);
      assert.equal(await page.evaluate("location.pathname + location.hash"), "/dashboard/");
      const token = await page.evaluate("sessionStorage.getItem('qpi.token')");
      assert.ok(token && token.length > 20, `token ${token}`);
      const me = await fetch(`${cluster.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal((await me.json()).user, ALICE);
    });
  });

  test("an ID token the controller refuses leaves the user at the login page with the reason", async () => {
    await step("02-refused", async () => {
      const mode = await fetch(`${provider.url}/test/mode`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ mode: "expired" }),
      });
      assert.equal(mode.status, 200);
      await signInAt(ALICE);
      const error = await page.waitFor("the sign-in error", "document.querySelector('#login-error')?.textContent", 30_000);
      assert.match(error, /Sign-in failed: .*expired/);
      assert.equal(await page.evaluate("sessionStorage.getItem('qpi.token')"), null);
      assert.equal(await page.evaluate("location.hash"), "");
    });
    // The provider's own page is not ours to judge (it has no favicon, say).
    assert.deepEqual(page.errors.filter((error) => !error.includes(provider.url)), [], page.report());
  });
});
