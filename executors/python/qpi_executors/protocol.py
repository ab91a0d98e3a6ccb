"""The executor protocol (docs/executor-protocol.md): length-framed JSON on stdin/stdout.

Each message is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON,
one object tagged by `type`. Only this module writes to standard output; everything
else an executor prints must go to standard error.
"""

from __future__ import annotations

import json
import struct
import threading
from typing import BinaryIO

PROTOCOL_VERSION = 1
# The same default limit qpid applies to executor output (MaxMessageSize may lower it).
MAX_FRAME_SIZE = 64 << 20


class ProtocolError(Exception):
    """The peer broke the framing or sent a message that cannot be read."""


def encode(message: dict) -> bytes:
    payload = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return struct.pack(">I", len(payload)) + payload


def read_exactly(stream: BinaryIO, count: int) -> bytes | None:
    """`count` bytes, or None at a clean end of input before the first byte."""
    chunks = []
    remaining = count
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            if remaining == count:
                return None
            raise ProtocolError(f"input ended inside a frame ({count - remaining} of {count} bytes read)")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO, max_frame_size: int = MAX_FRAME_SIZE) -> dict | None:
    """The next message, or None at end of input."""
    header = read_exactly(stream, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    if length > max_frame_size:
        raise ProtocolError(f"frame of {length} bytes is over the limit of {max_frame_size} bytes")
    payload = read_exactly(stream, length)
    if payload is None:
        raise ProtocolError(f"input ended before a frame of {length} bytes")
    try:
        message = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProtocolError(f"frame is not UTF-8 JSON: {error}") from error
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError("frame is not a JSON object with a 'type' field")
    return message


class MessageWriter:
    """Writes whole frames; safe to share between the job loop and telemetry threads."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: dict) -> None:
        frame = encode(message)
        with self._lock:
            self._stream.write(frame)
            self._stream.flush()
