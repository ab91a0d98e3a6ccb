// The JavaScript client against a real cluster: munged, qpictld and qpid started by the
// test, HTTP on a free port of 127.0.0.1.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QPIClient, QPIError } from "../qpi-client.js";
import { ALICE, BELL, BOB, Cluster } from "../testing/cluster.js";


/** Resolves with the QPIError `promise` rejects with; fails when it resolves. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QPIError, `expected a QPIError, got ${error}`);
    return error;
  }
  assert.fail("expected the call to fail");
}

describe("QPIClient against a real cluster", { timeout: 240_000 }, () => {
  let cluster;
  let admin;
  let alice;
  let bob;

  before(async () => {
    cluster = await Cluster.start();
    admin = new QPIClient(cluster.url, { token: await cluster.token() });
    alice = new QPIClient(cluster.url, { token: await cluster.token(ALICE) });
    bob = new QPIClient(cluster.url, { token: await cluster.token(BOB) });
  });

  after(async () => {
    await cluster?.stop();
  });

  test("me names the caller and whether an admin", async () => {
    const me = await alice.me();
    assert.equal(me.user, ALICE);
    assert.equal(me.is_admin, false);
    assert.equal((await admin.me()).is_admin, true);
  });

  test("a call without a token is refused with 401 and the API's error code", async () => {
    const anonymous = new QPIClient(cluster.url);
    const error = await rejection(anonymous.listJobs());
    assert.equal(error.status, 401);
    assert.equal(typeof error.code, "string");
    assert.ok(error.message.length > 0);
  });

  test("submit, wait and get the counts of a Bell circuit", async () => {
    const job = await alice.submitJob({ circuits: [{ circuit: BELL }], shots: 200, name: "bell-js" });
    assert.ok(job.id > 0);
    const done = await alice.wait(job.id, { timeout: 60_000, interval: 200 });
    assert.equal(done.state, "COMPLETED", `job ended ${done.state}: ${done.message ?? ""}`);
    const result = await alice.getResult(job.id);
    const counts = result.results[0].counts;
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 200);
    for (const key of Object.keys(counts)) assert.ok(["00", "11"].includes(key), `unexpected outcome ${key}`);

    const listed = await alice.listJobs({ state: "COMPLETED", user: ALICE });
    assert.ok(listed.some((j) => j.id === job.id), "the finished job is listed under its filters");
    const none = await alice.listJobs({ state: "PENDING", user: ALICE });
    assert.ok(!none.some((j) => j.id === job.id), "the state filter leaves it out");
  });

  test("bad QASM is refused with the field at fault", async () => {
    const error = await rejection(alice.submitJob({ circuits: [{ circuit: "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n" }] }));
    assert.ok([400, 422].includes(error.status), `status ${error.status}`);
    assert.match(String(error.field), /circuit/);
  });

  test("an unknown job is 404", async () => {
    const error = await rejection(alice.getJob(987654));
    assert.equal(error.status, 404);
  });

  test("a pending job is cancelled; another user cannot cancel it", async () => {
    await admin.toggleQPU("sim0", { enabled: false, reason: "js test" });
    try {
      const job = await alice.submitJob({ circuits: [{ circuit: BELL }], shots: 10, qpu: "sim0" });
      assert.equal((await alice.getJob(job.id)).state, "PENDING");
      const refused = await rejection(bob.cancelJob(job.id));
      assert.ok([403, 404].includes(refused.status), `status ${refused.status}`);
      await alice.cancelJob(job.id);
      assert.equal((await alice.getJob(job.id)).state, "CANCELLED");
    } finally {
      await admin.toggleQPU("sim0", { enabled: true });
    }
  });

  test("wait gives up with a timeout error", async () => {
    await admin.toggleQPU("sim0", { enabled: false, reason: "js test" });
    try {
      const job = await alice.submitJob({ circuits: [{ circuit: BELL }], shots: 10, qpu: "sim0" });
      const error = await rejection(alice.wait(job.id, { timeout: 300, interval: 100 }));
      assert.equal(error.code, "timeout");
      await alice.cancelJob(job.id);
    } finally {
      await admin.toggleQPU("sim0", { enabled: true });
    }
  });

  test("QPUs are listed and shown", async () => {
    const qpus = await alice.listQPUs();
    assert.ok(qpus.some((q) => q.name === "sim0"));
    const sim0 = await alice.getQPU("sim0");
    assert.equal(sim0.name, "sim0");
    assert.equal((await rejection(alice.getQPU("nope"))).status, 404);
  });

  test("slots: book, see, refuse an overlap, cancel one's own only", async () => {
    const start = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const slot = await alice.bookSlot({ qpu: "sim0", start: new Date(start * 1000), end: start + 3600, name: "js" });
    assert.equal(slot.user, ALICE);
    assert.equal(slot.start, new Date(start * 1000).toISOString().replace(".000Z", "Z"), "times come back as RFC 3339");
    assert.equal(Date.parse(slot.end), (start + 3600) * 1000);
    assert.ok((await bob.listSlots()).some((r) => r.id === slot.id), "everyone sees all bookings");
    const overlap = await rejection(bob.bookSlot({ qpu: "sim0", start: start + 600, end: start + 1200 }));
    assert.equal(overlap.status, 409);
    const foreign = await rejection(bob.cancelSlot(slot.id));
    assert.ok([403, 404].includes(foreign.status), `status ${foreign.status}`);
    await alice.cancelSlot(slot.id);
    assert.ok(!(await alice.listSlots()).some((r) => r.id === slot.id));
  });

  test("time requests: ask, and an admin approves", async () => {
    const request = await alice.requestTime({ seconds: 120, reason: "js test" });
    assert.equal(request.state, "PENDING");
    assert.ok(!(await bob.listTimeRequests()).some((r) => r.id === request.id), "others do not see it");
    const refused = await rejection(alice.decideTimeRequest(request.id, { approve: true }));
    assert.equal(refused.status, 403);
    const decided = await admin.decideTimeRequest(request.id, { approve: true, note: "ok" });
    assert.equal(decided.request.state, "APPROVED");
  });

  test("notifications: targeted, listed, dismissed; admins only create", async () => {
    const denied = await rejection(alice.createNotification({ title: "x", message: "y" }));
    assert.equal(denied.status, 403);
    const note = await admin.createNotification({ title: "maintenance", message: "sim0 down at noon", users: [ALICE] });
    assert.ok((await alice.listNotifications()).some((n) => n.id === note.id));
    assert.ok(!(await bob.listNotifications()).some((n) => n.id === note.id), "bob is not targeted");
    await alice.dismissNotification(note.id);
    assert.ok(!(await alice.listNotifications()).some((n) => n.id === note.id), "dismissed ones are gone");
    const updated = await admin.updateNotification(note.id, { title: "maintenance moved" });
    assert.equal(updated.title, "maintenance moved");
    await admin.deleteNotification(note.id);
  });

  test("tokens: create, list, rename, revoke", async () => {
    const created = await alice.createToken({ name: "js-made" });
    assert.ok(created.token.length > 10);
    const id = created.info.id;
    assert.ok((await alice.listTokens()).some((t) => t.id === id));
    const renamed = await alice.updateToken(id, { name: "js-renamed" });
    assert.equal(renamed.name, "js-renamed");
    const fresh = new QPIClient(cluster.url, { token: created.token });
    assert.equal((await fresh.me()).user, ALICE);
    await alice.deleteToken(id);
    assert.equal((await rejection(fresh.me())).status, 401);
  });

  test("the event stream reports a submitted job", async () => {
    const controller = new AbortController();
    const seen = [];
    let jobID = null;
    let opened;
    const open = new Promise((resolve) => (opened = resolve));
    const stream = (async () => {
      for await (const event of alice.events({ signal: controller.signal, onOpen: opened })) {
        seen.push(event);
        if (event.data?.id === jobID && event.data?.state === "COMPLETED") controller.abort();
      }
    })();
    // The stream must be open before the job changes state.
    const timer = setTimeout(() => controller.abort(), 60_000);
    await Promise.race([open, stream]);
    jobID = (await alice.submitJob({ circuits: [{ circuit: BELL }], shots: 20 })).id;
    await stream;
    clearTimeout(timer);
    const states = seen.filter((e) => e.data?.id === jobID).map((e) => e.data.state);
    assert.ok(states.includes("COMPLETED"), `events for job ${jobID}: ${JSON.stringify(seen)}`);
  });
});
