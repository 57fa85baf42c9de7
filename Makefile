# Tiers-lieux finder. Two commands do everything on a fresh machine (Debian, root, rustup):
#   make demo   installs what is missing, builds pkg/, serves the demo partner page on 127.0.0.1
#   make test   installs what is missing and runs every test (host, wasm in Chromium, end to end,
#               the journey in Firefox and WebKit)
# Other targets: build (pkg/), data (data/REPORT.md), bench, clean.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
WASM_BINDGEN_VERSION := 0.2.130
WASM_TARGET := wasm32-unknown-unknown
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
FIREFOX ?= /usr/bin/firefox-esr
WEBKIT_DRIVER ?= /usr/bin/WebKitWebDriver
PORT ?= 8000
export CHROMIUM CHROMEDRIVER FIREFOX WEBKIT_DRIVER

.PHONY: bench-crates lint help deps deps-rust deps-npm deps-browsers deps-fuzz build demo test test-host test-wasm test-e2e test-engines size-check data data-check bench bench-compare bench-clusters fuzz fuzz-smoke clean

help:
	@echo "make demo   - build and serve the demo partner page on 127.0.0.1 (PORT=$(PORT))"
	@echo "make test   - install what is missing and run every test"
	@echo "make build  - write the distributable to pkg/"
	@echo "make data   - rebuild the data assets and data/REPORT.md from data/"
	@echo "make bench  - run the lookup benchmarks (criterion)"
	@echo "make bench-compare - the widget against the plain-JS baseline, CPU x4 + Slow 4G (RUNS=$(RUNS))"
	@echo "make bench-clusters - the map's clustering (Rust/wasm) beside supercluster, same engine, same points"
	@echo "make bench-crates - csv-core, rstar, supercluster (Rust), fst against the project's own code"
	@echo "make fuzz   - property tests (FUZZ_CASES cases) and cargo-fuzz targets (FUZZ_SECONDS each)"

## --- installing what is missing (each step does nothing when it is already there) ---
deps: deps-rust deps-npm

deps-rust:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@for c in rustfmt clippy; do rustup component list --installed | grep -q "^$$c" || rustup component add $$c; done
	@if ! wasm-bindgen --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$'; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

deps-npm:
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; \
	fi

## Debian's browsers for the tests: Chromium and its driver (every browser test), Firefox ESR and
## WebKitGTK's WebDriver with a virtual display (the journey in the other engines).
deps-browsers:
	@missing=""; \
	for p in "chromium:$(CHROMIUM)" "chromium-driver:$(CHROMEDRIVER)" "firefox-esr:$(FIREFOX)" "webkit2gtk-driver:$(WEBKIT_DRIVER)" "xvfb:/usr/bin/Xvfb"; do \
	  [ -x "$${p#*:}" ] || missing="$$missing $${p%%:*}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## --- building ---
build: deps
	$(CARGO) build --profile wasm-release --locked --target $(WASM_TARGET) --lib
	wasm-bindgen --target web --no-typescript --out-dir target/wasm-bindgen target/$(WASM_TARGET)/wasm-release/tiers_lieux.wasm
	$(CARGO) run --release --locked -p tiers-lieux-core --features pipeline --bin tl-data -- data target/data >/dev/null
	$(CARGO) run --release --locked --bin tl-strings -- target/data/shell-strings.json
	node www/build.mjs

demo: build
	node www/serve.mjs --port $(PORT)

data:
	$(CARGO) run --release --locked -p tiers-lieux-core --features pipeline --bin tl-data -- --report data target/data

## Fails when data/REPORT.md no longer matches the sources (the host tests check it too).
data-check:
	$(CARGO) run --release --locked -p tiers-lieux-core --features pipeline --bin tl-data -- --check data target/data >/dev/null

## --- testing ---
test: deps deps-browsers
	$(MAKE) lint
	$(MAKE) test-host
	$(MAKE) fuzz-smoke
	$(MAKE) build
	$(MAKE) size-check
	$(MAKE) test-wasm
	$(MAKE) test-e2e
	$(MAKE) test-engines
	@echo "All tests passed: lint, host, wasm in Chromium, end to end, the journey in Firefox and WebKit."

## Formatting (rustfmt.toml) and clippy with warnings as errors, on the host and on wasm32.
lint: deps-rust
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy --locked --target $(WASM_TARGET) --lib -- -D warnings
	node bench/file-lines.mjs

## The pure core, the model, the data pipeline and the options on the host, on the real data.
test-host:
	$(CARGO) test --workspace --locked

## The Rust↔DOM boundary in headless Chromium (wasm-bindgen-test).
test-wasm: deps-rust deps-browsers
	$(CARGO) test --locked --target $(WASM_TARGET) --test web

## The built widget in headless Chromium, driven by playwright-core, pages served on 127.0.0.1.
test-e2e: deps-npm deps-browsers
	node --test --test-concurrency=1 www/tests/e2e/

## The citizen's journey in Firefox ESR (puppeteer-core, WebDriver BiDi) and WebKitGTK
## (WebKitWebDriver on Xvfb): www/tests/engines/.
test-engines: deps-npm deps-browsers
	node --test --test-concurrency=1 www/tests/engines/

## pkg/ files against their brotli budgets (bench/budgets.txt, each with its reason).
size-check:
	node bench/size-check.mjs

bench:
	$(CARGO) bench --locked --bench lookup

## The widget against the plain-JavaScript baseline, throttled like a phone on Slow 4G (not
## part of make test: it prints a table and writes target/bench/side-by-side.json).
RUNS ?= 5
bench-compare: build deps-browsers
	node bench/side-by-side.mjs --runs $(RUNS)

## The map's clustering (Rust, as wasm) beside supercluster in the same engine (not part of
## make test: it prints a table and writes target/bench/clusters.json).
bench-clusters: deps
	node bench/clusters.mjs

## Well-kept crates against the project's own code (csv-core, rstar, supercluster, fst): same
## answers checked, then timed on the host and built as wasm probes to count their bytes (not
## part of make test; its own crate and lockfile, outside the workspace: bench/crates/).
bench-crates: deps
	CARGO_TARGET_DIR=$(CURDIR)/target/crates $(CARGO) run --release --locked --manifest-path bench/crates/Cargo.toml --bin compare
	node bench/crates/sizes.mjs

## Fuzzing: property tests with FUZZ_CASES random cases each, then every libFuzzer target
## (cargo fuzz, AddressSanitizer) for FUZZ_SECONDS, its corpus kept in target/fuzz-corpus/.
## No nightly toolchain can be fetched here: stable rustc takes cargo-fuzz's -Z flags with
## RUSTC_BOOTSTRAP=1. A crash leaves its input in fuzz/artifacts/: copy it to
## fuzz/regressions/TARGET/ (replayed by every `make test`) and fix the bug.
FUZZ_CASES ?= 20000
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := decoders query partner_list
CARGO_FUZZ_VERSION := 0.13.2
FUZZ := RUSTC_BOOTSTRAP=1 $(CARGO) fuzz

deps-fuzz:
	@if ! $(CARGO) fuzz --version 2>/dev/null | grep -q ' $(CARGO_FUZZ_VERSION)$$'; then \
	  echo "installing cargo-fuzz $(CARGO_FUZZ_VERSION) (about 2 minutes)"; \
	  $(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION); \
	fi

fuzz: deps-fuzz
	PROPTEST_RANDOM=1 PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test --release --locked -p tiers-lieux-core --test properties
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/fuzz-corpus/$$t fuzz/regressions/$$t; \
	  echo "== cargo fuzz $$t, $(FUZZ_SECONDS) s"; \
	  $(FUZZ) run $$t target/fuzz-corpus/$$t fuzz/seeds/$$t fuzz/regressions/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 || exit 1; \
	done

## In `make test`: each libFuzzer target replays its seeds and regression inputs, then fuzzes
## briefly, so the targets keep building and past crashes stay fixed.
fuzz-smoke: deps-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/fuzz-smoke/$$t; \
	  rc=0; out=$$($(FUZZ) run $$t target/fuzz-smoke/$$t fuzz/seeds/$$t fuzz/regressions/$$t -- \
	    -max_total_time=10 -max_len=8192 2>&1) || rc=$$?; \
	  echo "cargo fuzz $$t: $$(echo "$$out" | grep -E '^Done' || echo 'no summary')"; \
	  test $$rc -eq 0 || { echo "$$out" | tail -60; echo "cargo fuzz $$t failed (exit $$rc)"; exit 1; }; \
	done

clean:
	$(CARGO) clean
	rm -rf pkg
