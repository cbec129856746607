#!/usr/bin/env bash
# Runs auditstack's pre-commit hook under the real pre-commit framework, as a new user
# would: a scratch git repository whose .pre-commit-config.yaml points at this
# repository, `pre-commit install`, then commits.
#
#   1. files that are not cloud configuration (package.json, a tsconfig.json with comments,
#      a GitHub workflow) are committed without complaint;
#   2. a CloudFormation template with an unencrypted database is blocked, and the hook's
#      output names the rule and the line;
#   3. the fixed template is committed.
#
# Usage: scripts/test-pre-commit.sh [auditstack|auditstack-system]
#   auditstack         (default) pre-commit builds auditstack from this repository's
#                      committed HEAD with `swift build -c release` (the first run is slow;
#                      set PRE_COMMIT_HOME to a kept folder to reuse the build).
#   auditstack-system  uses the auditstack on PATH (AUDITSTACK_BINARY's folder is put first).
# Needs git and pre-commit on PATH (`make test-pre-commit` installs pre-commit from PyPI).
# Writes only into a temporary folder. Exit status 0 when every step behaved.
set -euo pipefail

hook="${1:-auditstack}"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
rev="${AUDITSTACK_HOOK_REV:-$(git -C "$repo_root" rev-parse HEAD)}"
work="$(mktemp -d "${TMPDIR:-/tmp}/auditstack-pre-commit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
export PRE_COMMIT_COLOR=never
if [ -n "${AUDITSTACK_BINARY:-}" ]; then
    PATH="$(dirname "$AUDITSTACK_BINARY"):$PATH"
fi

command -v pre-commit >/dev/null || { echo "test-pre-commit: pre-commit is not on PATH (make test-pre-commit installs it)" >&2; exit 2; }
echo "test-pre-commit: $(pre-commit --version), hook $hook at ${rev:0:12}"

fail() { echo "test-pre-commit: FAILED: $*" >&2; exit 1; }

project="$work/project"
mkdir -p "$project/.github/workflows" "$project/infra"
cd "$project"
git init -q
git config user.email "hooks@example.invalid"
git config user.name "pre-commit test"
git config commit.gpgsign false

cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo_root
    rev: $rev
    hooks:
      - id: $hook
        # Only the rule this test is about, so rules added later cannot change its verdicts.
        args: [--check, AS-ENC-001]
EOF

# 1. Not cloud configuration: skipped silently, even the JSON with comments no JSON reader accepts.
cat > package.json <<'EOF'
{ "name": "web", "version": "1.0.0", "scripts": { "build": "tsc" } }
EOF
cat > tsconfig.json <<'EOF'
{
  // compiler options
  "compilerOptions": { "strict": true, },
}
EOF
cat > .github/workflows/ci.yml <<'EOF'
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps: [{ uses: actions/checkout@v4 }]
EOF
pre-commit install >/dev/null
git add -A
start=$(date +%s)
if ! git commit -q -m "tooling" >"$work/commit1.log" 2>&1; then
    cat "$work/commit1.log"
    fail "a commit without cloud configuration was blocked"
fi
echo "test-pre-commit: step 1 passed: non-cloud files committed ($(( $(date +%s) - start )) s, hook install included)"

# 2. An unencrypted database: blocked, with the rule and position in the output.
cat > infra/database.yaml <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      DeletionProtection: true
      BackupRetentionPeriod: 7
      DeleteAutomatedBackups: false
EOF
git add infra/database.yaml
if git commit -q -m "database" >"$work/commit2.log" 2>&1; then
    cat "$work/commit2.log"
    fail "the unencrypted database was committed"
fi
grep -q "infra/database.yaml:3:3" "$work/commit2.log" && grep -q "AS-ENC-001" "$work/commit2.log" \
    || { cat "$work/commit2.log"; fail "the hook's output does not name AS-ENC-001 at infra/database.yaml:3:3"; }
echo "test-pre-commit: step 2 passed: the unencrypted database was blocked"
sed -n '/AS-ENC-001/p' "$work/commit2.log" | head -1

# 3. Fixed: committed.
sed -i 's/      Engine: postgres/      Engine: postgres\n      StorageEncrypted: true/' infra/database.yaml
git add infra/database.yaml
if ! git commit -q -m "database, encrypted" >"$work/commit3.log" 2>&1; then
    cat "$work/commit3.log"
    fail "the fixed template was blocked"
fi
echo "test-pre-commit: step 3 passed: the fixed template was committed"
echo "test-pre-commit: 3 passed, 0 failed"
