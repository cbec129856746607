# auditstack: everyday tasks. `make demo` and `make test` work on a fresh Debian machine
# with Swift; both install the two system libraries first when they are missing.

# A toolchain unpacked to /opt/swift is found even when it is not on PATH.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO := testdata/demo

.PHONY: demo test build release bench deps docs test-pre-commit pre-commit-env report-check report-screenshot

## demo: build, then scan the demo launch stack in testdata/demo
demo: build
	@bin="$$($(SWIFT) build --show-bin-path)"; \
	echo "\$$ auditstack scan $(DEMO)"; \
	"$$bin/auditstack" scan $(DEMO); status=$$?; \
	echo ""; echo "exit status $$status (0 no findings, 1 findings, 2 unreadable input or usage error)"; \
	[ $$status -le 1 ]

## test: every test suite (unit, loaders, rule examples, reporters, end to end), then the
## pre-commit hook under the real pre-commit framework (installed from PyPI; skipped, saying
## so, when PyPI cannot be reached)
test: deps pre-commit-env
	$(SWIFT) test
	@if [ -x $(PRE_COMMIT_VENV)/bin/pre-commit ]; then \
		PATH="$(CURDIR)/$(PRE_COMMIT_VENV)/bin:$$PATH" scripts/test-pre-commit.sh auditstack; \
	else echo "test-pre-commit: skipped: pre-commit could not be installed from PyPI"; fi
	@if command -v $(CHROMIUM) >/dev/null 2>&1; then $(MAKE) --no-print-directory report-check; \
	else echo "report-check: skipped: $(CHROMIUM) is not installed (apt-get install chromium)"; fi

# The launch review in a real browser: headless Chromium from Debian's `chromium` package.
CHROMIUM ?= chromium
REPORT_OUT := .build/report-check

## report-check: render the demo's launch review in headless Chromium and check that the verdict,
## every checklist status and the finding counts on the page equal the JSON report; then check
## that a JSON report differing in one status is caught
report-check: build
	@bin="$$($(SWIFT) build --show-bin-path)"; mkdir -p $(REPORT_OUT); \
	"$$bin/auditstack" report $(DEMO) --soft-fail --output $(REPORT_OUT)/demo.html && \
	"$$bin/auditstack" report $(DEMO) --soft-fail --output $(REPORT_OUT)/demo.json && \
	python3 scripts/report-check.py --chromium $(CHROMIUM) $(REPORT_OUT)/demo.html $(REPORT_OUT)/demo.json && \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["checklist"][0]["statusText"]="passes"; json.dump(d,open(sys.argv[2],"w"))' \
		$(REPORT_OUT)/demo.json $(REPORT_OUT)/altered.json && \
	if python3 scripts/report-check.py --chromium $(CHROMIUM) $(REPORT_OUT)/demo.html $(REPORT_OUT)/altered.json 2>/dev/null; then \
		echo "report-check: a JSON report with another status passed the check"; exit 1; \
	else echo "report-check: a JSON report with another status is caught"; fi

## report-screenshot: docs/report-demo.png, the top of the demo's launch review at desktop width (README)
report-screenshot: build
	@bin="$$($(SWIFT) build --show-bin-path)"; mkdir -p $(REPORT_OUT); \
	"$$bin/auditstack" report $(DEMO) --soft-fail --output $(REPORT_OUT)/demo.html && \
	$(CHROMIUM) --headless=new --no-sandbox --disable-gpu --no-first-run --hide-scrollbars --force-device-scale-factor=1 \
		--window-size=1280,1500 --screenshot="$(CURDIR)/docs/report-demo.png" "file://$(CURDIR)/$(REPORT_OUT)/demo.html" 2>/dev/null && \
	echo "wrote docs/report-demo.png"

## test-pre-commit: the `auditstack` hook (language: swift, built by pre-commit from HEAD) on a scratch repository
test-pre-commit: pre-commit-env
	PATH="$(CURDIR)/$(PRE_COMMIT_VENV)/bin:$$PATH" scripts/test-pre-commit.sh auditstack

# pre-commit from PyPI in its own virtual environment under .build (never the system's Python).
PRE_COMMIT_VENV := .build/pre-commit-venv
pre-commit-env:
	@[ -x $(PRE_COMMIT_VENV)/bin/pre-commit ] || { python3 -m venv $(PRE_COMMIT_VENV) \
		&& $(PRE_COMMIT_VENV)/bin/pip install --quiet --disable-pip-version-check pre-commit; } \
		|| echo "pre-commit could not be installed from PyPI; the pre-commit tests will be skipped"

## build: debug build of the CLI and its modules
build: deps
	$(SWIFT) build

## release: optimised build; the binary lands in .build/release/auditstack
release: deps
	$(SWIFT) build -c release
	@echo "built $$($(SWIFT) build -c release --show-bin-path)/auditstack"

## bench: generate a large corpus in a temporary directory and time the release binary on it
bench: deps
	$(SWIFT) build -c release
	"$$($(SWIFT) build -c release --show-bin-path)/auditstack-bench"

## docs: regenerate the rule reference in docs/rules from the rules' metadata and examples
docs: build
	"$$($(SWIFT) build --show-bin-path)/auditstack" rules --write-docs docs/rules

## deps: libyaml-dev (YAML reader) and libxml2-dev (JUnit output), via apt-get when missing
deps:
	@if ! { pkg-config --exists yaml-0.1 2>/dev/null || [ -f /usr/include/yaml.h ]; } \
	  || ! { pkg-config --exists libxml-2.0 2>/dev/null || [ -f /usr/include/libxml2/libxml/parser.h ]; }; then \
		echo "Installing libyaml-dev and libxml2-dev with apt-get"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y libyaml-dev libxml2-dev; \
	fi
