#!/usr/bin/env python3
"""Writes an HCL (`.tf`) twin after each Terraform JSON example of the given rule files.

Each `.good(.terraformJSON, scenario: "x", <text>)` / `.bad(...)` gets a
`.good(.terraformHCL, scenario: "x", <text>)` right after it, with the same content in
Terraform's native syntax and the `↓` markers carried over: before an attribute's name,
before the first keyword of a block (a resource-level finding lands on `resource`). Run
once per rule file; files that already have HCL examples are left alone. The twins are
checked like every example (the parity test compares them with their JSON twin).
"""
import json, re, sys

MARK = "\u2193"
MAP_ATTRIBUTES = {"tags", "tags_all", "variables", "dimensions", "parameters", "labels", "triggers",
                  "environment_variables", "attributes", "options", "default_tags_map", "context", "stage_variables",
                  "request_parameters", "response_parameters", "metadata", "assume_role_policy_conditions", "values"}
class Pairs(list):
    pass


def is_list(value):
    return isinstance(value, list) and not isinstance(value, Pairs)


IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def marked(key):
    return (MARK, key[1:]) if key.startswith(MARK) else ("", key)


def quote(text):
    """A quoted HCL template for a Terraform JSON string: interpolations kept as written."""
    out, i, depth = [], 0, 0
    while i < len(text):
        c = text[i]
        if depth == 0:
            if text.startswith("${", i) or text.startswith("%{", i):
                if i > 0 and text[i - 1] == text[i] and (i < 2 or text[i - 2] != text[i]):
                    pass
                depth = 1
                out.append(text[i:i + 2]); i += 2; continue
            if c == '"': out.append('\\"')
            elif c == "\\": out.append("\\\\")
            elif c == "\n": out.append("\\n")
            elif c == "\t": out.append("\\t")
            else: out.append(c)
        else:
            if c == "{": depth += 1
            elif c == "}": depth -= 1
            out.append(c)
        i += 1
    return '"' + "".join(out) + '"'


def expression(value, indent):
    mark = ""
    if isinstance(value, str) and value.startswith(MARK):
        mark, value = MARK, value[1:]
    if isinstance(value, bool): return mark + ("true" if value else "false")
    if value is None: return mark + "null"
    if isinstance(value, (int, float)): return mark + json.dumps(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\$\{([^{}]*)\}", value)
        if m and '"' not in m.group(1): return mark + m.group(1)
        return mark + quote(value)
    if is_list(value):
        if all(not isinstance(v, list) for v in value):
            return mark + "[" + ", ".join(expression(v, indent) for v in value) + "]"
        inner = ",\n".join("  " * (indent + 1) + expression(v, indent + 1) for v in value)
        return mark + "[\n" + inner + ",\n" + "  " * indent + "]"
    if isinstance(value, Pairs):
        if not value: return mark + "{}"
        lines = []
        for key, item in value:
            m, key = marked(key)
            name = key if IDENT.match(key) else json.dumps(key)
            lines.append("  " * (indent + 1) + m + name + " = " + expression(item, indent + 1))
        return mark + "{\n" + "\n".join(lines) + "\n" + "  " * indent + "}"
    raise ValueError(value)




def body(pairs, indent, out):
    pad = "  " * indent
    for key, value in pairs:
        m, key = marked(key)
        if key == "//":
            for line in (value if is_list(value) else [value]):
                out.append(pad + "# " + line)
            continue
        if key == "dynamic" and isinstance(value, Pairs):
            for label, content in value:
                lm, label = marked(label)
                out.append(pad + lm + m + 'dynamic "' + label + '" {')
                body(content, indent + 1, out)
                out.append(pad + "}")
            continue
        is_blocks = is_list(value) and value and all(isinstance(v, Pairs) for v in value)
        if isinstance(value, Pairs) and key not in MAP_ATTRIBUTES and IDENT.match(key) and key not in ("default", "value"):
            out.append(pad + m + key + " {")
            body(value, indent + 1, out)
            out.append(pad + "}")
        elif is_blocks and key not in MAP_ATTRIBUTES and key not in ("default", "value"):
            for index, block in enumerate(value):
                out.append(pad + (m if index == 0 else "") + key + " {")
                body(block, indent + 1, out)
                out.append(pad + "}")
        else:
            name = key if IDENT.match(key) else json.dumps(key)
            out.append(pad + m + name + " = " + expression(value, indent))


def labelled(kind, tree, depth, labels, out, mark=""):
    """`resource` → type → name → body; the marker of any label goes before the keyword."""
    if depth == 0:
        bodies = tree if is_list(tree) else [tree]
        for b in bodies:
            out.append(mark + kind + "".join(' "%s"' % l for l in labels) + " {")
            body(b, 1, out)
            out.append("}")
            out.append("")
        return
    for key, value in tree:
        m, key = marked(key)
        if key == "//": continue
        labelled(kind, value, depth - 1, labels + [key], out, mark or m)


def convert(text):
    text = text.replace(MARK + '"', '"' + MARK)
    root = json.loads(text, object_pairs_hook=Pairs)
    out = []
    for key, value in root:
        m, key = marked(key)
        if key in ("resource", "data"):
            labelled(key, value, 2, [], out, m)
        elif key in ("variable", "output", "module", "provider"):
            labelled(key, value, 1, [], out, m)
        elif key in ("locals", "terraform"):
            for group in (value if is_list(value) else [value]):
                out.append(m + key + " {")
                body(group, 1, out)
                out.append("}")
                out.append("")
        elif key == "//":
            continue
        else:
            raise ValueError("top-level " + key)
    while out and out[-1] == "": out.pop()
    return "\n".join(out) + "\n"


def swift_unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\", '"': '"'}.get(m.group(1), m.group(0)), s)


def swift_escape(s):
    return s.replace("\\", "\\\\")


EXAMPLE = re.compile(r'(?P<indent>[ ]*)\.(?P<verdict>good|bad)\(\.terraformJSON, scenario: (?P<scenario>"[^"]*"), """\n(?P<body>.*?)\n(?P<close>[ ]*)"""\)(?P<comma>,?)\n', re.S)


def process(path):
    source = open(path).read()
    if ".terraformHCL" in source:
        return 0, 0
    converted, failed = 0, 0
    pieces, last = [], 0
    for m in EXAMPLE.finditer(source):
        pieces.append(source[last:m.end()])
        last = m.end()
        close = m.group("close")
        lines = [l[len(close):] if l.startswith(close) else l for l in m.group("body").split("\n")]
        try:
            hcl = convert(swift_unescape("\n".join(lines)))
        except Exception as error:  # an example the converter does not handle keeps JSON only
            print(f"{path}: {m.group('scenario')}: {error}", file=sys.stderr)
            failed += 1
            continue
        indented = "\n".join((close + l) if l else "" for l in swift_escape(hcl).rstrip("\n").split("\n"))
        pieces.append(f'{m.group("indent")}.{m.group("verdict")}(.terraformHCL, scenario: {m.group("scenario")}, """\n{indented}\n{close}"""){m.group("comma") or ","}\n')
        converted += 1
    pieces.append(source[last:])
    open(path, "w").write("".join(pieces))
    return converted, failed


if __name__ == "__main__":
    total = [0, 0]
    for path in sys.argv[1:]:
        c, f = process(path)
        total[0] += c; total[1] += f
    print(f"converted {total[0]}, left {total[1]}")
