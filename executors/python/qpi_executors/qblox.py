"""`qblox`: as `quantify`, with qblox-scheduler (the successor of quantify-scheduler)."""

from .quantify import QuantifyExecutor


class QbloxExecutor(QuantifyExecutor):
    name = "qblox"
    scheduler = "qblox_scheduler"
