"""The one exception the client raises for anything the API or the network refuses."""


class QPIError(Exception):
    """An error from QPI's HTTP API, or why it could not be reached.

    ``status`` is the HTTP status (None when no answer came), ``code``, ``message`` and
    ``field`` are the API's ``{"error": {"code", "message", "field"}}``.
    """

    def __init__(self, message, *, status=None, code=None, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.field = field

    def __str__(self):
        text = self.message
        if self.field:
            text += f" ({self.field})"
        if self.code:
            text = f"{self.code}: {text}"
        if self.status is not None:
            text = f"HTTP {self.status} {text}"
        return text


class JobTimeoutError(QPIError, TimeoutError):
    """``wait`` gave up before the job ended; the job itself goes on."""
