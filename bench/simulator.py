"""Simulator benchmarks: bin/qsim against qiskit-aer in one run on one machine.

Measures (JSON in bench/results/simulator-<time>.json, ratios printed):
  * QFT and random layered circuits at 16, 20, 24 and 26 qubits: simulation time and
    peak memory, qsim vs AerSimulator(method="statevector") with the same thread count;
  * parsing a generated 100,000-gate OpenQASM 2 file, qsim --check vs qiskit.qasm2.loads;
  * 1,000 small Bell circuits through one qsim process vs Aer driven from Python.
Goals are reported, never asserted: simulator time <= 1.0x Aer, memory <= 1.1 x 16*2^n
bytes, parsing at least as fast as qiskit.qasm2, small circuits >= 10x faster than Aer.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

from report import write_report

SIZES = [16, 20, 24, 26]
SHOTS = 1000


def qft_qasm(n):
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];", f"creg c[{n}];"]
    for i in range(n):
        lines.append(f"x q[{i}];" if i % 2 == 0 else f"h q[{i}];")
    for j in reversed(range(n)):
        lines.append(f"h q[{j}];")
        for k in reversed(range(j)):
            lines.append(f"cp(pi/{2 ** (j - k)}) q[{j}],q[{k}];")
    for i in range(n // 2):
        lines.append(f"swap q[{i}],q[{n - 1 - i}];")
    lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


def random_layered_qasm(n, depth=10, seed=1234):
    rng = random.Random(seed * 1000 + n)
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];", f"creg c[{n}];"]
    for layer in range(depth):
        for q in range(n):
            theta, phi, lam = (rng.uniform(0, 2 * math.pi) for _ in range(3))
            lines.append(f"u3({theta:.6f},{phi:.6f},{lam:.6f}) q[{q}];")
        order = list(range(n))
        rng.shuffle(order)
        for a, b in zip(order[0::2], order[1::2]):
            lines.append(f"cx q[{a}],q[{b}];")
    lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


def big_parse_qasm(gates=100_000, n=20, seed=7):
    rng = random.Random(seed)
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];", f"creg c[{n}];"]
    one = ["h", "x", "t", "s", "sdg", "tdg", "sx"]
    for _ in range(gates):
        r = rng.random()
        if r < 0.4:
            lines.append(f"{rng.choice(one)} q[{rng.randrange(n)}];")
        elif r < 0.7:
            lines.append(f"rz({rng.uniform(-3.14, 3.14):.6f}) q[{rng.randrange(n)}];")
        else:
            a, b = rng.sample(range(n), 2)
            lines.append(f"cx q[{a}],q[{b}];")
    lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'


def run_measured(argv, env=None):
    """Runs argv to completion; returns (wall seconds, stdout bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, out


def peak_rss_of(argv, env=None):
    """Runs argv and returns (wall seconds, peak RSS in bytes of that child only, stdout)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise RuntimeError(f"{argv[0]} failed ({code}): {err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss * 1024, out.read().decode()


AER_ONE = r"""
import json, sys, time
from qiskit import qasm2
from qiskit_aer import AerSimulator
path, threads, shots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
circuit = qasm2.load(path, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
backend = AerSimulator(method="statevector", max_parallel_threads=threads)
start = time.perf_counter()
result = backend.run(circuit, shots=shots, seed_simulator=1).result()
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "time_taken": result.results[0].time_taken}))
"""

AER_BASELINE = r"""
from qiskit import qasm2
from qiskit_aer import AerSimulator
AerSimulator(method="statevector")
"""

AER_BELLS = r"""
import json, sys, time
from qiskit import qasm2
from qiskit_aer import AerSimulator
count = int(sys.argv[1])
source = sys.argv[2]
backend = AerSimulator(method="statevector", max_parallel_threads=1)
circuits = [qasm2.loads(source) for _ in range(count)]
backend.run(circuits[0], shots=1024).result()
start = time.perf_counter()
for c in circuits:
    backend.run(c, shots=1024).result()
loop = time.perf_counter() - start
start = time.perf_counter()
backend.run(circuits, shots=1024).result()
batch = time.perf_counter() - start
print(json.dumps({"loop": loop, "batch": batch}))
"""

QASM2_PARSE = r"""
import json, sys, time
from qiskit import qasm2
source = open(sys.argv[1]).read()
start = time.perf_counter()
qasm2.loads(source, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--qsim", default="bin/qsim")
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    py = sys.executable
    report = {"machine": {"cpus": os.cpu_count(), "threads": args.threads}, "circuits": [], "parse": {}, "small_circuits": {}}

    _, aer_base_rss, _ = peak_rss_of([py, "-c", AER_BASELINE])
    report["machine"]["aer_python_baseline_rss_bytes"] = aer_base_rss

    with tempfile.TemporaryDirectory(prefix="qpi-bench-") as tmp:
        for family, make in (("qft", qft_qasm), ("random_layered", random_layered_qasm)):
            for n in sizes:
                path = os.path.join(tmp, f"{family}_{n}.qasm")
                with open(path, "w") as f:
                    f.write(make(n))
                _, qsim_rss, out = peak_rss_of([args.qsim, path, "--json", "--shots", str(SHOTS), "--seed", "1", "--threads", str(args.threads)])
                qsim_time = json.loads(out)["results"][0]["time_taken"]
                _, aer_rss, aer_out = peak_rss_of([py, "-c", AER_ONE, path, str(args.threads), str(SHOTS)])
                aer = json.loads(aer_out)
                state_bytes = 16 * 2**n
                row = {
                    "family": family,
                    "qubits": n,
                    "qsim_seconds": qsim_time,
                    "aer_seconds": aer["time_taken"],
                    "time_ratio_qsim_over_aer": qsim_time / aer["time_taken"],
                    "qsim_peak_rss_bytes": qsim_rss,
                    "aer_peak_rss_bytes": aer_rss,
                    "aer_peak_rss_above_python_bytes": aer_rss - aer_base_rss,
                    "state_bytes": state_bytes,
                    "qsim_memory_over_state": qsim_rss / state_bytes,
                    "goal_time": qsim_time <= aer["time_taken"],
                    "goal_memory": qsim_rss <= 1.1 * state_bytes,
                }
                report["circuits"].append(row)
                print(f"{family:15s} n={n:2d}  qsim {qsim_time:8.3f}s  aer {aer['time_taken']:8.3f}s  ratio {row['time_ratio_qsim_over_aer']:5.2f}  "
                      f"qsim rss {qsim_rss / 2**20:8.1f} MiB ({row['qsim_memory_over_state']:.2f}x state)  aer rss {aer_rss / 2**20:8.1f} MiB", flush=True)

        big = os.path.join(tmp, "parse_100k.qasm")
        with open(big, "w") as f:
            f.write(big_parse_qasm())
        tiny = os.path.join(tmp, "tiny.qasm")
        with open(tiny, "w") as f:
            f.write(BELL)
        startup = min(run_measured([args.qsim, tiny, "--check"])[0] for _ in range(5))
        qsim_parse = min(run_measured([args.qsim, big, "--check"])[0] for _ in range(3)) - startup
        qiskit_parse = min(json.loads(run_measured([py, "-c", QASM2_PARSE, big])[1])["seconds"] for _ in range(3))
        report["parse"] = {
            "gates": 100_000,
            "qsim_seconds": qsim_parse,
            "qsim_process_startup_seconds": startup,
            "qiskit_qasm2_seconds": qiskit_parse,
            "speedup_qsim_over_qiskit": qiskit_parse / qsim_parse,
            "goal": qsim_parse <= qiskit_parse,
        }
        print(f"parse 100k gates: qsim {qsim_parse * 1e3:.1f} ms  qiskit.qasm2 {qiskit_parse * 1e3:.1f} ms  speedup {qiskit_parse / qsim_parse:.2f}x", flush=True)

        bells = os.path.join(tmp, "bells.qasm")
        with open(bells, "w") as f:
            f.write("".join(BELL for _ in range(1000)))
        qsim_bells = min(run_measured([args.qsim, bells, "--shots", "1024", "--threads", "1", "--json"])[0] for _ in range(3))
        aer_bells = json.loads(run_measured([py, "-c", AER_BELLS, "1000", BELL])[1])
        report["small_circuits"] = {
            "circuits": 1000,
            "qsim_process_seconds": qsim_bells,
            "aer_python_loop_seconds": aer_bells["loop"],
            "aer_python_batch_seconds": aer_bells["batch"],
            "speedup_vs_aer_loop": aer_bells["loop"] / qsim_bells,
            "speedup_vs_aer_batch": aer_bells["batch"] / qsim_bells,
            "goal": aer_bells["loop"] / qsim_bells >= 10,
        }
        print(f"1000 Bell circuits: qsim {qsim_bells * 1e3:.1f} ms (one process)  aer loop {aer_bells['loop'] * 1e3:.1f} ms  "
              f"aer batch {aer_bells['batch'] * 1e3:.1f} ms  speedup {aer_bells['loop'] / qsim_bells:.1f}x / {aer_bells['batch'] / qsim_bells:.1f}x", flush=True)

    write_report(report, args.out, "simulator")


if __name__ == "__main__":
    main()
