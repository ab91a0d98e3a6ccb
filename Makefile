# QPI build entry points. `make run` starts the demo, `make test` runs every test.
SWIFT ?= swift
EXECUTABLES := qsim
RELEASE_DIR = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: all deps build run test bench lint format clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release
	@mkdir -p bin
	@for exe in $(EXECUTABLES); do cp "$(RELEASE_DIR)/$$exe" bin/; done

run: build
	bin/qsim examples/bell.qasm

test: deps
	$(SWIFT) test --no-parallel

bench: build
	bench/run

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build bin bench/results
