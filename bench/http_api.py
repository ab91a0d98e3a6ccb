"""HTTP API benchmark: a private QPI cluster (munged, qpictld, one qpid with the native
simulator) on 127.0.0.1, loaded with wrk (Debian's package).

Measures (JSON in bench/results/http-<time>.json), each for DURATION seconds with
CONNECTIONS connections over THREADS threads:
- POST /api/jobs: submissions per second (one-qubit circuit, held so the queue, not the
  simulator, is measured), with latency percentiles;
- GET /api/jobs: listings per second of the caller's jobs (limit 100) with the queue
  filled by the POST run and, with --bench-driver, topped up to --queued held jobs.
Goals are reported, never asserted.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

from localcluster import free_port, free_range
from report import write_report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CIRCUIT = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\n'

POST_SCRIPT = """
wrk.method = "POST"
wrk.body = [[%s]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
"""


def parse_wrk(text):
    """Requests per second, request count, errors and latency percentiles from `wrk --latency`."""
    result = {}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["requests_per_second"] = float(match.group(1)) if match else None
    match = re.search(r"(\d+) requests in", text)
    result["requests"] = int(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    result["non_2xx"] = int(match.group(1)) if match else 0
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    for percentile in ("50", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if match:
            result[f"p{percentile}_seconds"] = float(match.group(1)) * units[match.group(2)]
    return result


def run_wrk(wrk, url, args, script=None):
    argv = [wrk, "--latency", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], check=True, capture_output=True, text=True, timeout=args.duration + 120)
    report = parse_wrk(out.stdout)
    report.update(threads=args.threads, connections=args.connections, duration_seconds=args.duration)
    return report


def pending_jobs(bin_dir, conf):
    """Jobs pending in the controller, from `qctl diag`."""
    out = subprocess.run([os.path.join(bin_dir, "qctl"), "diag", "--json", "--conf", conf],
                         check=True, capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)["queue"]["pending"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"), help="the programs measured: daemons and qctl")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--bench-driver", help="qpi-bench, to fill the queue to --queued jobs before the GET run")
    parser.add_argument("--queued", type=int, default=100_000)
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("bench/http_api.py: wrk is missing; scripts/install-deps --bench installs it")

    with tempfile.TemporaryDirectory(prefix="qpi-http-bench-") as tmp:
        low, high = free_range()
        port = free_port()
        conf = os.path.join(tmp, "qpi.conf")
        with open(conf, "w") as f:
            f.write(
                f"ControlPort={free_port()}\nPortRange={low}-{high}\nStateSaveLocation={tmp}/state\n"
                f"MungeSocket={tmp}/munge/munge.socket\nLogLevel=warning\nServerPort={port}\n"
                "QPUName=sim0 Executor=sim Qubits=24\n"
            )
        env = dict(os.environ, QPI_CLUSTER_DIR=tmp, QPI_CONF=conf, QPI_BIN=args.bin)
        local_cluster = [os.path.join(ROOT, "scripts/local-cluster")]
        subprocess.run(local_cluster + ["start"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            created = subprocess.run(
                [os.path.join(args.bin, "qctl"), "token", "create", "--name", "bench", "--json", "--conf", conf],
                check=True, capture_output=True, text=True, timeout=60)
            token = json.loads(created.stdout)["token"]
            body = json.dumps({"circuits": [{"circuit": CIRCUIT}], "shots": 1, "hold": True})
            script = os.path.join(tmp, "post.lua")
            with open(script, "w") as f:
                f.write(POST_SCRIPT % (body, token))
            get_script = os.path.join(tmp, "get.lua")
            with open(get_script, "w") as f:
                f.write('wrk.headers["Authorization"] = "Bearer %s"\n' % token)
            report = {"post_jobs": run_wrk(wrk, base + "/api/jobs", args, script)}
            queued = pending_jobs(args.bin, conf)
            if args.bench_driver and queued < args.queued:
                job = os.path.join(tmp, "tiny.qasm")
                with open(job, "w") as f:
                    f.write(CIRCUIT)
                subprocess.run(
                    [args.bench_driver, "submit", "--count", str(args.queued - queued), "--clients", "8", "--hold",
                     "--conf", conf, job], check=True, capture_output=True, timeout=1800)
                queued = pending_jobs(args.bin, conf)
            report["get_jobs"] = run_wrk(wrk, base + "/api/jobs?limit=100", args, get_script)
            report["get_jobs"]["queued_jobs"] = queued
            report["get_healthz"] = run_wrk(wrk, base + "/healthz", args)
        finally:
            subprocess.run(local_cluster + ["stop"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    for name, result in report.items():
        print(f"{name}: {result['requests_per_second']} requests/s, p50 {result.get('p50_seconds')} s, "
              f"non-2xx {result['non_2xx']}")
    write_report(report, args.out, "http")


if __name__ == "__main__":
    main()
