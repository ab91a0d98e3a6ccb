// Unit tests of the client's parsing with a stand-in fetch: the event-stream framing
// (chunks split anywhere) and error answers. The cluster tests cover the real server.

import { test } from "node:test";
import assert from "node:assert/strict";
import { QPIClient, QPIError, rfc3339 } from "../qpi-client.js";

function streamingFetch(chunks) {
  return async (url, init) => {
    assert.equal(init.headers.Accept, "text/event-stream");
    assert.equal(init.headers.Authorization, "Bearer t");
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
  };
}

test("events are framed however the stream is split", async () => {
  const text = ': hello\r\nevent: job\r\nid: 7\r\ndata: {"id":1,\r\ndata: "state":"RUNNING"}\r\n\r\ndata: plain\n\nevent: qpu\rdata: {"name":"sim0"}\r\r';
  // Every split point, so "\r" | "\n" halves and split fields are all exercised.
  for (let cut = 1; cut < text.length; cut += 3) {
    const client = new QPIClient("http://x", { token: "t", fetch: streamingFetch([text.slice(0, cut), text.slice(cut)]) });
    const events = [];
    for await (const event of client.events()) events.push(event);
    assert.deepEqual(events, [
      { event: "job", data: { id: 1, state: "RUNNING" }, id: "7" },
      { event: "message", data: "plain", id: null },
      { event: "qpu", data: { name: "sim0" }, id: null },
    ], `split at ${cut}`);
  }
});

test("an error answer becomes a QPIError with code, message, field and status", async () => {
  const client = new QPIClient("http://x/", {
    fetch: async (url) => {
      assert.equal(url, "http://x/api/jobs?state=PENDING&qpu=sim0");
      return new Response(JSON.stringify({ error: { code: "invalid_field", message: "bad state", field: "state" } }), {
        status: 422,
      });
    },
  });
  await assert.rejects(client.listJobs({ state: "PENDING", user: undefined, qpu: "sim0" }), (error) => {
    assert.ok(error instanceof QPIError);
    assert.deepEqual([error.status, error.code, error.message, error.field], [422, "invalid_field", "bad state", "state"]);
    return true;
  });
});

test("a non-JSON error and a dead server still give QPIErrors", async () => {
  const proxy = new QPIClient("http://x", { fetch: async () => new Response("<h1>Bad gateway</h1>", { status: 502 }) });
  await assert.rejects(proxy.me(), (e) => e.status === 502 && e.code === "http_502" && e.message.includes("Bad gateway"));
  const dead = new QPIClient("http://x", {
    fetch: async () => {
      throw new TypeError("fetch failed");
    },
  });
  await assert.rejects(dead.me(), (e) => e.status === 0 && e.code === "network");
});

test("times are sent as RFC 3339 text in UTC, as the API writes them", () => {
  assert.equal(rfc3339(new Date("2026-01-01T00:00:00Z")), "2026-01-01T00:00:00.000Z");
  assert.equal(rfc3339("2026-01-01T01:00:00+01:00"), "2026-01-01T00:00:00.000Z");
  assert.equal(rfc3339(1767225600.25), "2026-01-01T00:00:00.250Z");
  assert.equal(rfc3339(null), null);
  assert.throws(() => rfc3339("soon"), TypeError);
});
