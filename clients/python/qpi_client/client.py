"""A client for QPI's HTTP API using only the standard library."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import JobTimeoutError, QPIError

#: Job states after which a job changes no more, by name and by Slurm code.
FINISHED_STATES = frozenset(
    ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "CD", "F", "CA", "TO", "NF"])


def job_id(job):
    """The id of ``job``: a job as the API returns it, or an id."""
    if isinstance(job, dict):
        return job["id"]
    return job


def is_finished(job):
    return str(job.get("state", "")).upper() in FINISHED_STATES


class QPIClient:
    """QPI's HTTP API for one user, authenticated by an API token (``qctl token create``).

    Every method returns the API's JSON as dicts and lists, and raises :class:`QPIError`
    with the API's code, message and field when a request is refused.
    """

    def __init__(self, url, api_token=None, *, timeout=30.0, context=None):
        """``url`` is the server's base, as ``http://127.0.0.1:8090``; ``context`` an
        optional ``ssl.SSLContext`` for a server with the cluster's own CA."""
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, not {url!r}")
        self.url = url.rstrip("/")
        self.api_token = api_token
        self.timeout = timeout
        self.context = context

    def __repr__(self):
        return f"QPIClient({self.url!r})"

    # Jobs

    def submit_job(self, circuits, *, shots=None, qpu=None, name=None, **options):
        """Submits one job of one or more circuits and returns it (``state`` PENDING).

        ``circuits`` is a list of ``{"circuit": "OPENQASM ..."}`` (or of OpenQASM texts);
        ``options`` are further job fields of the API: ``time`` (a limit as ``30s`` or
        ``5m``), ``seed``, ``priority``, ``hold``, ``dependency`` (``afterok:ID``).
        """
        if isinstance(circuits, (str, dict)):
            circuits = [circuits]
        body = {"circuits": [c if isinstance(c, dict) else {"circuit": c} for c in circuits]}
        for key, value in (("shots", shots), ("qpu", qpu), ("name", name), *options.items()):
            if value is not None:
                body[key] = value
        return self._call("POST", "/api/jobs", body)

    def get_job(self, job):
        return self._call("GET", f"/api/jobs/{job_id(job)}")

    def list_jobs(self, **filters):
        """Jobs, newest first as the API lists them; ``filters`` become the query
        (``state``, ``user``, ``qpu``, ``limit``…)."""
        answer = self._call("GET", "/api/jobs", query=filters)
        return _items(answer)

    def cancel_job(self, job):
        return self._call("POST", f"/api/jobs/{job_id(job)}/cancel")

    def wait(self, job, timeout=None, *, poll_interval=10):
        """Waits until the job has ended and returns it; raises :class:`JobTimeoutError`
        after ``timeout`` seconds (None waits for ever). Each request asks the server to
        hold the answer up to ``poll_interval`` seconds until the job ends (``?wait=``),
        so a wait costs few requests and returns as soon as the job ends."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            hold = poll_interval if remaining is None else min(poll_interval, int(remaining))
            current = self._call("GET", f"/api/jobs/{job_id(job)}", query={"wait": hold} if hold >= 1 else None)
            if is_finished(current):
                return current
            if deadline is not None and time.monotonic() >= deadline:
                raise JobTimeoutError(
                    f"job {job_id(job)} is still {current.get('state')} after {timeout} s", code="timeout")
            if hold < 1:
                time.sleep(min(0.1, max(deadline - time.monotonic(), 0)))

    def get_result(self, job):
        """A finished job's result: ``{"results": [{"name", "counts", "shots", ...}], ...}``
        with Qiskit-format counts, one entry per circuit."""
        return self._call("GET", f"/api/jobs/{job_id(job)}/result")

    # The user, their notifications and bookings

    def me(self):
        """The caller: name, whether an administrator, qpu_seconds balance."""
        return self._call("GET", "/api/me")

    def list_qpus(self):
        answer = self._call("GET", "/api/qpus")
        return _items(answer)

    def notifications(self):
        """The notifications meant for the caller that are active and not dismissed."""
        answer = self._call("GET", "/api/notifications")
        return _items(answer)

    def dismiss_notification(self, notification):
        return self._call("POST", f"/api/notifications/{job_id(notification)}/dismiss")

    def list_reservations(self, **filters):
        answer = self._call("GET", "/api/reservations", query=filters)
        return _items(answer)

    # Transport

    def _call(self, method, path, body=None, query=None):
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}, doseq=True)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.api_token:
            headers["Authorization"] = f"Bearer {self.api_token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise _api_error(error.code, error.read(), method, path) from None
        except urllib.error.URLError as error:
            raise QPIError(f"cannot reach QPI at {self.url}: {error.reason}") from None
        except (TimeoutError, OSError) as error:
            raise QPIError(f"cannot reach QPI at {self.url}: {error}") from None
        if not payload:
            return None
        try:
            return json.loads(payload)
        except ValueError:
            raise QPIError(f"{method} {path}: the answer is not JSON: {payload[:200]!r}") from None


def _items(answer):
    """The elements of a list response, ``{"items": [...]}``."""
    return answer["items"] if isinstance(answer, dict) and "items" in answer else answer


def _api_error(status, payload, method, path):
    try:
        error = json.loads(payload)["error"]
        return QPIError(error.get("message") or f"{method} {path} failed", status=status,
                        code=error.get("code"), field=error.get("field"))
    except (ValueError, KeyError, TypeError, AttributeError):
        text = payload.decode(errors="replace").strip()[:200] or "no details"
        return QPIError(f"{method} {path} failed: {text}", status=status)
