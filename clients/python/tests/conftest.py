"""A real cluster for the client's tests: a private munged, qpictld serving HTTP and one
qpid with the built-in simulator, on free ports under a temporary directory; and API
tokens made with ``qctl token create`` for an ordinary user, another user and root.

The binaries are the Swift build's (``QPI_BIN_DIR``, else ``.build/debug`` or
``.build/release`` of this checkout): ``make test`` builds them first.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
QUBITS = 5


def bin_directory():
    candidates = [os.environ.get("QPI_BIN_DIR"), ROOT / ".build/debug", ROOT / ".build/release", ROOT / "bin"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "qpictld").is_file() and (Path(candidate) / "qpid").is_file():
            return Path(candidate)
    pytest.fail("qpictld and qpid are not built; run `swift build` (or set QPI_BIN_DIR)")


def consecutive_free_ports(count):
    """``count`` consecutive ports nobody listens on, probed by binding each."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    pytest.fail("no block of free ports found")


def wait_until(what, condition, timeout, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    tails = "\n".join(f"--- {path}:\n" + Path(path).read_text(errors="replace")[-3000:]
                      for path in logs if Path(path).exists())
    pytest.fail(f"{what} within {timeout} s\n{tails}")


class Cluster:
    def __init__(self, directory):
        self.directory = directory
        self.bin = bin_directory()
        self.processes = []
        # Two ports for sim0's link and two for a QPU a test registers.
        base = consecutive_free_ports(6)
        self.control_port, self.http_port = base, base + 1
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.conf = directory / "qpi.conf"
        self.environment = {k: v for k, v in os.environ.items() if not k.startswith("QPI_")}
        state = directory / "state"
        state.mkdir()
        # munged refuses a socket whose every parent directory others cannot traverse,
        # and pytest's temporary directories are private: munged gets its own under /tmp.
        munge = Path(tempfile.mkdtemp(prefix="qpi-munge-"))
        munge.chmod(0o755)
        self.munge_socket = munge / "munge.socket"
        settings = {
            "ClusterName": "qpi-pytest", "ControlAddr": "127.0.0.1", "ControlPort": base,
            "ServerPort": self.http_port, "PortRange": f"{base + 2}-{base + 5}",
            "StateSaveLocation": state, "MungeSocket": self.munge_socket,
            "HeartbeatInterval": "1s", "NodeTimeout": "5s", "RecoveryInterval": "1s",
            "DispatchPollInterval": "1s", "LogLevel": "info",
            "TLSCACertFile": state / "ca.pem", "TLSCAKeyFile": state / "ca.key",
            "TLSCertFile": state / "cert.pem", "TLSKeyFile": state / "cert.key",
        }
        lines = [f"{key}={value}" for key, value in sorted(settings.items())]
        lines.append(f"QPUName=sim0 Executor=sim Qubits={QUBITS}")
        self.conf.write_text("\n".join(lines) + "\n")

    def start(self):
        munge = self.munge_socket.parent
        key = munge / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        self.spawn("munged", [shutil.which("munged") or "/usr/sbin/munged", "--foreground",
                              f"--socket={self.munge_socket}", f"--key-file={key}",
                              f"--pid-file={munge / 'munged.pid'}", f"--seed-file={munge / 'munged.seed'}"])
        wait_until("munged did not start", self.munge_socket.exists, 10, [self.directory / "munged.log"])
        self.spawn("qpictld", [self.bin / "qpictld", "--conf", self.conf])
        self.spawn("qpid", [self.bin / "qpid", "--name", "sim0", "--conf", self.conf,
                            "--data-dir", self.directory / "node"])
        logs = [self.directory / "qpictld.log", self.directory / "qpid.log"]
        wait_until("qpictld did not answer on HTTP", self.http_ready, 60, logs)
        wait_until("sim0 did not become idle", self.qpu_idle, 60, logs)

    def spawn(self, name, argv):
        log = open(self.directory / f"{name}.log", "ab")
        process = subprocess.Popen([str(a) for a in argv], stdout=log, stderr=subprocess.STDOUT,
                                   env=self.environment, cwd=self.directory)
        log.close()
        self.processes.append(process)
        return process

    def http_ready(self):
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def qpu_idle(self):
        result = self.command("qinfo", [], check=False)
        return any(line.split()[:2] == ["sim0", "idle"] for line in result.stdout.splitlines())

    def command(self, name, arguments, check=True):
        result = subprocess.run([str(self.bin / name), *arguments, "--conf", str(self.conf), "--quiet"],
                                capture_output=True, text=True, env=self.environment, timeout=60)
        if check and result.returncode != 0:
            pytest.fail(f"{name} {' '.join(arguments)} failed: {result.stderr}")
        return result

    def token(self, user=None):
        """A new API token, for ``user`` (default: root, an administrator)."""
        arguments = ["token", "create", "--json", "--name", "pytest"] + (["--user", user] if user else [])
        return json.loads(self.command("qctl", arguments).stdout)["token"]

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(self.munge_socket.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("qpi-cluster"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def ordinary_users():
    """Two accounts of this host other than root: the API serves only users with a uid,
    which owns their jobs."""
    names = [entry.pw_name for entry in pwd.getpwall() if 0 < entry.pw_uid < 65534]
    preferred = [name for name in ("daemon", "bin", "sys") if name in names]
    chosen = (preferred + [name for name in names if name not in preferred])[:2]
    if len(chosen) < 2:
        pytest.fail("the tests need two non-root accounts in the passwd database")
    return chosen


@pytest.fixture(scope="session")
def users():
    return ordinary_users()


@pytest.fixture(scope="session")
def alice_name(users):
    return users[0]


@pytest.fixture(scope="session")
def alice_token(cluster, alice_name):
    return cluster.token(alice_name)


@pytest.fixture(scope="session")
def bob_token(cluster, users):
    return cluster.token(users[1])


@pytest.fixture(scope="session")
def admin_token(cluster):
    return cluster.token()
