"""A client for QPI's HTTP API using only the standard library."""

import datetime
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import JobTimeoutError, QPIError

#: Job states after which a job changes no more, by name and by Slurm code.
FINISHED_STATES = frozenset(
    ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "CD", "F", "CA", "TO", "NF"])


def object_id(value):
    """The id of ``value``: an object as the API returns it (a job, slot, token…), or an id."""
    if isinstance(value, dict):
        return value["id"]
    return value


def is_finished(job):
    return str(job.get("state", "")).upper() in FINISHED_STATES


class QPIClient:
    """QPI's HTTP API for one user, authenticated by an API token (``qctl token create``).

    Every method returns the API's JSON as dicts and lists, times included as the API
    writes them (RFC 3339 text in UTC; :func:`parse_time` makes a datetime of one), and
    raises :class:`QPIError` with the API's code, message and field when a request is refused.
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

        ``circuits`` is one circuit or a list: OpenQASM texts, ``{"circuit": "OPENQASM ..."}``
        dicts, or Qiskit ``QuantumCircuit`` objects (written with ``qiskit.qasm2.dumps``, or
        ``qiskit.qasm3.dumps`` for what OpenQASM 2 cannot express); ``options`` are further
        job fields of the API: ``time`` (a limit as ``30s`` or ``5m``), ``seed``,
        ``priority``, ``hold``, ``dependency`` (``afterok:ID``).
        """
        if isinstance(circuits, (str, dict)) or _is_quantum_circuit(circuits):
            circuits = [circuits]
        body = {"circuits": [c if isinstance(c, dict) else {"circuit": circuit_text(c)} for c in circuits]}
        for key, value in (("shots", shots), ("qpu", qpu), ("name", name), *options.items()):
            if value is not None:
                body[key] = value
        return self._call("POST", "/api/jobs", body)

    def get_job(self, job):
        return self._call("GET", f"/api/jobs/{object_id(job)}")

    def list_jobs(self, **filters):
        """Jobs, newest first as the API lists them; ``filters`` become the query
        (``state``, ``user``, ``qpu``, ``limit``…)."""
        answer = self._call("GET", "/api/jobs", query=filters)
        return _items(answer)

    def cancel_job(self, job):
        return self._call("POST", f"/api/jobs/{object_id(job)}/cancel")

    def wait(self, job, timeout=None, *, poll_interval=10):
        """Waits until the job has ended and returns it; raises :class:`JobTimeoutError`
        after ``timeout`` seconds (None waits for ever). Each request asks the server to
        hold the answer up to ``poll_interval`` seconds until the job ends (``?wait=``),
        so a wait costs few requests and returns as soon as the job ends."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            hold = poll_interval if remaining is None else min(poll_interval, int(remaining))
            current = self._call("GET", f"/api/jobs/{object_id(job)}", query={"wait": hold} if hold >= 1 else None)
            if is_finished(current):
                return current
            if deadline is not None and time.monotonic() >= deadline:
                raise JobTimeoutError(
                    f"job {object_id(job)} is still {current.get('state')} after {timeout} s", code="timeout")
            if hold < 1:
                time.sleep(min(0.1, max(deadline - time.monotonic(), 0)))

    def get_result(self, job):
        """A finished job's result: ``{"results": [{"name", "counts", "shots", ...}], ...}``
        with Qiskit-format counts, one entry per circuit."""
        return self._call("GET", f"/api/jobs/{object_id(job)}/result")

    # Login and the caller

    def login(self, username, password):
        """Exchanges a password for a login token, which the client sends from then on, and
        returns ``{"token", "expires_at", "user", "is_admin"}``. A login token lasts 8 hours
        and may not make or change API tokens."""
        session = self._call("POST", "/api/auth/login", {"username": username, "password": password})
        self.api_token = session["token"]
        return session

    def auth_methods(self):
        """How users may sign in: ``{"password": bool, "oauth2": [{"name", "display_name",
        "login_url"}]}``, the OpenID Connect providers of ``OAuth2Providers``."""
        return self._call("GET", "/api/auth/methods")

    def exchange_login_code(self, code):
        """Trades the one-time code an OpenID Connect sign-in leaves in the browser's URL
        fragment (``#login_code=...``, good once for 60 seconds) for a login token, which the
        client sends from then on; returns what ``login`` returns."""
        session = self._call("POST", "/api/auth/oauth2/exchange", {"code": code})
        self.api_token = session["token"]
        return session

    def me(self):
        """The caller: ``{"user", "is_admin", "balance" (qpu_seconds; None is unlimited),
        "used_seconds", "jobs"}``."""
        return self._call("GET", "/api/me")

    # QPUs

    def list_qpus(self):
        return _items(self._call("GET", "/api/qpus"))

    def get_qpu(self, name):
        return self._call("GET", f"/api/qpus/{_segment(name)}")

    def get_telemetry(self, qpu, *, kind=None, since=None, limit=None):
        """A QPU's telemetry events, newest first; ``since`` is a datetime or seconds
        since the Unix epoch."""
        query = {"kind": kind, "since": _rfc3339(since), "limit": limit}
        return _items(self._call("GET", f"/api/qpus/{_segment(qpu)}/telemetry", query=query))

    def create_qpu(self, name, *, qubits, executor, controller=None):
        """Registers a QPU (superusers). The answer holds its access token and the CA's
        fingerprint, shown only now, and the shell lines that start its qpid
        (``node_command``, ``node_setup``) naming ``controller`` (HOST:PORT of the command
        listener as the QPU's host reaches it; default ControlAddr:ControlPort)."""
        return self._call(
            "POST", "/api/op/qpus/create",
            _present({"name": name, "qubits": qubits, "executor": executor, "controller": controller}))

    def toggle_qpu(self, name, *, enabled=None, reason=None):
        """Enables or disables a QPU (superusers); ``enabled=None`` switches it."""
        return self._call("POST", "/api/op/qpu/toggle", _present({"name": name, "enabled": enabled, "reason": reason}))

    # Bookings

    def book_slot(self, *, start, end, qpu=None, name=None, user=None):
        """Books a time slot on ``qpu`` (None: every QPU) from ``start`` to ``end``
        (datetimes or seconds since the Unix epoch); ``user`` books for someone else
        (administrators). An overlap is refused with status 409."""
        body = _present({"qpu": qpu, "start": _rfc3339(start), "end": _rfc3339(end),
                         "name": name, "user": user})
        return self._call("POST", "/api/slots", body)

    def list_slots(self, **filters):
        """Everyone's booked slots; filters ``qpu`` and ``user``."""
        return _items(self._call("GET", "/api/slots", query=filters))

    def get_slot(self, slot):
        return self._call("GET", f"/api/slots/{object_id(slot)}")

    def cancel_slot(self, slot):
        return self._call("DELETE", f"/api/slots/{object_id(slot)}")

    # QPU time

    def request_time(self, seconds, reason):
        """Asks the administrators for ``seconds`` more qpu_seconds."""
        return self._call("POST", "/api/time-requests", {"seconds": seconds, "reason": reason})

    def list_time_requests(self, *, all=False):
        """The caller's time requests; ``all=True`` everyone's (superusers)."""
        return _items(self._call("GET", "/api/time-requests", query={"all": "true" if all else None}))

    def decide_time_request(self, request, *, approve, note=None):
        """Approves or rejects a pending request (superusers); returns ``{"request",
        "balance"}``, the balance being the user's after an approval."""
        body = _present({"approve": bool(approve), "note": note})
        return self._call("POST", f"/api/time-requests/{object_id(request)}/decide", body)

    # Notifications

    def notifications(self, *, all=False):
        """The notifications meant for the caller that are active and not dismissed;
        ``all=True`` every one in any state (superusers)."""
        return _items(self._call("GET", "/api/notifications", query={"all": "true" if all else None}))

    list_notifications = notifications

    def dismiss_notification(self, notification):
        return self._call("POST", f"/api/notifications/{object_id(notification)}/dismiss")

    def create_notification(self, title, message, *, level=None, users=None, starts_at=None, ends_at=None):
        """Posts a notification (superusers): ``level`` info, warning or critical; ``users``
        targets it (None broadcasts); shown from ``starts_at`` (default now) until
        ``ends_at`` (default: until deleted), datetimes or seconds since the Unix epoch."""
        body = _present({"title": title, "message": message, "level": level, "users": users,
                         "starts_at": _rfc3339(starts_at), "ends_at": _rfc3339(ends_at)})
        return self._call("POST", "/api/notifications", body)

    def update_notification(self, notification, **changes):
        """Changes the given fields (superusers): ``title``, ``message``, ``level``,
        ``users`` (None broadcasts), ``starts_at``, ``ends_at`` (None: until deleted)."""
        unknown = set(changes) - {"title", "message", "level", "users", "starts_at", "ends_at"}
        if unknown:
            raise TypeError(f"update_notification() got an unexpected field {sorted(unknown)[0]!r}")
        body = {key: _rfc3339(value) if key.endswith("_at") else value for key, value in changes.items()}
        return self._call("PATCH", f"/api/notifications/{object_id(notification)}", body)

    def delete_notification(self, notification):
        return self._call("DELETE", f"/api/notifications/{object_id(notification)}")

    # Live changes

    def events(self):
        """Opens the server's stream of job and QPU changes (Server-Sent Events) and returns
        an :class:`EventStream`. Once it returns, the server has accepted the stream, so
        every change from then on is reported. A user may hold 8 streams at once."""
        return EventStream(self._open("GET", "/api/events", None, None, "text/event-stream"))

    # API tokens

    def create_token(self, name=None, *, expires_in_seconds=None, user=None):
        """Makes an API token (for ``user``: administrators) and returns ``{"token",
        "info"}``; the secret ``token`` is shown only now."""
        body = _present({"name": name, "expires_in_seconds": expires_in_seconds, "user": user})
        return self._call("POST", "/api/tokens", body)

    def list_tokens(self, *, user=None):
        return _items(self._call("GET", "/api/tokens", query={"user": user}))

    def get_token(self, token):
        return self._call("GET", f"/api/tokens/{object_id(token)}")

    def update_token(self, token, *, name=None, expires_in_seconds=None, never_expires=None):
        body = _present({"name": name, "expires_in_seconds": expires_in_seconds, "never_expires": never_expires})
        return self._call("PATCH", f"/api/tokens/{object_id(token)}", body)

    def delete_token(self, token):
        """Revokes a token at once; returns its record."""
        return self._call("DELETE", f"/api/tokens/{object_id(token)}")

    # Users (superusers)

    def list_users(self):
        """Users with their qpu_seconds balances and usage."""
        return _items(self._call("GET", "/api/admin/users"))

    def set_user_seconds(self, user, qpu_seconds):
        """Sets a user's balance; None makes it unlimited."""
        return self._call("PATCH", f"/api/admin/users/{_segment(user)}", {"qpu_seconds": qpu_seconds})

    def add_user_seconds(self, user, seconds):
        return self._call("PATCH", f"/api/admin/users/{_segment(user)}", {"add_seconds": seconds})

    def set_user_password(self, user, password):
        """Sets a user's login password, which revokes their login tokens."""
        return self._call("PATCH", f"/api/admin/users/{_segment(user)}", {"password": password})

    # Transport

    def _call(self, method, path, body=None, query=None):
        try:
            with self._open(method, path, body, query, "application/json") as response:
                payload = response.read()
        except (TimeoutError, OSError) as error:
            raise QPIError(f"cannot reach QPI at {self.url}: {error}") from None
        if not payload:
            return None
        try:
            return json.loads(payload)
        except ValueError:
            raise QPIError(f"{method} {path}: the answer is not JSON: {payload[:200]!r}") from None

    def _open(self, method, path, body, query, accept):
        """Sends one request and returns the open response of a 2xx answer; raises
        :class:`QPIError` for any other."""
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}, doseq=True)
        headers = {"Accept": accept}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.api_token:
            headers["Authorization"] = f"Bearer {self.api_token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout, context=self.context)
        except urllib.error.HTTPError as error:
            raise _api_error(error.code, error.read(), method, path) from None
        except urllib.error.URLError as error:
            raise QPIError(f"cannot reach QPI at {self.url}: {error.reason}") from None
        except (TimeoutError, OSError) as error:
            raise QPIError(f"cannot reach QPI at {self.url}: {error}") from None


class EventStream:
    """The server's stream of changes, from :meth:`QPIClient.events`: iterate it for
    ``{"event": "job" | "qpu", "data": {...}}``, the job or QPU as the API shows it. The
    iteration ends when the server closes the stream; :class:`QPIError` ends it when the
    server refuses the token on the way (revoked or expired). Close it, or use it in a
    ``with`` block, when done."""

    def __init__(self, response):
        self._response = response

    def __iter__(self):
        return self

    def __next__(self):
        kind, data = "message", []
        while True:
            try:
                raw = self._response.readline()
            except (TimeoutError, OSError) as error:
                raise QPIError(f"the event stream broke off: {error}") from None
            if not raw:
                raise StopIteration
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.startswith(":"):
                continue  # the server's greeting and keep-alives
            if line:
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    kind = value
                elif field == "data":
                    data.append(value)
                continue
            if not data:
                kind = "message"
                continue
            document = json.loads("\n".join(data))
            if kind == "error":
                raise _api_error(None, json.dumps(document).encode(), "GET", "/api/events")
            return {"event": kind, "data": document}

    def close(self):
        self._response.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _present(fields):
    """``fields`` without the None values: absent keys keep the server's defaults."""
    return {key: value for key, value in fields.items() if value is not None}


def _segment(value):
    return urllib.parse.quote(str(value), safe="")


def parse_time(text):
    """A document's time (RFC 3339 text such as ``2026-12-06T23:35:01.250Z``) as an aware
    datetime in UTC; None stays None."""
    if text is None:
        return None
    # Python before 3.11 reads no "Z" in fromisoformat.
    parsed = datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return parsed.astimezone(datetime.timezone.utc)


def _rfc3339(value):
    """RFC 3339 text in UTC, as the API writes times, for a datetime (naive ones are local
    time) or seconds since the Unix epoch."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"a time must be a datetime or seconds since the Unix epoch, not {value!r}")
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _is_quantum_circuit(value):
    # Checked by the class's module, so that text-only users never import Qiskit.
    return any(cls.__module__.startswith("qiskit.") and cls.__name__ == "QuantumCircuit"
               for cls in type(value).__mro__)


def circuit_text(circuit):
    """OpenQASM text for a circuit given as text or as a Qiskit ``QuantumCircuit``: OpenQASM
    2 where it can express the circuit (QPI runs it natively), else OpenQASM 3."""
    if isinstance(circuit, str):
        return circuit
    if not _is_quantum_circuit(circuit):
        raise TypeError(f"a circuit must be OpenQASM text or a Qiskit QuantumCircuit, not {type(circuit).__name__}")
    from qiskit import qasm2, qasm3

    try:
        return qasm2.dumps(circuit)
    except qasm2.QASM2ExportError:
        return qasm3.dumps(circuit)


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
