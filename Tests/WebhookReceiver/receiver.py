"""A webhook receiver for QPI's --notify-url tests, on the standard library only.

    POST /ok        204, recorded
    POST /flaky     500 twice, then 200; every attempt recorded
    POST /down      503 always, recorded
    POST /redirect  302 to /ok, recorded (a client that follows it shows up under /ok)
    POST /later     503 until POST /open, then 204; every attempt recorded with its answer
    GET  /received  the recorded requests: [{"path", "job_id", "body", "answer"}]

Prints ``listening http://127.0.0.1:PORT`` once it serves, and runs until killed.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = []
lock = threading.Lock()
is_open = threading.Event()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        if self.path == "/open":
            is_open.set()
            return self.answer(204)
        with lock:
            received.append({"path": self.path, "job_id": self.headers.get("X-QPI-Job-ID"), "body": body,
                             "answer": 204 if self.path != "/later" or is_open.is_set() else 503})
            attempts = sum(1 for r in received if r["path"] == self.path)
        if self.path == "/ok":
            self.answer(204)
        elif self.path == "/flaky":
            self.answer(500 if attempts <= 2 else 200)
        elif self.path == "/down":
            self.answer(503)
        elif self.path == "/redirect":
            self.answer(302, location="/ok")
        elif self.path == "/later":
            self.answer(204 if is_open.is_set() else 503)
        else:
            self.answer(404)

    def do_GET(self):
        if self.path != "/received":
            return self.answer(404)
        with lock:
            data = json.dumps(received).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
