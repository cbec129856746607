/// The launch-review page as one Mustache template. Only `{{name}}` (HTML-escaped) is
/// used for values; the CSS and the one small script are part of the template, never built
/// from scanned text. The page makes no network request: no fonts, images or scripts are
/// loaded from anywhere.
enum LaunchReviewTemplate {
    static let page = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="auditstack {{toolVersion}}">
<title>Launch review: {{headline}}</title>
<style>
:root {
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --bad: #b42318; --bad-bg: #fee4e2; --good: #067647; --good-bg: #dcfae6;
  --warn: #8a4b00; --warn-bg: #fef0c7; --info: #344054; --info-bg: #eaecf0;
  --critical: #7a1010; --high: #b42318; --medium: #8a4b00; --low: #344054; --link: #0b57d0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1419; --fg: #e6edf3; --muted: #9aa7b4; --line: #30363d; --panel: #161b22;
    --bad: #ff8f85; --bad-bg: #3d1412; --good: #6ee7a8; --good-bg: #0f2d1f;
    --warn: #f5c26b; --warn-bg: #3a2a0c; --info: #c9d1d9; --info-bg: #232a33;
    --critical: #ffb3ad; --high: #ff8f85; --medium: #f5c26b; --low: #c9d1d9; --link: #7cb0ff;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--link); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.page { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.3rem; margin: 2em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0; }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.04em; text-transform: uppercase; }
.verdict { border: 2px solid var(--line); border-radius: 10px; padding: 18px 20px; background: var(--panel); }
.verdict.not-ready { border-color: var(--bad); }
.verdict.ready { border-color: var(--good); }
.verdict-word { display: inline-block; padding: 2px 10px; border-radius: 6px; font-size: 0.95rem; vertical-align: middle; letter-spacing: 0.03em; }
.not-ready .verdict-word { background: var(--bad); color: var(--bg); }
.ready .verdict-word { background: var(--good); color: var(--bg); }
.summary { font-size: 1.05rem; margin: 0.3em 0 0.8em; }
.fix-first { margin: 0.3em 0 0.6em; padding-left: 1.4em; }
.fix-first li { margin: 0.25em 0; }
.fix-first .where { color: var(--muted); font-size: 0.9em; overflow-wrap: anywhere; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 0; padding: 0; list-style: none; }
.tiles li { border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; background: var(--bg); min-width: 92px; }
.tiles .n { display: block; font-size: 1.4rem; font-weight: 700; line-height: 1.2; }
.tiles .k { color: var(--muted); font-size: 0.85rem; }
.tiles .blocking { border-color: var(--bad); }
.tiles.packs li { min-width: 0; padding: 3px 10px; }
.tiles.packs .n { display: inline; font-size: 1rem; margin-right: 4px; }
nav.toc { margin: 16px 0 0; font-size: 0.92rem; }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.sev { display: inline-block; min-width: 4.6em; text-align: center; border-radius: 4px; padding: 0 6px; font-size: 0.8rem; font-weight: 700; text-transform: uppercase; border: 1px solid currentColor; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); } .sev-low { color: var(--low); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-size: 0.85rem; color: var(--muted); font-weight: 600; }
tbody tr:last-child > * { border-bottom: 0; }
th small { display: block; font-weight: 400; color: var(--muted); font-size: 0.85rem; }
.status { display: inline-block; font-weight: 700; border-radius: 4px; padding: 1px 8px; white-space: nowrap; }
.status-passes { color: var(--good); background: var(--good-bg); }
.status-fails { color: var(--bad); background: var(--bad-bg); }
.status-cannot-tell, .status-accepted { color: var(--warn); background: var(--warn-bg); }
.status-not-checkable { color: var(--warn); background: var(--warn-bg); }
.status-not-applicable, .status-not-run { color: var(--info); background: var(--info-bg); }
.detail { margin: 4px 0 0; font-size: 0.9rem; }
.rules code { display: inline-block; margin: 0 4px 3px 0; white-space: nowrap; }
.rules .rule-skipped, .rules .rule-not-in-this-build { color: var(--muted); text-decoration: line-through; }
.claims td.mark { text-align: center; font-weight: 700; white-space: nowrap; }
.mark-not-checked { color: var(--muted); font-weight: 400; }
.mark-yes { color: var(--good); } .mark-no { color: var(--bad); } .mark-unknown { color: var(--warn); } .mark-n\/a { color: var(--muted); font-weight: 400; }
.mark .words { display: block; font-size: 0.72rem; font-weight: 400; }
.legend { color: var(--muted); font-size: 0.88rem; }
.money-total { font-size: 1.1rem; }
svg.chart { width: 100%; max-width: 720px; height: auto; display: block; margin: 8px 0; }
svg.chart text { fill: var(--fg); font-size: 12px; font-family: inherit; }
svg.chart .bar { fill: var(--bad); opacity: 0.35; }
svg.chart .saved { fill: var(--bad); }
.group { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 12px 0; break-inside: avoid; }
.group.severity-critical { border-left-color: var(--critical); } .group.severity-high { border-left-color: var(--high); }
.group.severity-medium { border-left-color: var(--medium); } .group.severity-low { border-left-color: var(--low); }
.group header { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
.group .blocks { color: var(--bad); font-weight: 700; font-size: 0.85rem; }
.group .meta { color: var(--muted); font-size: 0.9rem; margin: 4px 0; overflow-wrap: anywhere; }
.group ul.findings { margin: 6px 0; padding-left: 1.2em; }
.group ul.findings li { margin: 3px 0; overflow-wrap: anywhere; }
.group dl { margin: 8px 0 0; }
.group dt { font-weight: 700; font-size: 0.9rem; }
.group dd { margin: 0 0 6px; }
pre.snippet { margin: 4px 0 8px; padding: 8px 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; font-size: 0.85rem; line-height: 1.4; }
pre.snippet code { overflow-wrap: normal; white-space: pre; }
details { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 10px 0; }
details > summary { cursor: pointer; font-weight: 600; }
.files { columns: 2 320px; padding-left: 1.2em; margin: 6px 0; }
.muted { color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 640px) {
  .page { padding: 14px 12px 32px; }
  h1 { font-size: 1.45rem; }
  .tiles li { min-width: 76px; padding: 5px 9px; }
  th, td { padding: 6px 7px; }
  /* The checklist reads as cards on a phone: item, then status, then the rules. */
  table.checklist, .checklist tbody, .checklist tr, .checklist th, .checklist td { display: block; width: auto; }
  .checklist thead { display: none; }
  .checklist tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  .checklist th, .checklist td { border: 0; padding: 3px 10px; }
  .checklist td.rules { font-size: 0.8rem; }
  /* Claims too: one card per data store, each claim on its own line with its name. */
  table.claims, .claims tbody, .claims tr, .claims th { display: block; }
  .claims thead { display: none; }
  .claims tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  .claims th { border: 0; padding: 3px 10px; }
  .claims td.mark { display: flex; gap: 8px; align-items: baseline; text-align: left; border: 0; padding: 1px 10px; }
  .claims td.mark::before { content: attr(data-label); min-width: 11em; color: var(--fg); font-weight: 400; }
  .claims td.mark .words { display: inline; font-size: 0.85rem; }
}
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #fff; --muted: #333; --line: #999; }
  body { font-size: 10pt; }
  @page { margin: 14mm 12mm; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  tr, .group, .verdict { break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  details { border: 0; padding: 0; }
  /* Rule ids flow as text so a checklist row stays a few lines tall on paper. */
  .rules code { display: inline; margin: 0 3px 0 0; font-size: 7.5pt; white-space: nowrap; }
  table.checklist { table-layout: fixed; }
  .checklist thead th:nth-child(1) { width: 26%; }
  .checklist thead th:nth-child(2) { width: 44%; }
  .checklist thead th:nth-child(3) { width: 30%; }
  .checklist td.rules { line-height: 1.3; }
  th small, .detail { font-size: 9pt; }
  .group { padding: 6px 10px; margin: 8px 0; }
  pre.snippet { white-space: pre-wrap; overflow: visible; }
  pre.snippet code { white-space: pre-wrap; }
}
</style>
</head>
<body>
<div class="page">
<header class="verdict {{verdictState}}" id="verdict" data-verdict="{{verdictState}}">
  <p class="eyebrow">auditstack launch review</p>
  <h1><span class="verdict-word" id="verdict-word">{{verdictWord}}</span> <span id="verdict-headline">{{headline}}</span></h1>
  <p class="summary" id="verdict-summary">{{summary}}</p>
  <p class="scanned-line muted">Scanned {{fileCount}} files ({{#formats}}{{count}} {{format}}; {{/formats}}{{resourceCount}} resources){{#environments}}; {{resources}} resources judged as <strong>{{environment}}</strong>: {{reason}}{{/environments}}. <a href="#scanned">What was scanned</a></p>
  {{#hasFixFirst}}
  <h2 class="fix-heading" style="margin-top:0.6em;border:0">Fix first</h2>
  <ol class="fix-first" id="fix-first">
    {{#fixFirst}}<li><span class="sev sev-{{severity}}">{{severity}}</span> <a href="#{{id}}">{{title}}</a> <span class="where">on <code>{{resource}}</code> at <code>{{location}}</code></span></li>
    {{/fixFirst}}
  </ol>
  {{#moreBlocking}}<p class="muted">… and {{text}} in <a href="#findings">Findings</a>.</p>{{/moreBlocking}}
  {{/hasFixFirst}}
  <ul class="tiles" id="severity-counts" aria-label="Findings by severity">
    {{#severityCounts}}<li class="{{#blocking}}blocking{{/blocking}}" data-severity="{{severity}}"><span class="n" data-count>{{count}}</span><span class="k">{{severity}}{{#blocking}} · blocks{{/blocking}}</span></li>
    {{/severityCounts}}<li data-severity="unknown"><span class="n" data-count>{{unknownCount}}</span><span class="k">cannot tell before deploy</span></li>
    <li data-severity="suppressed"><span class="n" data-count>{{suppressedCount}}</span><span class="k">suppressed or baselined</span></li>
  </ul>
  <ul class="tiles packs" id="pack-counts" aria-label="Findings by pack">
    {{#packCounts}}<li data-pack="{{pack}}"><span class="n" data-count>{{count}}</span><span class="k">{{pack}}</span></li>
    {{/packCounts}}
  </ul>
  <nav class="toc" aria-label="Sections">
    <ul>
      <li><a href="#checklist">Launch checklist</a></li>
      <li><a href="#claims">Data stores</a></li>
      <li><a href="#money">Money</a></li>
      <li><a href="#findings">Findings ({{groupCount}} problems, {{totalFindings}} findings)</a></li>
      <li><a href="#suppressed">Suppressed ({{suppressedCount}})</a></li>
      <li><a href="#unknowns">Cannot tell ({{unknownCount}})</a></li>
      <li><a href="#scanned">What was scanned</a></li>
    </ul>
  </nav>
</header>

<main>
{{#hasErrors}}
<section id="errors" aria-labelledby="errors-title">
  <h2 id="errors-title">Inputs that could not be read</h2>
  <p>The review is incomplete until these files can be read.</p>
  <div class="table-wrap"><table>
    <thead><tr><th scope="col">Location</th><th scope="col">Problem</th></tr></thead>
    <tbody>{{#errors}}<tr><td><code>{{location}}</code></td><td>{{message}}</td></tr>{{/errors}}</tbody>
  </table></div>
</section>
{{/hasErrors}}

<section id="checklist" aria-labelledby="checklist-title">
  <h2 id="checklist-title">Launch checklist</h2>
  <p class="legend">{{#checklistCounts}}<span class="status status-{{status}}">{{icon}} {{count}} {{text}}</span> {{/checklistCounts}}</p>
  <div class="table-wrap"><table class="checklist">
    <thead><tr><th scope="col">Item</th><th scope="col">Status</th><th scope="col" class="rules">Checked by</th></tr></thead>
    <tbody>
    {{#checklist}}<tr id="item-{{key}}" data-item="{{key}}" data-status="{{status}}">
      <th scope="row">{{title}}<small>{{#question}}{{#code}}<code>{{text}}</code>{{/code}}{{^code}}{{text}}{{/code}}{{/question}}</small></th>
      <td><span class="status status-{{status}}" data-status-text>{{icon}} {{statusText}}</span>
        <p class="detail">{{detail}}</p>
        {{#groups}}<a href="#{{id}}">problem {{number}}</a> {{/groups}}</td>
      <td class="rules">{{#rules}}<code class="rule-{{state}}" title="{{title}}">{{id}}</code>{{/rules}}{{^hasRules}}<span class="muted">no rule: see the status</span>{{/hasRules}}</td>
    </tr>
    {{/checklist}}
    </tbody>
  </table></div>
</section>

<section id="claims" aria-labelledby="claims-title">
  <h2 id="claims-title">Data stores: which claims hold</h2>
  {{#hasClaims}}
  <p class="legend">✓ holds · ✗ does not hold (links to its finding) · ? cannot tell before deploy · n/a does not apply · – not checked (its rules did not run). Hover a mark for the reason.</p>
  <div class="table-wrap"><table class="claims">
    <thead><tr><th scope="col">Resource</th>{{#claimTitles}}<th scope="col">{{title}}</th>{{/claimTitles}}</tr></thead>
    <tbody>
    {{#claims}}<tr><th scope="row"><code>{{resource}}</code> <small>{{category}} · {{type}} · {{location}}</small></th>
      {{#cells}}<td class="mark mark-{{mark}}" data-label="{{claim}}" title="{{claim}}: {{note}}">{{#link}}<a href="#{{link}}">{{symbol}}</a>{{/link}}{{^link}}{{symbol}}{{/link}}<span class="words">{{words}}</span></td>{{/cells}}
    </tr>
    {{/claims}}
    </tbody>
  </table></div>
  {{/hasClaims}}
  {{^hasClaims}}<p>No databases, tables, buckets, queues, caches or streams in the scanned files.</p>{{/hasClaims}}
</section>

<section id="money" aria-labelledby="money-title">
  <h2 id="money-title">Money</h2>
  {{#hasMoney}}
  {{#hasChart}}
  <p class="money-total">About <strong>{{moneyTotal}} per month</strong> in the findings that put a price on something; fixing them saves about <strong>{{moneyAvoidable}} per month</strong> <span class="muted">({{moneyLabel}})</span>.</p>
  {{#natSpend}}<p>NAT gateways: {{natSpend}}.</p>{{/natSpend}}
  <svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 720 {{chartHeight}}">
    <title id="chart-title">Estimated monthly cost per finding ({{moneyLabel}}); the darker part is what fixing it saves</title>
    {{#chartBars}}<g><title>{{fullLabel}}: {{value}}</title>
      <text x="0" y="{{textY}}">{{label}}</text>
      <rect class="bar" x="{{barX}}" y="{{y}}" width="{{width}}" height="20" rx="3"></rect>
      <rect class="saved" x="{{barX}}" y="{{y}}" width="{{savedWidth}}" height="20" rx="3"></rect>
      <text x="{{valueX}}" y="{{textY}}">{{value}}</text></g>
    {{/chartBars}}
  </svg>
  <p class="legend">Estimates, not a bill ({{moneyLabel}}). Light bar: the monthly cost; dark bar: what fixing it saves.</p>
  {{/hasChart}}
  <div class="table-wrap"><table>
    <thead><tr><th scope="col">Finding</th><th scope="col">Resource</th><th scope="col">Monthly</th><th scope="col">Fixing saves</th></tr></thead>
    <tbody>{{#moneyRows}}<tr><td>{{#link}}<a href="#{{link}}">{{ruleId}}</a>{{/link}}{{^link}}{{ruleId}}{{/link}} <span class="detail">{{message}}</span></td><td><code>{{resource}}</code><br><small class="muted">{{location}}</small></td><td>{{monthly}}</td><td>{{avoidable}}</td></tr>{{/moneyRows}}</tbody>
  </table></div>
  {{#hasAssumptions}}<p class="legend">Assumptions: {{#assumptions}}{{text}}; {{/assumptions}}prices are list prices and change; traffic is not counted unless given.</p>{{/hasAssumptions}}
  {{/hasMoney}}
  {{^hasMoney}}<p>No finding puts a price on anything.</p>{{/hasMoney}}
</section>

<section id="findings" aria-labelledby="findings-title">
  <h2 id="findings-title">Findings, grouped by root cause</h2>
  {{^hasGroups}}<p>No findings.</p>{{/hasGroups}}
  {{#hasGroups}}<p class="legend">{{totalFindings}} findings in {{groupCount}} problems: findings that share a cause (one policy statement several rules report) are one problem, listed once with every rule it breaks. Most severe first.</p>{{/hasGroups}}
  {{#groups}}
  <article class="group severity-{{severity}}" id="{{id}}" data-severity="{{severity}}" data-findings="{{findingCount}}">
    <header><span class="sev sev-{{severity}}">{{severity}}</span><h3>{{number}}. {{title}}</h3>{{#blocking}}<span class="blocks">blocks launch</span>{{/blocking}}</header>
    <p class="meta">on <code>{{resources}}</code> at <code>{{location}}</code> · breaks {{#rules}}<code title="{{title}}">{{id}}</code> {{/rules}}</p>
    <ul class="findings">{{#findings}}<li><code>{{ruleId}}</code> <span class="sev sev-{{severity}}">{{severity}}</span>{{#findingLocation}} <code>{{findingLocation}}</code>{{/findingLocation}}{{#findingResource}} <code>{{findingResource}}</code>{{/findingResource}}: {{message}}</li>{{/findings}}</ul>
    <dl>{{#explained}}<dt>Why it matters</dt><dd>{{#why}}{{#code}}<code>{{text}}</code>{{/code}}{{^code}}{{text}}{{/code}}{{/why}}</dd>
      <dt>Fix</dt><dd>{{#fix}}{{#code}}<code>{{text}}</code>{{/code}}{{^code}}{{text}}{{/code}}{{/fix}}</dd>{{/explained}}
      {{^explained}}{{#explainedIn}}<dd class="muted">Why it matters and the fix: as for <a href="#{{id}}">problem {{number}}</a>.</dd>{{/explainedIn}}{{/explained}}
      {{#snippets}}<dt>Ready to paste ({{language}}), {{placement}}</dt><dd><pre class="snippet"><code>{{text}}</code></pre></dd>{{/snippets}}</dl>
  </article>
  {{/groups}}
</section>

<section id="suppressed" aria-labelledby="suppressed-title">
  <h2 id="suppressed-title">Suppressed and baselined</h2>
  {{#hasSuppressed}}
  <details>
    <summary>{{suppressedCount}} accepted findings, with the reason and expiry given for each</summary>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">Reason</th><th scope="col">Expires</th></tr></thead>
      <tbody>{{#suppressed}}<tr><td><code>{{ruleId}}</code><br><small class="muted">{{origin}}</small></td><td><code>{{resource}}</code><br><small class="muted">{{location}}</small><br><span class="detail">{{message}}</span></td><td>{{reason}}</td><td>{{expires}}</td></tr>{{/suppressed}}</tbody>
    </table></div>
  </details>
  {{/hasSuppressed}}
  {{^hasSuppressed}}<p>None: no finding was suppressed or baselined.</p>{{/hasSuppressed}}
</section>

<section id="unknowns" aria-labelledby="unknowns-title">
  <h2 id="unknowns-title">Cannot tell before deploy</h2>
  {{#hasUnknowns}}
  <details>
    <summary>{{unknownCount}} checks depend on values known only at deploy time; they are neither passes nor failures</summary>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">Depends on</th></tr></thead>
      <tbody>{{#unknowns}}<tr><td><code>{{ruleId}}</code></td><td><code>{{resource}}</code><br><small class="muted">{{location}}</small></td><td><code>{{expression}}</code></td></tr>{{/unknowns}}</tbody>
    </table></div>
  </details>
  {{/hasUnknowns}}
  {{^hasUnknowns}}<p>Every check was decided from the configuration.</p>{{/hasUnknowns}}
</section>

<section id="scanned" aria-labelledby="scanned-title">
  <h2 id="scanned-title">What was scanned</h2>
  <p>{{fileCount}} files ({{#formats}}{{count}} {{format}}; {{/formats}}{{skippedFiles}} skipped), {{resourceCount}} resources, {{policyCount}} policies; {{rulesRun}} rules ran.</p>
  {{#hasEnvironments}}<ul>{{#environments}}<li>Judged as <strong>{{environment}}</strong> ({{resources}} resources): {{reason}}</li>{{/environments}}</ul>{{/hasEnvironments}}
  <details><summary>Files</summary><ul class="files">{{#files}}<li><code>{{path}}</code> <span class="muted">{{format}}</span></li>{{/files}}</ul></details>
</section>
</main>
<footer>Written by auditstack {{toolVersion}} from the configuration alone, before deploy; nothing left this machine. Blocking severities: {{blockingSeverities}}.</footer>
</div>
<script>
// Printing (or saving as PDF) shows the folded sections too. The page reads the same without this.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
});
</script>
</body>
</html>
"""#
}
