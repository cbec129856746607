#!/usr/bin/env python3
"""Regenerate Sources/AuditIAM/AWSManagedPolicies+Digest.swift.

AS-IAM-004 judges a role by every policy it carries, AWS managed ones included. auditstack
ships full documents for a few broad AWS managed policies (AWSManagedPolicies.swift); for
every other one it ships this digest: what the policy grants and denies among the actions
of the privilege-escalation methods, computed the way EscalationAnalysis reads a document.

The documents are the default versions of AWS managed policies as shipped by the moto
package on PyPI (moto/iam/aws_managed_policies.py, `aws_managed_policies_data`). The wheel
is downloaded into a temporary folder with `pip download moto --no-deps`; nothing is
installed. The escalation actions are read from Sources/AuditIAM/PrivilegeEscalation.swift.

Usage:
    scripts/generate-aws-managed-digest.py                # newest moto
    scripts/generate-aws-managed-digest.py --version 5.2.5
    scripts/generate-aws-managed-digest.py --wheel path/to/moto-*.whl

Output format (read by AWSManagedPolicies+Digest.swift's reader; one policy a line,
tab-separated): name, path (`service-role/`, empty for the root), then one field per
statement that matters:
    A <targets>                 Allow without Condition on every resource
    D <targets>                 Deny without Condition on every resource
    C <targets> <op> <key>      Deny with a Condition (its first operator and key)
<targets> are comma-separated indices into `digestTargets`. A policy with no field grants
none of the escalation actions on every resource.
"""

import argparse
import ast
import datetime
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

DATA_PATH = "moto/iam/aws_managed_policies.py"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
METHODS = os.path.join(ROOT, "Sources", "AuditIAM", "PrivilegeEscalation.swift")
DEFAULT_OUTPUT = os.path.join(ROOT, "Sources", "AuditIAM", "AWSManagedPolicies+Digest.swift")
# The shipped documents (AWSManagedPolicies.swift) take precedence over the digest.


def download_wheel(version, folder):
    requirement = f"moto=={version}" if version else "moto"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", requirement, "--no-deps", "--only-binary=:all:", "-d", folder, "-q"],
        check=True,
    )
    wheels = glob.glob(os.path.join(folder, "moto-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one moto wheel in {folder}, found {wheels}")
    return wheels[0]


def load_policies(wheel):
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(DATA_PATH).decode("utf-8")
    # The module assigns one JSON string literal; read it without running the module.
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "aws_managed_policies_data" for t in node.targets):
            return json.loads(ast.literal_eval(node.value))
    sys.exit(f"aws_managed_policies_data not found in {DATA_PATH}")


def target_actions():
    text = open(METHODS, encoding="utf-8").read()
    seen, targets = set(), []
    for block in re.findall(r'EscalationMethod\("\w+",\s*\[(.*?)\]', text, re.S):
        for action in re.findall(r'"([^"]+)"', block):
            if action.lower() not in seen:
                seen.add(action.lower())
                targets.append(action)
    if not targets:
        sys.exit(f"no EscalationMethod found in {METHODS}")
    return targets


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def matching(patterns, targets):
    """Indices of the targets an IAM action pattern list matches (case-insensitive, * and ?)."""
    found = set()
    for pattern in patterns:
        if not isinstance(pattern, str):
            continue
        glob_pattern = pattern.lower().replace("[", "[[]")
        for index, target in enumerate(targets):
            if fnmatch.fnmatchcase(target.lower(), glob_pattern):
                found.add(index)
    return found


def statement_targets(statement, targets):
    if "Action" in statement:
        return matching(as_list(statement["Action"]), targets)
    if "NotAction" in statement:
        return set(range(len(targets))) - matching(as_list(statement["NotAction"]), targets)
    return set()


def on_every_resource(statement):
    """`Resource` holds "*", or `NotResource` names resources without "*"."""
    if "NotResource" in statement:
        return "*" not in as_list(statement["NotResource"])
    return "*" in as_list(statement.get("Resource"))


def digest(document, targets):
    fields = []
    for statement in as_list(document.get("Statement")):
        if not isinstance(statement, dict) or not on_every_resource(statement):
            continue
        found = statement_targets(statement, targets)
        if not found:
            continue
        indices = ",".join(str(index) for index in sorted(found))
        condition = statement.get("Condition")
        effect = statement.get("Effect")
        if effect == "Allow" and not condition:
            fields.append(f"A {indices}")
        elif effect == "Deny" and not condition:
            fields.append(f"D {indices}")
        elif effect == "Deny":
            operator = next(iter(condition))
            key = next(iter(condition[operator])) if isinstance(condition[operator], dict) and condition[operator] else "?"
            fields.append(f"C {indices} {operator} {key}")
    return fields


def swift_source(lines, targets, version, updated, generated):
    for line in lines:
        if '"""#' in line or "\\#" in line:
            sys.exit(f"record cannot be embedded in a raw string literal: {line!r}")
    out = [
        "// Generated by scripts/generate-aws-managed-digest.py. Do not edit.",
        f"// Source: moto {version} (PyPI), {DATA_PATH}: default versions of AWS managed policies,",
        f"// newest update {updated}. Generated: {generated}. {len(lines)} policies.",
        "",
        "extension AWSManagedPolicies {",
        f'    static let digestSource = "moto {version}, AWS managed policies updated up to {updated}"',
        "",
        "    /// The escalation actions the digest was computed against, in index order.",
        "    public static let digestTargets: [String] = [",
    ]
    out.extend(f'        "{target}",' for target in targets)
    out.append("    ]")
    out.append("")
    out.append("    /// One policy a line: name, path, then `A|D|C targets [operator key]` per statement.")
    out.append('    static let digestText = #"""')
    out.extend(lines)
    out.append('"""#')
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", help="moto version to download (default: newest)")
    parser.add_argument("--wheel", help="use this moto wheel instead of downloading one")
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args()

    targets = target_actions()
    with tempfile.TemporaryDirectory() as folder:
        wheel = args.wheel or download_wheel(args.version, folder)
        policies = load_policies(wheel)
        version = os.path.basename(wheel).split("-")[1]
    lines = []
    for name in sorted(policies):
        policy = policies[name]
        document = policy["Document"]
        if isinstance(document, str):
            document = json.loads(document)
        path = policy.get("Path", "/").strip("/")
        path = f"{path}/" if path else ""
        lines.append("\t".join([name, path] + digest(document, targets)))
    updated = max(policy.get("UpdateDate", "") for policy in policies.values())[:10]
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(swift_source(lines, targets, version, updated, generated))
    print(f"wrote {args.output}: {len(lines)} policies")


if __name__ == "__main__":
    main()
