// A real QPI cluster for the JavaScript client's and the dashboard's tests: a private
// munged, qpictld and one qpid per QPU, as child processes on 127.0.0.1, with the
// configuration, state and logs in one temporary directory.
//
// The executables come from QPI_BIN_DIR, or else the debug build (.build/debug), which
// `make test` builds before it runs these tests. stop() kills every child this module
// started, by pid, and deletes the directory; call it from `after` so a failing test does
// not leak a daemon.

import { spawn, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The directory of the built QPI executables. */
// The controller maps token users to system accounts, so the test users must exist here.
export const ALICE = "daemon";
export const BOB = "nobody";

export const BELL = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
`;

export function binDirectory() {
  const dir = process.env.QPI_BIN_DIR ?? join(root, ".build", "debug");
  if (!existsSync(join(dir, "qpictld")) || !existsSync(join(dir, "qpid"))) {
    throw new Error(`qpictld and qpid are not built in ${dir}: run \`swift build\` first or set QPI_BIN_DIR`);
  }
  return dir;
}

/** Resolves once `port` on 127.0.0.1 could be bound (and is released again). */
function portIsFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePort(true)));
  });
}

/** `count` consecutive free ports, probed together so that none of them is taken. */
async function consecutivePorts(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let free = true;
    for (let port = base; port < base + count && free; port++) free = await portIsFree(port);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports on 127.0.0.1`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws naming `what` after `ms`. */
export async function waitFor(what, ms, probe, every = 100) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `; last attempt: ${last.message}` : ""}`);
}

export class Cluster {
  /** @type {Map<string, import("node:child_process").ChildProcess>} */
  #children = new Map();
  #stopped = false;

  constructor({ dir, bin, configPath, controlPort, serverPort, qpus, env }) {
    this.dir = dir;
    this.bin = bin;
    this.configPath = configPath;
    this.serverPort = serverPort;
    this.qpus = qpus;
    this.env = env;
    /** The HTTP API's base URL. */
    this.url = `http://127.0.0.1:${serverPort}`;
    /** The controller's command listener, HOST:PORT, as qpid --controller takes it. */
    this.controlAddress = `127.0.0.1:${controlPort}`;
  }

  /**
   * Starts munged, qpictld and a qpid per QPU, and waits until the HTTP API answers and
   * every QPU is idle. On failure everything started is stopped and the error carries the
   * daemons' logs.
   */
  static async start({ qpus = ["sim0"], settings = {} } = {}) {
    const bin = binDirectory();
    const dir = mkdtempSync(join(tmpdir(), "qpi-js-cluster-"));
    // munged refuses a socket directory that others cannot traverse.
    chmodSync(dir, 0o755);
    // Two ports per configured QPU, and two spare for a QPU registered while the tests run.
    const base = await consecutivePorts(2 + 2 * (qpus.length + 1));
    const mungeSocket = join(dir, "munge.socket");
    const config = {
      ClusterName: "qpi-js-test",
      ControlAddr: "127.0.0.1",
      ControlPort: String(base),
      ServerPort: String(base + 1),
      PortRange: `${base + 2}-${base + 1 + 2 * (qpus.length + 1)}`,
      StateSaveLocation: join(dir, "state"),
      MungeSocket: mungeSocket,
      TLSCACertFile: join(dir, "state/ca.pem"),
      TLSCAKeyFile: join(dir, "state/ca.key"),
      TLSCertFile: join(dir, "state/cert.pem"),
      TLSKeyFile: join(dir, "state/cert.key"),
      HeartbeatInterval: "1s",
      NodeTimeout: "5s",
      RecoveryInterval: "1s",
      LogLevel: "info",
      ...settings,
    };
    const lines = Object.entries(config).map(([k, v]) => `${k}=${v}`);
    for (const name of qpus) lines.push(`QPUName=${name} Executor=sim Qubits=16`);
    const configPath = join(dir, "qpi.conf");
    writeFileSync(configPath, lines.join("\n") + "\n");
    // The generated configuration must win over whatever QPI_* the caller's shell sets.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("QPI_")));

    const cluster = new Cluster({ dir, bin, configPath, controlPort: base, serverPort: base + 1, qpus, env });
    try {
      await cluster.#startMunged(mungeSocket);
      cluster.#spawn("qpictld", join(bin, "qpictld"), ["--conf", configPath]);
      for (const name of qpus) {
        cluster.#spawn(`qpid-${name}`, join(bin, "qpid"), [
          "--name", name, "--conf", configPath, "--data-dir", join(dir, "node", name), "--threads", "1",
        ]);
      }
      await waitFor("the HTTP API to answer /healthz", 60_000, async () => (await fetch(`${cluster.url}/healthz`)).ok);
      await waitFor(`QPUs ${qpus.join(", ")} to be idle`, 60_000, async () => {
        const { items } = await cluster.json("qinfo", []);
        const idle = items.filter((q) => q.state === "IDLE").map((q) => q.name);
        return qpus.every((q) => idle.includes(q));
      });
    } catch (error) {
      const logs = cluster.logTail();
      await cluster.stop();
      throw new Error(`the test cluster did not come up: ${error.message}\n${logs}`);
    }
    return cluster;
  }

  async #startMunged(socket) {
    const key = join(this.dir, "munge.key");
    writeFileSync(key, randomBytes(1024), { mode: 0o600 });
    this.#spawn("munged", "munged", [
      "--foreground",
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${join(this.dir, "munged.pid")}`,
      `--seed-file=${join(this.dir, "munged.seed")}`,
    ]);
    await waitFor("munged's socket", 5_000, () => existsSync(socket), 20);
  }

  /**
   * Runs `line`, a qpid command line as a shell would (leading NAME=VALUE words go into its
   * environment; `qpid` is this build's), in the cluster's directory, as the `qpid-NAME`
   * daemon that `stop` stops. Quoting is not understood: a line holding quotes is refused.
   */
  startNode(name, line) {
    if (/['"\\]/.test(line)) throw new Error(`startNode understands no shell quoting: ${line}`);
    const words = line.trim().split(/\s+/);
    const env = { ...this.env };
    while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? "")) {
      const [key, ...value] = words.shift().split("=");
      env[key] = value.join("=");
    }
    if (words.shift() !== "qpid") throw new Error(`not a qpid command line: ${line}`);
    this.#spawn(`qpid-${name}`, join(this.bin, "qpid"), words, { env, cwd: this.dir });
  }

  #spawn(name, command, args, { env = this.env, cwd } = {}) {
    const log = openSync(join(this.dir, `${name}.log`), "a");
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", log, log] });
    closeSync(log);
    child.on("error", () => {});
    this.#children.set(name, child);
  }

  /** Runs a QPI command (qctl, qinfo, …) against this cluster as the current user and parses its `--json` output. */
  async json(command, args) {
    const { stdout } = await run(join(this.bin, command), [...args, "--json", "--conf", this.configPath], {
      env: this.env,
      timeout: 30_000,
    });
    return JSON.parse(stdout);
  }

  /**
   * A new API token: for the current user (root here, an admin) without `user`, or for
   * `user` (created by the admin for them). Returns the secret.
   */
  async token(user) {
    const args = ["token", "create", "--name", `js-test-${user ?? "admin"}`];
    if (user) args.push("--user", user);
    const created = await this.json("qctl", args);
    return created.token;
  }

  /** The last `lines` lines of every daemon's log, for failure messages. */
  logTail(lines = 30) {
    let out = "";
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith(".log")).sort()) {
      const text = readFileSync(join(this.dir, name), "utf8").split("\n").slice(-lines).join("\n");
      out += `--- ${name} ---\n${text}\n`;
    }
    return out;
  }

  /** Stops the nodes, then the controller, then munged (SIGTERM, SIGKILL after 5 s), and deletes the directory. */
  async stop() {
    if (this.#stopped) return;
    this.#stopped = true;
    const order = [...this.#children.keys()].sort((a, b) => rank(a) - rank(b));
    for (const name of order) await stopChild(this.#children.get(name));
    this.#children.clear();
    if (!process.env.QPI_KEEP_CLUSTER) rmSync(this.dir, { recursive: true, force: true });
  }
}

function rank(name) {
  return name.startsWith("qpid-") ? 0 : name === "qpictld" ? 1 : 2;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
