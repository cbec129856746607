#!/usr/bin/env python3
"""The launch review as a real browser shows it.

Renders the HTML page with headless Chromium (`--dump-dom`: the document after the browser
parsed it) and checks that the verdict, every checklist status and the finding counts on the
page equal the JSON report of the same scan. Exits 1 on any difference, listing them.

    report-check.py PAGE.html REPORT.json [--chromium chromium]
    report-check.py --dom DOM.html REPORT.json      # an already dumped DOM
"""
import argparse
import html.parser
import json
import pathlib
import subprocess
import sys


class Page(html.parser.HTMLParser):
    """Collects, from the rendered DOM, the elements the check compares."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, attrs)
        self.verdict = None
        self.texts = {}          # id -> text
        self.items = {}          # checklist key -> {"status": …, "text": …}
        self.severity = {}       # data-severity -> count text
        self.groups = []         # data-findings of each finding group
        self.capture = []        # (key, buffer) being collected
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "script":
            self.scripts += 1
        if "data-verdict" in attrs:
            self.verdict = attrs["data-verdict"]
        if attrs.get("id") in ("verdict-headline", "verdict-word"):
            self.capture.append(("id:" + attrs["id"], []))
        if tag == "tr" and "data-item" in attrs:
            self.items[attrs["data-item"]] = {"status": attrs.get("data-status"), "text": None}
            self.current_item = attrs["data-item"]
        if "data-status-text" in attrs:
            self.capture.append(("item:" + self.current_item, []))
        if "data-count" in attrs:
            owner = next((a for _, a in reversed(self.stack[:-1]) if "data-severity" in a), None)
            if owner is not None:
                self.capture.append(("severity:" + owner["data-severity"], []))
        if tag == "article" and "group" in attrs.get("class", "").split():
            self.groups.append(int(attrs.get("data-findings", "0")))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        # Every captured element is a span without spans inside: it ends at the next </span>.
        if self.capture and tag == "span":
            key, buffer = self.capture.pop()
            text = " ".join("".join(buffer).split())
            kind, _, name = key.partition(":")
            if kind == "id":
                self.texts[name] = text
            elif kind == "item":
                self.items[name]["text"] = text
            elif kind == "severity":
                self.severity[name] = text

    def handle_data(self, data):
        for _, buffer in self.capture:
            buffer.append(data)


def dump_dom(page, chromium):
    url = pathlib.Path(page).resolve().as_uri()
    result = subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom", url],
        capture_output=True, text=True, timeout=180,
    )
    if result.returncode != 0 or "<html" not in result.stdout:
        sys.exit(f"report-check: chromium could not render {page}:\n{result.stderr[-2000:]}")
    return result.stdout


def compare(dom, report):
    page = Page()
    page.feed(dom)
    problems = []

    def expect(what, shown, wanted):
        if shown != wanted:
            problems.append(f"{what}: the page shows {shown!r}, the JSON says {wanted!r}")

    verdict = report["verdict"]
    expect("verdict", page.verdict, "ready" if verdict["ready"] else "not-ready")
    expect("verdict headline", page.texts.get("verdict-headline"), verdict["headline"])
    expect("verdict word", page.texts.get("verdict-word"), "READY" if verdict["ready"] else "NOT READY")

    wanted_items = {entry["key"]: entry for entry in report["checklist"]}
    expect("checklist items", sorted(page.items), sorted(wanted_items))
    for key, entry in wanted_items.items():
        shown = page.items.get(key, {})
        expect(f"checklist {key} status", shown.get("status"), entry["status"])
        # The status text follows its icon (✓, ✗, ?, …).
        text = shown.get("text") or ""
        expect(f"checklist {key} status text", text.split(" ", 1)[-1] if " " in text else text, entry["statusText"])

    counts = report["counts"]
    for severity, count in counts["bySeverity"].items():
        expect(f"{severity} findings", page.severity.get(severity), str(count))
    expect("cannot tell before deploy", page.severity.get("unknown"), str(counts["unknown"]))
    expect("suppressed", page.severity.get("suppressed"), str(counts["suppressed"]))
    expect("finding groups", len(page.groups), counts["groups"])
    expect("findings in the groups", sum(page.groups), counts["findings"])
    expect("scripts on the page", page.scripts, 1)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("report")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--dom", action="store_true", help="PAGE is an already dumped DOM")
    arguments = parser.parse_args()
    dom = pathlib.Path(arguments.page).read_text() if arguments.dom else dump_dom(arguments.page, arguments.chromium)
    report = json.loads(pathlib.Path(arguments.report).read_text())
    problems = compare(dom, report)
    if problems:
        print("report-check: the rendered page and the JSON report disagree:", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)
    items = len(report["checklist"])
    print(f"report-check: the page as Chromium renders it matches the JSON: verdict {report['verdict']['headline']!r}, "
          f"{items} checklist statuses, {report['counts']['findings']} findings in {report['counts']['groups']} groups")


if __name__ == "__main__":
    main()
