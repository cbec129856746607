#!/usr/bin/env bash
# Runs auditstack's pre-commit hook under the real pre-commit framework, as a new user
# would: a scratch git repository whose .pre-commit-config.yaml points at this
# repository, `pre-commit install`, then commits.
#
#   1. files that are not cloud configuration (package.json, a tsconfig.json with comments,
#      a GitHub workflow) are committed without complaint;
#   2. a CloudFormation template with an unencrypted database is blocked, and the hook's
#      output names the rule and the line;
#   3. the fixed template is committed;
#   4. a database whose AWS Backup selection lives in backup.yaml is committed when only the
#      database file changes (the rest of the repository is read for context);
#   5. a NAT gateway whose route is in another .tf.json of its module is committed when only
#      the gateway's file changes.
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
# Steps 4 and 5 are about rules that look for something absent; the hook now checks them.
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo_root
    rev: $rev
    hooks:
      - id: $hook
        args: [--check, "AS-BACKUP-009,AS-COST-007"]
EOF
git add .pre-commit-config.yaml
git commit -q -m "hook: absence rules" >"$work/commit-config.log" 2>&1 || { cat "$work/commit-config.log"; fail "the hook configuration was blocked"; }

# 4. The backup selection is in another template: a change to the database alone passes.
cat >> infra/database.yaml <<'EOF'
      Tags:
        - Key: backup
          Value: daily
EOF
cat > infra/backup.yaml <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: main
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: daily
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault
            ScheduleExpression: cron(0 5 * * ? *)
            Lifecycle:
              DeleteAfterDays: 35
  Selection:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: !Ref Plan
      BackupSelection:
        SelectionName: tagged
        IamRoleArn: arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole
        ListOfTags:
          - ConditionType: STRINGEQUALS
            ConditionKey: backup
            ConditionValue: daily
EOF
git add infra/backup.yaml infra/database.yaml
git commit -q -m "backups" >"$work/commit4a.log" 2>&1 || { cat "$work/commit4a.log"; fail "the database with its backup plan was blocked"; }
sed -i 's/AllocatedStorage: "20"/AllocatedStorage: "50"/' infra/database.yaml
git add infra/database.yaml
if ! git commit -q -m "database: more storage" >"$work/commit4.log" 2>&1; then
    cat "$work/commit4.log"
    fail "a change to the database alone was blocked although backup.yaml selects it"
fi
echo "test-pre-commit: step 4 passed: the database change was committed (its backup selection is in backup.yaml)"

# 5. The route to the NAT gateway is in another file of the module: a change to the gateway alone passes.
mkdir -p network
cat > network/nat.tf.json <<'EOF'
{"resource": {"aws_nat_gateway": {"main": {"subnet_id": "subnet-0123456789abcdef0", "allocation_id": "eipalloc-0123456789abcdef0"}}}}
EOF
cat > network/routes.tf.json <<'EOF'
{"resource": {"aws_route": {"private_default": {"route_table_id": "rtb-0123456789abcdef0", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.main.id}"}}}}
EOF
git add network
git commit -q -m "network" >"$work/commit5a.log" 2>&1 || { cat "$work/commit5a.log"; fail "the routed NAT gateway was blocked"; }
sed -i 's/"subnet_id": "subnet-0123456789abcdef0"/"subnet_id": "subnet-0fedcba9876543210"/' network/nat.tf.json
git add network/nat.tf.json
if ! git commit -q -m "network: NAT in the other subnet" >"$work/commit5.log" 2>&1; then
    cat "$work/commit5.log"
    fail "a change to the NAT gateway alone was blocked although routes.tf.json routes to it"
fi
echo "test-pre-commit: step 5 passed: the NAT gateway change was committed (its route is in routes.tf.json)"
echo "test-pre-commit: 5 passed, 0 failed"
