"""A private QPI cluster for the benchmarks: munged, qpictld and one qpid per simulated QPU,
started by scripts/local-cluster in a temporary directory with free ports on 127.0.0.1, and
stopped by pid file when the `with` block ends, however it ends."""

import contextlib
import json
import os
import socket
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONE_SHOT = "// QPI --shots=1 --name=tiny\nOPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_range(size=8):
    """A run of `size` consecutive free ports for the QPU links."""
    for _ in range(200):
        base = free_port()
        if base + size > 65535:
            continue
        ok = True
        for port in range(base, base + size):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base, base + size - 1
    raise RuntimeError("no free port range on 127.0.0.1")


def rss_bytes(pid, field="VmRSS"):
    """VmRSS (or another size of /proc/PID/status, such as RssAnon) of a live process; 0 once
    it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


class LocalCluster:
    """What a running benchmark cluster offers: its qpi.conf, a one-shot job file, its daemons' pids."""

    def __init__(self, directory, conf, job, qpus):
        self.directory = directory
        self.conf = conf
        self.job = job
        self.qpus = qpus
        self.env = dict(os.environ, QPI_CLUSTER_DIR=directory, QPI_CONF=conf)

    def pid(self, name):
        with open(os.path.join(self.directory, "run", f"{name}.pid")) as f:
            return int(f.read().strip())

    @property
    def controller_pid(self):
        return self.pid("qpictld")

    @property
    def node_pids(self):
        return [self.pid(f"qpid-{qpu}") for qpu in self.qpus]


@contextlib.contextmanager
def local_cluster(qpus=("sim0", "sim1"), extra_conf="", bin_dir=None):
    """Starts a cluster with one simulated 24-qubit QPU per name, from the programs in
    `bin_dir` (default ./bin); yields a LocalCluster."""
    with tempfile.TemporaryDirectory(prefix="qpi-bench-") as tmp:
        low, high = free_range()
        conf = os.path.join(tmp, "qpi.conf")
        with open(conf, "w") as f:
            f.write(
                f"ControlPort={free_port()}\nPortRange={low}-{high}\nStateSaveLocation={tmp}/state\n"
                f"MungeSocket={tmp}/munge/munge.socket\nLogLevel=warning\nServerPort={free_port()}\n"
                + "".join(f"QPUName={qpu} Executor=sim Qubits=24\n" for qpu in qpus)
                + extra_conf
            )
        job = os.path.join(tmp, "tiny.qasm")
        with open(job, "w") as f:
            f.write(ONE_SHOT)
        cluster = LocalCluster(tmp, conf, job, list(qpus))
        if bin_dir:
            cluster.env["QPI_BIN"] = os.path.abspath(bin_dir)
        script = os.path.join(ROOT, "scripts/local-cluster")
        try:
            subprocess.run([script, "start"], check=True, env=cluster.env, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=120)
            yield cluster
        finally:
            subprocess.run([script, "stop"], env=cluster.env, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=120)


def drive(driver, cluster, *args):
    """Runs the qpi-bench `driver` with `args` against `cluster`'s job file; returns its JSON."""
    out = subprocess.run([driver] + list(args) + ["--conf", cluster.conf, cluster.job],
                         check=True, capture_output=True, timeout=900)
    return json.loads(out.stdout)


def end_to_end_median(driver, cluster, count=1000, clients=4, runs=3):
    """The median of `runs` end-to-end runs, with every run's rate: a run lasts about a second,
    so one stall of this shared machine moves it a lot."""
    results = sorted((drive(driver, cluster, "e2e", "--count", str(count), "--clients", str(clients))
                      for _ in range(runs)), key=lambda run: run["jobs_per_second"])
    return dict(results[len(results) // 2], runs_jobs_per_second=[run["jobs_per_second"] for run in results])
