# Threatloom — build, run and test.
#
#   make run    install what is missing, build the UI and the app, start it
#   make test   install what is missing, then every test (Rust, UI, end to end)
#   make package   the release .deb (target/release/bundle/deb/)
#
# Works on Debian 12 as root, or as a user with sudo (only for apt-get and dpkg).
# Other targets: deps, ui, app, e2e, package-check, bench, crash, fuzz, fmt-check, clippy, clean-e2e.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# cargo-installed tools (tauri-driver) live here; make sure we find them.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)
# Never wait for a human: apt, npm and cargo run without prompts.
export DEBIAN_FRONTEND := noninteractive
export npm_config_fund := false
export npm_config_audit := false
export npm_config_update_notifier := false

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# WebKitGTK + Tauri build deps, Xvfb + WebKitWebDriver for the end-to-end
# tests, poppler/qpdf/imagemagick for reading PDFs and images back in tests,
# the TrueType fonts the PDF report embeds (DejaVu Sans; Droid Sans
# Fallback for Chinese and Japanese; the .deb depends on both), pip to fetch
# pytm's threat library, a D-Bus daemon (a second launch finds the running app
# on the session bus), and what `make package-check` reads the desktop with
# (the MIME database, xdg-mime and `mimetype`, the desktop-entry database).
APT_PACKAGES := build-essential pkg-config libssl-dev \
	libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev \
	librsvg2-dev libayatana-appindicator3-dev \
	xvfb xauth webkit2gtk-driver \
	poppler-utils qpdf imagemagick git \
	fonts-dejavu-core fonts-droid-fallback \
	python3 python3-pip dbus-daemon \
	shared-mime-info xdg-utils libfile-mimeinfo-perl desktop-file-utils

APP_BIN := target/debug/threatloom-app
UI_MODULES := ui/node_modules/.package-lock.json
E2E_MODULES := tests/e2e/node_modules/.package-lock.json

.PHONY: help deps apt-deps tools pytm ui app cli run test rust-test ui-test bindings-check \
	e2e package package-check bench ui-bench crash fuzz fmt-check clippy clean-e2e

help:
	@echo "make run    install what is missing, build, and start Threatloom"
	@echo "make test   install what is missing, then run every test"
	@echo "make crash  the crash campaign: CRASH_ROUNDS (default 3000) kill-and-reopen rounds"
	@echo "make fuzz   every fuzz target for FUZZ_MINUTES (default 5) minutes in all"
	@echo "make package        the release .deb, in target/release/bundle/deb/"
	@echo "make package-check  build it, install it, check it, remove it"
	@echo "other targets: deps ui app e2e bench fmt-check clippy clean-e2e"

## ---- prerequisites ---------------------------------------------------------

deps: apt-deps tools $(UI_MODULES) $(E2E_MODULES) pytm

# OWASP pytm's threat library (MIT), which the library import test reads
# (tests/it/library/pytm.rs): the wheel from PyPI, unpacked into target/pytm,
# never committed. Fetched once per version.
PYTM_VERSION := 1.4.0
PYTM_DIR := target/pytm
PYTM_JSON := $(PYTM_DIR)/pytm/threatlib/threats.json
export PYTM_THREATS := $(CURDIR)/$(PYTM_JSON)

pytm: $(PYTM_JSON)

$(PYTM_JSON):
	mkdir -p $(PYTM_DIR)
	python3 -m pip download --quiet --no-deps --disable-pip-version-check \
	  --dest $(PYTM_DIR) pytm==$(PYTM_VERSION)
	python3 -m zipfile -e $(PYTM_DIR)/pytm-$(PYTM_VERSION)-py3-none-any.whl $(PYTM_DIR)
	@test -f $@ && touch $@

# Installs only the apt packages that are missing (one `apt-get update` first).
apt-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "apt: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Toolchains we cannot install from apt (Debian 12's are too old) are checked.
tools:
	@command -v cargo >/dev/null || { echo "error: cargo not found: install Rust (rustup, stable >= 1.85)"; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
	  || { echo "error: Node.js >= 20 is required (found $$(node --version))"; exit 1; }
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

# `npm ci` again only when the lock file changed (npm rewrites this file).
$(UI_MODULES): ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

# --ignore-scripts: webdriverio's optional browser-driver packages would try to
# download drivers; we use tauri-driver + WebKitWebDriver instead.
$(E2E_MODULES): tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

## ---- build ---------------------------------------------------------------

ui: $(UI_MODULES)
	cd ui && npm run build

# The shell embeds ui/dist, so the UI is built first.
app: ui
	cargo build -p threatloom-app

# The command line (the E2E tests make engagements with it).
cli:
	cargo build -p threatloom-cli

run: deps app
	@[ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] || { echo "error: no display (DISPLAY is unset); try: xvfb-run -a $(APP_BIN)"; exit 1; }
	./$(APP_BIN)

## ---- tests ---------------------------------------------------------------

# Order: formatting, the Rust tests (they also regenerate ui/src/bindings.ts),
# clippy with warnings as errors, the UI unit
# tests, the bindings freshness check, then the real app end to end (last, so
# its summary is the last line).
test: deps ui fmt-check rust-test clippy ui-test bindings-check e2e

rust-test: ui
	cargo test --workspace

ui-test: $(UI_MODULES)
	@if [ "$$(cd ui && npm pkg get scripts.test)" != "{}" ]; then \
	  cd ui && npm test; \
	else echo "ui: no test script, skipping UI unit tests"; fi

# `cargo test -p threatloom-app --test bindings` (part of rust-test) rewrites
# ui/src/bindings.ts from the command list; the committed file must match.
bindings-check: rust-test
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git diff --exit-code --stat -- ui/src/bindings.ts ui/src/vocabulary.json ui/src/canvas/geometry.fixture.json \
	    || { echo "error: a file generated from the core (bindings.ts, vocabulary.json, geometry.fixture.json) is stale: commit the regenerated files"; exit 1; }; \
	  echo "bindings: ui/src/bindings.ts is up to date"; \
	else echo "bindings: not a git checkout, freshness check skipped"; fi

# The real app under Xvfb (started by the harness when DISPLAY is unset),
# driven through tauri-driver and WebKitWebDriver.
e2e: app cli $(E2E_MODULES)
	@command -v tauri-driver >/dev/null || $(MAKE) tools
	cd tests/e2e && npm test

## ---- the Debian package --------------------------------------------------

# The version every crate shares ([workspace.package] in Cargo.toml).
VERSION = $(shell sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
DEB = target/release/bundle/deb/Threatloom_$(VERSION)_$(shell dpkg --print-architecture).deb

# The release .deb through the Tauri bundler (bundle in src-tauri/tauri.conf.json):
# the app, and the CLI that `bundle.linux.deb.files` maps from
# target/release/threatloom to /usr/bin/threatloom, so the CLI is built first.
# The Tauri CLI looks for tauri.conf.json below the current folder: run it
# from the root. `--ci`: no prompts.
package: apt-deps tools ui
	cargo build --release -p threatloom-cli
	ui/node_modules/.bin/tauri build --bundles deb --ci
	@test -f $(DEB) || { echo "error: $(DEB) was not written"; exit 1; }
	@echo "package: $(DEB) ($$(du -h $(DEB) | cut -f1)); install it with: sudo apt install ./$(DEB)"

# Installs the package, checks it as a user gets it (both commands, MIME
# types, desktop entry, the installed app through WebDriver, a second launch),
# then removes it: packaging/linux/check.sh. CI runs it after `make test`.
package-check: package $(E2E_MODULES)
	@command -v tauri-driver >/dev/null || $(MAKE) tools
	packaging/linux/check.sh $(DEB)

## ---- hardening ---------------------------------------------------------

# The core only (no UI, no app build). `make test` runs a short version of each.
CRASH_ROUNDS ?= 3000
FUZZ_MINUTES ?= 5

# A child process applies ops and is SIGKILLed at random moments; each round
# reopens the file and checks that nothing acknowledged is lost
# (tests/it/crash.rs). CRASH_SEED=N replays a campaign's scripts and delays.
crash:
	CRASH_ROUNDS=$(CRASH_ROUNDS) cargo test -p threatloom --test it crash:: -- --nocapture

# Mutation fuzzing of every parser of outside input (tests/it/fuzz.rs), the
# targets one after another, FUZZ_MINUTES in all; FUZZ_SEED=N FUZZ_CASE=I replays a case.
fuzz:
	FUZZ_MINUTES=$(FUZZ_MINUTES) cargo test -p threatloom --test it fuzz:: -- --nocapture --test-threads=1

## ---- benchmarks ----------------------------------------------------------

# Core criterion benchmarks, then the UI benchmarks: the command palette's
# search per keystroke on 10,000 elements (node, ui/bench), the load
# benchmark and the palette's keystrokes in the app, on a release build.
bench: deps ui
	cargo bench -p threatloom
	$(MAKE) ui-bench

ui-bench: ui $(E2E_MODULES)
	cd ui && npm run bench
	cargo build --release -p threatloom-app
	cargo build --release -p threatloom --example big_engagement
	cd tests/e2e && THREATLOOM_APP=../../target/release/threatloom-app \
	  BIG_ENGAGEMENT=../../target/release/examples/big_engagement npm run bench
	cd tests/e2e && THREATLOOM_APP=../../target/release/threatloom-app \
	  BIG_ENGAGEMENT=../../target/release/examples/big_engagement npm run bench:palette

## ---- hygiene -------------------------------------------------------------

fmt-check:
	cargo fmt --all -- --check

clippy: ui
	cargo clippy --workspace --all-targets -- -D warnings

# Removes the end-to-end artifacts (screenshots, logs).
clean-e2e:
	rm -rf tests/e2e/artifacts
