"""Executor protocol overhead: 1,000 one-shot Bell jobs end to end through a private
cluster with one QPU, once on the native simulator (qsim --executor) and once on each
Python executor (qpi_executors: mock, qiskit_aer), all speaking the same protocol.

The difference in wall time per job is what the Python executor adds per job:
interpreter, JSON, OpenQASM import into Qiskit, transpiling, and the simulator's own
overhead. JSON in bench/results/executors-<time>.json; nothing is asserted.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from localcluster import ROOT, free_port, free_range  # noqa: E402
from report import write_report  # noqa: E402

BELL = (
    "// QPI --shots=100 --name=bell\nOPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\n"
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)


def run_on(executor, args):
    """e2e numbers for `count` Bell jobs on a one-QPU cluster running `executor`."""
    with tempfile.TemporaryDirectory(prefix=f"qpi-exec-bench-{executor}-") as tmp:
        low, high = free_range()
        conf = os.path.join(tmp, "qpi.conf")
        with open(conf, "w") as f:
            f.write(
                f"ControlPort={free_port()}\nPortRange={low}-{high}\nStateSaveLocation={tmp}/state\n"
                f"MungeSocket={tmp}/munge/munge.socket\nLogLevel=warning\nServerPort={free_port()}\n"
                f"QPUName=q0 Executor={executor} Qubits=24\n"
            )
        job = os.path.join(tmp, "bell.qasm")
        with open(job, "w") as f:
            f.write(BELL)
        # Without ExecutorCommand=, qpid runs `$QPI_PYTHON -m qpi_executors` for mock and qiskit_aer.
        env = dict(os.environ, QPI_CLUSTER_DIR=tmp, QPI_CONF=conf, QPI_PYTHON=args.python)
        local_cluster = os.path.join(ROOT, "scripts/local-cluster")
        subprocess.run([local_cluster, "start"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        try:
            # One job first, so that the executor's start-up (importing Qiskit) is not counted.
            drive = [args.bench_driver, "e2e", "--conf", conf, job]
            subprocess.run(drive + ["--count", "1"], check=True, capture_output=True, timeout=300)
            out = subprocess.run(drive + ["--count", str(args.count), "--clients", "4"], check=True,
                                 capture_output=True, timeout=3600)
            result = json.loads(out.stdout)
        finally:
            subprocess.run([local_cluster, "stop"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    result["seconds_per_job"] = result["wall_seconds"] / max(result["jobs"], 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench-driver", required=True, help="path of the qpi-bench executable")
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv/bin/python"),
                        help="interpreter with qpi-executors installed (scripts/install-deps makes .venv)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    args = parser.parse_args()

    report = {"jobs": args.count, "shots_per_job": 100}
    for executor in ("sim", "mock", "qiskit_aer"):
        report[executor] = run_on(executor, args)
    native = report["sim"]["seconds_per_job"]
    report["overhead_seconds_per_job"] = {
        name: report[name]["seconds_per_job"] - native for name in ("mock", "qiskit_aer")
    }
    lines = [f"executor protocol, {args.count} Bell jobs (100 shots) end to end, one QPU:"]
    for name in ("sim", "mock", "qiskit_aer"):
        r = report[name]
        extra = "" if name == "sim" else f"   overhead {report['overhead_seconds_per_job'][name] * 1e3:7.2f} ms/job"
        lines.append(f"  {name:<11} {r['jobs_per_second']:8.1f} jobs/s  {r['seconds_per_job'] * 1e3:7.2f} ms/job"
                     f"  ({r['completed']:.0f} completed){extra}")
    print("\n".join(lines))
    write_report(report, args.out, "executors")


if __name__ == "__main__":
    main()
