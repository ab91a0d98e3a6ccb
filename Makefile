# QPI build entry points. `make run` starts a local cluster and runs a circuit through it;
# `make test` runs every test.
SWIFT ?= swift
EXECUTABLES := qsim qpictld qpid qsub qrun qstat qcancel qresult qinfo qres qctl qacct
RELEASE_DIR = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: all deps build run test bench bench-slurm soak fuzz lint format clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release
	@mkdir -p bin
	@for exe in $(EXECUTABLES); do rm -f "bin/$$exe"; cp "$(RELEASE_DIR)/$$exe" bin/; done

run: build
	@scripts/local-cluster start
	@echo
	@echo '$$ bin/qrun examples/bell.qasm'
	@bin/qrun examples/bell.qasm
	@echo
	@echo 'The cluster keeps running (state and logs under var/). Try next:'
	@echo '  bin/qsub examples/bell.qasm        submit; prints the job id'
	@echo '  bin/qstat -a                       the queue, ended jobs included'
	@echo '  bin/qresult JOBID                  a finished job'"'"'s counts (--json for Qiskit format)'
	@echo '  bin/qinfo                          the QPUs'
	@echo '  scripts/local-cluster stop         stop munged, qpictld and the qpid daemons'

test: deps
	$(SWIFT) test --no-parallel
	.venv/bin/python -m pytest -q executors/python/tests bench/tests

# BENCH_SLURM=1 adds the side-by-side run against a real Slurm (bench-slurm).
bench: build
	bench/run
	@if [ "$(BENCH_SLURM)" = 1 ]; then bench/slurm/run; fi

# QPI and Debian's Slurm on 127.0.0.1, the same measures in one run; the ratio table is printed
# and written to bench/results/compare-*.md beside its JSON and latency plot.
bench-slurm: build
	bench/slurm/run

# A mixed load for DURATION (90s, 2m, 30m, 1h) with qpictld's memory, descriptors and qstat
# latency sampled; fails when memory or descriptors keep growing.
DURATION ?= 2m
soak: build
	python3 bench/soak.py --duration $(DURATION)

# libFuzzer over the OpenQASM parser, the wire decoder and the qpi.conf parser, each for
# FUZZ_SECONDS (default 60). `make test` replays the seeds and past crashes instead.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build bin bench/results
