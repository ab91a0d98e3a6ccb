# QPI build entry points. `make run` starts a local cluster and runs a circuit through it;
# `make test` runs every test.
SWIFT ?= swift
EXECUTABLES := qsim qpictld qpid qsub qrun qstat qcancel qresult qinfo qres qctl qacct
RELEASE_DIR = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: all deps build run test bench fuzz lint format clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release
	@mkdir -p bin
	@for exe in $(EXECUTABLES); do rm -f "bin/$$exe"; cp "$(RELEASE_DIR)/$$exe" bin/; done
	@# Resource bundles (the dashboard, openapi.json) live next to the executables that load them.
	@for bundle in "$(RELEASE_DIR)"/*.resources; do [ -d "$$bundle" ] || continue; rm -rf "bin/$$(basename "$$bundle")"; cp -RL "$$bundle" bin/; done

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
	.venv/bin/python -m pytest -q executors/python/tests
	node --test clients/js/test/
	node --experimental-websocket --test Tests/Dashboard/

bench: build
	bench/run

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
