# auditstack: everyday tasks. `make demo` and `make test` work on a fresh Debian machine
# with Swift; both install the two system libraries first when they are missing.

# A toolchain unpacked to /opt/swift is found even when it is not on PATH.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO := testdata/demo

.PHONY: demo test build release bench deps docs test-pre-commit pre-commit-env

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
