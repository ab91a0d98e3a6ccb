import importlib
import os
import sys

import pytest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH)

SCRIPTS = sorted(name[:-3] for name in os.listdir(BENCH) if name.endswith(".py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_bench_script_imports(name):
    # `make bench` runs them one after another: one that cannot import stops the rest.
    importlib.import_module(name)
