"""`presto`: a placeholder for Intermodulation Products' Presto, as in the reference.

It says hello so that the QPU comes up and its line can be tested, and refuses every
job with a message saying why.
"""

from __future__ import annotations

from typing import Any

from .base import Executor, JobPayload, JobRefused


class PrestoExecutor(Executor):
    name = "presto"

    def execute(self, payload: JobPayload) -> Any:
        raise JobRefused(
            "the presto executor is a placeholder: Presto hardware is not supported yet, so it runs no "
            "jobs; point this QPU's Executor= at mock, qiskit_aer, quantify or qblox"
        )

    def process_result(self, dataset: Any, job_id: str) -> dict:
        raise JobRefused("the presto executor produces no results")
