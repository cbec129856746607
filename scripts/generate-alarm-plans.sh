#!/bin/sh
# Regenerates the committed alarm plan fixtures (testdata/terraform/*-alarms.plan.json)
# from scripts/alarm-plans/<name>/main.tf, offline: the AWS provider comes from a local
# mirror and the credentials are dummies (nothing is sent to AWS; planning new resources needs
# no API call). Tests never run terraform; they read the committed JSON.
#   usage: scripts/generate-alarm-plans.sh [provider-mirror-dir]   (default /opt/tf-plugins)
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${1:-/opt/tf-plugins}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror { path = "$mirror" }
}
RC
for source in "$root"/scripts/alarm-plans/*/main.tf; do
  name="$(basename "$(dirname "$source")")"
  mkdir -p "$work/$name"
  cp "$source" "$work/$name/main.tf"
  (
    cd "$work/$name"
    export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    terraform init -input=false -no-color >/dev/null
    terraform plan -input=false -no-color -refresh=false -out=plan.out >/dev/null
    terraform show -json plan.out > plan.json
  )
  # Pretty-printed so diffs of regenerated fixtures stay reviewable.
  python3 -m json.tool --indent 1 "$work/$name/plan.json" > "$root/testdata/terraform/$name-alarms.plan.json"
  echo "wrote testdata/terraform/$name-alarms.plan.json"
done
