// The dashboard in headless Chromium against a real cluster: log in, watch a job
// submitted through the API reach COMPLETED, book a slot, dismiss a notification, create
// and revoke an API token, open every admin page, and register a QPU whose printed qpid
// line brings it up. Screenshots go to .build/test-output/dashboard/. Run with
// `node --experimental-websocket --test Tests/Dashboard/` (make test does).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { QPIClient } from "../../clients/js/qpi-client.js";
import { ALICE, BELL, Cluster, waitFor } from "../../clients/js/testing/cluster.js";
import { Browser, stepRunner } from "./cdp.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const output = join(root, ".build", "test-output", "dashboard");


describe("dashboard in headless Chromium", { timeout: 300_000 }, () => {
  let cluster;
  let browser;
  let page;
  let admin;
  let alice;
  let aliceToken;
  let adminToken;

  before(async () => {
    mkdirSync(output, { recursive: true });
    cluster = await Cluster.start();
    adminToken = await cluster.token();
    aliceToken = await cluster.token(ALICE);
    admin = new QPIClient(cluster.url, { token: adminToken });
    alice = new QPIClient(cluster.url, { token: aliceToken });
    browser = await Browser.launch();
    page = await browser.newPage();
  });

  after(async () => {
    // The cluster stops even when closing the browser fails.
    try {
      await browser?.close();
    } finally {
      await cluster?.stop();
    }
  });

  const step = stepRunner(() => page, output);

  async function login(token) {
    await page.goto(`${cluster.url}/dashboard/`);
    await page.evaluate("sessionStorage.clear()");
    await page.goto(`${cluster.url}/dashboard/`);
    await page.waitFor("the login form", "document.querySelector('#login-tab-token')");
    await page.click("#login-tab-token");
    await page.fill("#login-token", token);
    await page.click("#login-token-form button[type=submit]");
  }

  test("the dashboard's files are served with their types, and nothing outside them", async () => {
    const index = await fetch(`${cluster.url}/dashboard/`);
    assert.equal((await fetch(`${cluster.url}/healthz`)).status, 200);
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    const script = await fetch(`${cluster.url}/dashboard/qpi-client.js`);
    assert.match(script.headers.get("content-type"), /^text\/javascript/);
    // The served client is the very file in clients/js: one source.
    assert.equal(await script.text(), readFileSync(join(root, "clients/js/qpi-client.js"), "utf8"));
    const css = await fetch(`${cluster.url}/dashboard/style.css`);
    assert.match(css.headers.get("content-type"), /^text\/css/);
    // (fetch itself normalises a literal "..", so only escaped forms reach the server.)
    for (const path of ["%2e%2e/%2e%2e/etc/passwd", "views/../../etc/passwd", ".hidden", "nope.js"]) {
      const response = await fetch(`${cluster.url}/dashboard/${path}`);
      assert.equal(response.status, 404, `/dashboard/${path} answered ${response.status}`);
    }
    const bare = await fetch(`${cluster.url}/dashboard`, { redirect: "manual" });
    assert.ok([301, 302, 308].includes(bare.status), `/dashboard answered ${bare.status}`);
  });

  test("log in with a token, watch a job reach COMPLETED, see its histogram", async () => {
    await step("01-jobs", async () => {
      await login(aliceToken);
      await page.waitFor("the session to show alice", "document.querySelector('#whoami')?.textContent.includes('daemon')");
      await page.waitFor("the jobs view", "document.querySelector('#view')?.dataset.view === 'jobs'");
      const job = await alice.submitJob({ circuits: [{ circuit: BELL }], shots: 300, name: "browser-bell" });
      await page.waitFor(
        `job ${job.id} to show COMPLETED`,
        `document.querySelector('#job-${job.id} .job-state')?.dataset.state === 'COMPLETED'`,
        60_000,
      );
      await page.click(`#job-${job.id}`);
      await page.waitFor("the result histogram", "document.querySelectorAll('#job-detail svg.histogram rect.bar').length > 0");
      const bars = await page.evaluate("[...document.querySelectorAll('#job-detail svg.histogram rect.bar title')].map(t => t.textContent)");
      assert.ok(bars.every((t) => /^(00|11):/.test(t)), `bars: ${bars}`);
    });
  });

  test("book a slot on the calendar and cancel it", async () => {
    await step("02-bookings", async () => {
      await page.evaluate("location.hash = '#/bookings'");
      await page.waitFor("the booking form", "document.querySelector('#booking-form')");
      await page.evaluate(`(() => {
        const start = new Date(Date.now() + 2 * 3600e3); start.setMinutes(0, 0, 0);
        const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
        document.querySelector('#booking-start').value = local(start);
        document.querySelector('#booking-end').value = local(new Date(start.getTime() + 3600e3));
      })()`);
      await page.fill("#booking-qpu", "sim0");
      await page.fill("#booking-name", "browser-slot");
      await page.click("#booking-submit");
      const booked = await page.waitFor(
        "the booking in the list",
        "[...document.querySelectorAll('#booking-list tbody tr')].find(r => r.textContent.includes('browser-slot'))?.id",
      );
      const id = Number(booked.replace("booking-", ""));
      const listed = await alice.listSlots();
      assert.ok(listed.some((r) => r.id === id && r.user === ALICE && r.qpu === "sim0"), JSON.stringify(listed));
      await page.waitFor("the slot on the calendar", "document.querySelector('#booking-calendar .slot.own')");
      await page.screenshot(join(output, "02-bookings-booked.png"));
      await page.click(`#booking-${id} button.danger`);
      await page.waitFor("the booking to go", `!document.querySelector('#booking-${id}')`);
      assert.ok(!(await alice.listSlots()).some((r) => r.id === id));
    });
  });

  test("dismiss a notification", async () => {
    await step("03-notification", async () => {
      const note = await admin.createNotification({ title: "Maintenance", message: "sim0 recalibrates at noon", users: [ALICE] });
      // A new document, so the page reads the notifications again as at a fresh visit.
      await page.goto(`${cluster.url}/dashboard/?visit=${Date.now()}#/jobs`);
      await page.waitFor("the notification banner", `document.querySelector('#notification-${note.id}')`);
      await page.screenshot(join(output, "03-notification-shown.png"));
      await page.click(`#notification-${note.id} button[data-action=dismiss]`);
      await page.waitFor("the notification to go", `!document.querySelector('#notification-${note.id}')`);
      assert.ok(!(await alice.listNotifications()).some((n) => n.id === note.id), "the dismissal reached the server");
    });
  });

  test("create an API token, see it listed, revoke it, and the API refuses it", async () => {
    await step("04-tokens", async () => {
      await login(aliceToken);
      await page.waitFor("alice's session", "document.querySelector('#nav-tokens')");
      await page.evaluate("location.hash = '#/tokens'");
      await page.waitFor("the token form", "document.querySelector('#token-form') && document.querySelector('#token-list')");
      await page.fill("#token-name", "browser-made");
      await page.click("#token-submit");
      const secret = await page.waitFor("the new token's secret", "document.querySelector('#token-value')?.textContent");
      const made = new QPIClient(cluster.url, { token: secret });
      assert.equal((await made.me()).user, ALICE);
      const row = await page.waitFor(
        "the token in the list",
        "[...document.querySelectorAll('#token-list tbody tr')].find(r => r.textContent.includes('browser-made'))?.id",
      );
      const id = Number(row.replace("token-", ""));
      assert.ok((await alice.listTokens()).some((t) => t.id === id && t.name === "browser-made" && t.revoked_at === null));
      await page.screenshot(join(output, "04-tokens-created.png"));
      await page.click(`#token-${id} button.danger`);
      await page.waitFor("the token to show revoked", `document.querySelector('#token-${id} .token-state')?.textContent === 'revoked'`);
      const refused = await fetch(`${cluster.url}/api/me`, { headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(refused.status, 401, "the revoked token still works");
    });
    await step("04-tokens-password-login", async () => {
      await admin.request("PATCH", `/api/admin/users/${ALICE}`, { body: { password: "browser-password-1" } });
      await page.goto(`${cluster.url}/dashboard/`);
      await page.evaluate("sessionStorage.clear()");
      // A new document (not a hash change), so the page starts without a session.
      await page.goto(`${cluster.url}/dashboard/?visit=${Date.now()}#/tokens`);
      await page.waitFor("the login form", "document.querySelector('#login-username')");
      await page.fill("#login-username", ALICE);
      await page.fill("#login-password", "browser-password-1");
      await page.click("#login-password-form button[type=submit]");
      await page.waitFor("the token form", "document.querySelector('#token-form') && document.querySelector('#token-list')");
      const before = (await alice.listTokens()).length;
      await page.fill("#token-name", "from-a-session");
      await page.click("#token-submit");
      const told = await page.waitFor("the refusal", "document.querySelector('#token-refused')?.textContent");
      assert.match(told, /password login may not create API tokens/);
      assert.match(told, /qctl token create/);
      assert.equal((await alice.listTokens()).length, before, "a session made a token");
    });
  });

  test("every admin page renders without errors", async () => {
    page.errors.length = 0;
    await login(adminToken);
    await page.waitFor("the admin session", "document.querySelector('#whoami')?.textContent.includes('admin')");
    for (const [view, ready] of [
      ["qpus", "#telemetry-sim0"],
      ["time", "#balance"],
      ["notifications", "#notification-form"],
      ["registry", "#registry-sim0"],
      ["users", "#users-form"],
      ["jobs", "#job-list table"],
    ]) {
      await step(`04-admin-${view}`, async () => {
        await page.evaluate(`location.hash = '#/${view}'`);
        await page.waitFor(`the ${view} page`, `document.querySelector('#view')?.dataset.view === '${view}' && document.querySelector('${ready}')`);
      });
    }
    await step("05-registry-create", async () => {
      await page.evaluate("location.hash = '#/registry'");
      await page.waitFor("the registry form", "document.querySelector('#registry-form')");
      await page.fill("#registry-name", "qpu-web");
      await page.fill("#registry-qubits", "5");
      await page.click("#registry-form button[type=submit]");
      const token = await page.waitFor("the new QPU's token", "document.querySelector('#registry-token')?.textContent");
      const fingerprint = await page.evaluate("document.querySelector('#registry-fingerprint')?.textContent");
      assert.ok(token.length > 10, `token ${token}`);
      assert.match(fingerprint, /[0-9a-fA-F:]{32,}/);
      const line = await page.evaluate("document.querySelector('#registry-command')?.textContent");
      const setup = await page.evaluate("document.querySelector('#registry-setup')?.textContent");
      const controller = cluster.controlAddress;
      assert.equal(line, `QPID_TOKEN=${token} qpid --controller ${controller} --ca-fingerprint ${fingerprint} --executor sim`);
      for (const expected of [`QPID_CONTROLLER=${controller}`, `QPID_TOKEN=${token}`, "systemctl enable --now qpid@qpu-web.service"]) {
        assert.ok(setup.split("\n").includes(expected), `no ${expected} in\n${setup}`);
      }
      // The line as shown, run as a shell would: the QPU comes up and runs a job.
      cluster.startNode("qpu-web", line);
      await waitFor("qpu-web to come up IDLE", 60_000, async () => (await admin.getQPU("qpu-web")).state === "IDLE");
      const job = await admin.submitJob({ circuits: [{ circuit: BELL }], shots: 10, qpu: "qpu-web" });
      await waitFor(`job ${job.id} to complete on qpu-web`, 60_000, async () => (await admin.getJob(job.id)).state === "COMPLETED");
    });
    assert.deepEqual(page.errors, [], page.report());
  });
});
