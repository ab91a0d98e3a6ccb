"""The protocol loop: hello, then one `run` at a time answered by `result` or `error`,
with `calibration` events from a timer thread in between."""

from __future__ import annotations

import logging
import math
import os
import sys
import threading
import time
import traceback
from typing import BinaryIO

from .base import Executor, JobPayload, JobRefused
from .protocol import MAX_FRAME_SIZE, MessageWriter, ProtocolError, read_message

log = logging.getLogger("qpi_executors")

# Instrument libraries put whole programs and waveforms into their exceptions; the job's
# message keeps the start, which names the failure.
MAX_ERROR_LENGTH = 2_000


def protocol_streams() -> tuple[BinaryIO, BinaryIO]:
    """Standard input, and a private copy of standard output for frames; file descriptor 1
    is then pointed at standard error, so that a library printing progress (quantify and
    qcodes do) can never corrupt the protocol."""
    frames_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return sys.stdin.buffer, os.fdopen(frames_fd, "wb", buffering=0)


def normalize(processed: dict, payload: JobPayload) -> list[dict]:
    """The `results` list from `process_result`'s dict, checked so that a bad backend
    fails its job with a clear message instead of sending qpid something unreadable."""
    if not isinstance(processed, dict):
        raise JobRefused(f"process_result returned {type(processed).__name__}, not a dict")
    if "results" in processed:
        entries = processed["results"]
    elif "counts" in processed:
        entries = [processed]
    else:
        raise JobRefused("process_result returned neither 'results' nor 'counts'")
    if not isinstance(entries, list) or len(entries) != len(payload.circuits):
        count = len(entries) if isinstance(entries, list) else "no list of"
        raise JobRefused(f"process_result returned {count} results for {len(payload.circuits)} circuits")
    results = []
    for source, entry in zip(payload.circuits, entries):
        counts = entry.get("counts")
        if not isinstance(counts, dict) or not all(isinstance(v, int) and v >= 0 for v in counts.values()):
            raise JobRefused(f"process_result: counts of circuit '{source.name}' are not outcome → count")
        time_taken = entry.get("time_taken", 0.0)
        results.append(
            {
                "name": str(entry.get("name") or source.name),
                "counts": {str(k): v for k, v in counts.items()},
                "shots": int(entry.get("shots") or payload.shots),
                "seed": entry.get("seed", payload.seed),
                "time_taken": float(time_taken) if isinstance(time_taken, (int, float)) else 0.0,
                **({"memory": [str(m) for m in entry["memory"]]} if entry.get("memory") is not None else {}),
            }
        )
    return results


def run_job(executor: Executor, message: dict) -> dict:
    """The answer to one `run` message: a `result`, or an `error` naming what was wrong."""
    job_id = message.get("job_id", 0)
    if not isinstance(job_id, int):
        return {"type": "error", "job_id": 0, "message": f"job_id must be a number, not {job_id!r}"}
    try:
        payload = JobPayload.from_message(message)
        executor.check(payload)
        executor.current = payload
        started = time.perf_counter()
        dataset = executor.execute(payload)
        device_seconds = time.perf_counter() - started
        results = normalize(executor.process_result(dataset, str(job_id)), payload)
        return {"type": "result", "job_id": job_id, "results": results, "device_seconds": device_seconds}
    except JobRefused as refusal:
        return {"type": "error", "job_id": job_id, "message": str(refusal)}
    except Exception as error:  # noqa: BLE001 - a backend failure fails its job, not the executor
        log.error("job %s failed:\n%s", job_id, traceback.format_exc())
        text = f"{executor.name} executor: {type(error).__name__}: {error}"
        if len(text) > MAX_ERROR_LENGTH:
            text = text[:MAX_ERROR_LENGTH] + " […] (the executor's log has the whole message)"
        return {"type": "error", "job_id": job_id, "message": text}
    finally:
        executor.current = None


def send_calibration(executor: Executor, writer: MessageWriter) -> None:
    try:
        values = executor.calibration()
    except Exception as error:  # noqa: BLE001 - a bad calibration source is logged, jobs go on
        log.warning("calibration not sent: %s", error)
        return
    if values:
        data = {key: float(value) for key, value in values.items() if math.isfinite(float(value))}
        writer.send({"type": "event", "kind": "calibration", "data": data})


def serve(executor: Executor, stdin: BinaryIO, stdout: BinaryIO, max_frame_size: int = MAX_FRAME_SIZE) -> int:
    """Serves until qpid ends the input; returns the process's exit status."""
    writer = MessageWriter(stdout)
    writer.send(executor.hello())
    stop = threading.Event()
    interval = executor.settings.telemetry_interval
    if interval:
        # The first report goes out with the hello, the next ones every interval.
        send_calibration(executor, writer)

        def report():
            while not stop.wait(interval):
                send_calibration(executor, writer)

        threading.Thread(target=report, name="telemetry", daemon=True).start()
    try:
        while True:
            try:
                message = read_message(stdin, max_frame_size)
            except ProtocolError as error:
                log.error("unreadable input from qpid: %s", error)
                return 2
            if message is None:
                return 0
            if message["type"] != "run":
                log.warning("ignoring a '%s' message: executors only take 'run'", message["type"])
                continue
            writer.send(run_job(executor, message))
    finally:
        stop.set()
        executor.close()
