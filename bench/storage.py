"""The store's engines side by side: the same cluster measures on SQLite (the default) and on
PostgreSQL (StorageURL), in one run, so their ratio holds whatever the machine's load.

Runs under scripts/with-postgres (`make bench` does), which starts a private PostgreSQL
server and names it in QPI_TEST_POSTGRES_URL and QPI_TEST_POSTGRES_PASSWORD_FILE; each
PostgreSQL cluster gets a fresh database on it.

Measures (JSON in bench/results/storage-<time>.json), per engine: submissions per second
with 4 clients (2,000 held jobs), end-to-end throughput of 1,000 one-shot circuits over
two qpid (median of three runs) and single-job turnaround (median of 50). Reported, never
asserted.
"""

import argparse
import os
import stat
import subprocess
import tempfile
import uuid

from localcluster import ROOT, drive, end_to_end_median, local_cluster
from report import write_report


def psql(url, password, sql):
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   env=dict(os.environ, PGPASSWORD=password), stdout=subprocess.DEVNULL, timeout=120)


def postgres_conf(workdir):
    """qpi.conf lines for a fresh database on the run's server, and its password file."""
    server = os.environ.get("QPI_TEST_POSTGRES_URL")
    password_file = os.environ.get("QPI_TEST_POSTGRES_PASSWORD_FILE")
    if not server or not password_file:
        raise SystemExit("bench/storage.py: run it through scripts/with-postgres (make bench does)")
    with open(password_file) as f:
        password = f.read().strip()
    name = "qpi_bench_" + uuid.uuid4().hex
    psql(server, password, f"CREATE DATABASE {name}")
    own = os.path.join(workdir, "storage.pass")
    with open(own, "w") as f:
        f.write(password + "\n")
    os.chmod(own, stat.S_IRUSR | stat.S_IWUSR)
    url = server.rsplit("/", 1)[0] + "/" + name
    return f"StorageURL={url}\nStoragePassFile={own}\n"


def measure(engine, args, workdir):
    extra = postgres_conf(workdir) if engine == "postgresql" else ""
    with local_cluster(bin_dir=args.bin, extra_conf=extra) as cluster:
        result = {"submit_4_clients": drive(args.bench_driver, cluster, "submit", "--count", "2000", "--clients", "4",
                                            "--hold")}
        subprocess.run([os.path.join(args.bin, "qcancel"), "--conf", cluster.conf, "-t", "PD"], timeout=600,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result["end_to_end_1000"] = end_to_end_median(args.bench_driver, cluster)
        result["turnaround"] = drive(args.bench_driver, cluster, "turnaround", "--count", "50", "--clients", "1")
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.path.join(ROOT, "bin"))
    parser.add_argument("--bench-driver", required=True, help="path of the qpi-bench executable")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results"))
    args = parser.parse_args()
    report = {}
    with tempfile.TemporaryDirectory(prefix="qpi-bench-storage-") as workdir:
        for engine in ("sqlite", "postgresql"):
            report[engine] = measure(engine, args, workdir)
    sqlite, postgres = report["sqlite"], report["postgresql"]
    report["postgresql_over_sqlite"] = {
        "submissions_per_second": postgres["submit_4_clients"]["per_second"] / sqlite["submit_4_clients"]["per_second"],
        "end_to_end_jobs_per_second": postgres["end_to_end_1000"]["jobs_per_second"]
        / sqlite["end_to_end_1000"]["jobs_per_second"],
        "turnaround_median": postgres["turnaround"]["median_seconds"] / sqlite["turnaround"]["median_seconds"],
    }
    lines = ["store engine    submissions/s (4 clients)   end to end jobs/s   turnaround median"]
    for engine in ("sqlite", "postgresql"):
        r = report[engine]
        lines.append(f"{engine:<15} {r['submit_4_clients']['per_second']:25.0f} {r['end_to_end_1000']['jobs_per_second']:19.0f}"
                     f" {r['turnaround']['median_seconds'] * 1e3:16.2f} ms")
    ratio = report["postgresql_over_sqlite"]
    lines.append(f"PostgreSQL/SQLite {ratio['submissions_per_second']:23.2f}x {ratio['end_to_end_jobs_per_second']:18.2f}x"
                 f" {ratio['turnaround_median']:16.2f}x")
    print("\n".join(lines))
    write_report(report, args.out, "storage")


if __name__ == "__main__":
    main()
