# QPI build entry points. `make run` starts a local cluster and runs a circuit through it;
# `make test` runs every test.
SWIFT ?= swift
EXECUTABLES := qsim qpictld qpid qpi-executor-guard qsub qrun qstat qcancel qresult qinfo qres qctl qacct
RELEASE_DIR = $(shell $(SWIFT) build -c release --show-bin-path)

PREFIX ?= /usr/local
DESTDIR ?=

# The Go client has no dependencies, so its tests never need the module proxy (offline
# machines); Go's build cache goes under .build when HOME is not writable.
GO_TEST_ENV = GOFLAGS=-mod=mod GOPROXY=off $(if $(shell test -w "$$HOME" && echo yes),,GOCACHE="$(CURDIR)/.build/go-cache")

.PHONY: all deps build man install uninstall run test bench bench-slurm soak chaos fuzz lint format clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release
	@mkdir -p bin
	@for exe in $(EXECUTABLES); do rm -f "bin/$$exe"; cp "$(RELEASE_DIR)/$$exe" bin/; done
	@# Resource bundles (the dashboard, openapi.json) live next to the executables that load them.
	@for bundle in "$(RELEASE_DIR)"/*.resources; do [ -d "$$bundle" ] || continue; rm -rf "bin/$$(basename "$$bundle")"; cp -RL "$$bundle" bin/; done

# Man pages generated from the built programs' own help (scripts/generate-man), not kept
# in the repository, so they cannot fall behind the code.
man: build
	scripts/generate-man "$(RELEASE_DIR)" .build/man

# Programs, man pages, systemd units and /etc/qpi/qpi.conf (kept if present); see
# scripts/install for the layout. It builds nothing, so `sudo make install` needs no
# Swift toolchain on root's PATH: run `make build man` first. `make uninstall` removes
# what the install recorded.
install:
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" scripts/install install .build/release .build/man

uninstall:
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" scripts/install uninstall

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
	scripts/with-postgres $(SWIFT) test --no-parallel
	.venv/bin/python -m pytest -q executors/python/tests clients/python/tests bench/tests
	node --test clients/js/test/
	node --experimental-websocket --test --test-concurrency=1 Tests/Dashboard/
	cd clients/go && $(GO_TEST_ENV) go vet ./... && $(GO_TEST_ENV) go test ./...

# BENCH_SLURM=1 adds the side-by-side run against a real Slurm (bench-slurm).
bench: build
	bench/run
	@if [ "$(BENCH_SLURM)" = 1 ]; then bench/slurm/run; fi

# QPI and Debian's Slurm on 127.0.0.1, the same measures in one run; the ratio table is printed
# and written to bench/results/compare-*.md beside its JSON and latency plot. BEFORE=DIR adds
# the release programs of an earlier build (a copy of its bin/) as a third column.
bench-slurm: build
	bench/slurm/run $(if $(BEFORE),--before "$(BEFORE)")

# A mixed load for DURATION (90s, 2m, 30m, 1h) with qpictld's memory, descriptors and qstat
# latency sampled; fails when memory or descriptors keep growing.
DURATION ?= 2m
soak: build
	python3 bench/soak.py --duration $(DURATION)

# Fault injection under load (kill -9, SIGSTOP, a network partition, a full disk, a corrupt
# spool, a large queue), each scenario reporting lost, duplicated and double-charged jobs;
# bounded to 10 minutes. Writes bench/results/chaos-*.json. Needs root for some scenarios.
chaos: deps
	scripts/chaos

# libFuzzer over the OpenQASM parser, the wire decoder and the qpi.conf parser, each for
# FUZZ_SECONDS (default 60). `make test` replays the seeds and past crashes instead.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	@unformatted=$$(gofmt -l clients/go); [ -z "$$unformatted" ] || { echo "gofmt: not formatted: $$unformatted"; exit 1; }

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests
	gofmt -w clients/go

clean:
	rm -rf .build bin bench/results
