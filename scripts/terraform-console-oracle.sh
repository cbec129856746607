#!/bin/sh
# Asks `terraform console` (1.11 on the development image, offline, no init needed) for the
# value of every expression in testdata/terraform/hcl/console-queries.txt and writes the
# answers to testdata/terraform/hcl/console-oracle.txt. The evaluator tests
# (Tests/AuditLoadersTests/TerraformEvaluationTests.swift) hold these values; no test runs
# terraform.
set -eu
cd "$(dirname "$0")/.."
queries=testdata/terraform/hcl/console-queries.txt
out=testdata/terraform/hcl/console-oracle.txt
: > "$out"
while IFS= read -r expression; do
    answer=$(printf '%s\n' "$expression" | terraform console 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g')
    printf '%s\n    => %s\n' "$expression" "$answer" >> "$out"
done < "$queries"
