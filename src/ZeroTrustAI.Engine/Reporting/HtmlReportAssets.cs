using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// The constant stylesheet and script of the HTML report, and their SHA-256 hashes for the Content-Security-Policy:
    /// the page allows exactly these two inline blocks and nothing else, so even markup that slipped past encoding
    /// could not run script or load anything.
    /// </summary>
    internal static class HtmlReportAssets
    {
        public static readonly string Style = BuildStyle();

        public const string Script = @"
(function () {
  'use strict';
  var table = document.getElementById('findings');
  var toolbar = document.getElementById('toolbar');
  if (!table || !toolbar) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = {
    status: document.getElementById('filter-status'),
    pillar: document.getElementById('filter-pillar'),
    severity: document.getElementById('filter-severity')
  };
  var search = document.getElementById('filter-text');
  var shown = document.getElementById('shown');
  var noMatch = document.getElementById('no-match');
  var expand = document.getElementById('expand-all');
  toolbar.hidden = false;

  function apply() {
    var query = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var visible = Object.keys(filters).every(function (name) {
        var wanted = filters[name].value;
        return !wanted || row.getAttribute('data-' + name) === wanted;
      }) && (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
      row.hidden = !visible;
      if (visible) { count++; }
    });
    shown.textContent = count + ' of ' + rows.length + ' results';
    noMatch.hidden = count !== 0 || rows.length === 0;
    document.querySelectorAll('[data-filter]').forEach(function (el) {
      el.setAttribute('aria-pressed', String(matches(pairs(el))));
    });
  }

  // A data-filter attribute holds space-separated name:value pairs, e.g. 'status:Fail severity:High'.
  function pairs(el) {
    return el.getAttribute('data-filter').split(' ').map(function (pair) { return pair.split(':'); });
  }
  function matches(list) {
    return list.every(function (pair) { return filters[pair[0]].value === pair[1]; });
  }

  Object.keys(filters).forEach(function (name) { filters[name].addEventListener('change', apply); });
  search.addEventListener('input', apply);
  document.getElementById('clear-filters').addEventListener('click', function () {
    Object.keys(filters).forEach(function (name) { filters[name].value = ''; });
    search.value = '';
    apply();
  });

  document.querySelectorAll('[data-filter]').forEach(function (el) {
    el.addEventListener('click', function () {
      var list = pairs(el);
      var clear = matches(list);
      list.forEach(function (pair) { filters[pair[0]].value = clear ? '' : pair[1]; });
      apply();
      toolbar.scrollIntoView({ block: 'start' });
    });
  });

  var headers = table.querySelectorAll('th[data-sort]');
  function sort(th) {
    var key = 'data-sort-' + th.getAttribute('data-sort');
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    rows.sort(function (a, b) {
      var x = a.getAttribute(key) || '', y = b.getAttribute(key) || '';
      var order = /^\d+$/.test(x) && /^\d+$/.test(y) ? x - y : x.localeCompare(y, undefined, { sensitivity: 'base', numeric: true });
      return (ascending ? order : -order) || a.getAttribute('data-order') - b.getAttribute('data-order');
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () { sort(th); });
  });

  expand.addEventListener('click', function () {
    var open = expand.getAttribute('aria-pressed') !== 'true';
    expand.setAttribute('aria-pressed', String(open));
    expand.textContent = open ? 'Collapse all' : 'Expand all';
    table.querySelectorAll('details').forEach(function (d) { d.open = open; });
  });

  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    openedForPrint = [];
    document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; openedForPrint.push(d); });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (d) { d.open = false; });
  });

  apply();
})();
";

        public static readonly string StyleHash = Sha256(Style);

        public static readonly string ScriptHash = Sha256(Script);

        /// <summary>No default sources: only the hashed style and script; no images, fonts, frames, forms or base changes.</summary>
        public static readonly string ContentSecurityPolicy =
            "default-src 'none'; style-src 'sha256-" + StyleHash + "'; script-src 'sha256-" + ScriptHash + "'; " +
            "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";

        private const string BaseStyle = @"
:root {
  --ink: #1b2733; --muted: #5b6b7c; --line: #d8e0e8; --page: #f3f6f9; --card: #ffffff; --accent: #0f6cbd;
  --pass: #1a7f37; --pass-bg: #e2f5e7; --fail: #b42318; --fail-bg: #fde9e7; --warn: #8a5300; --warn-bg: #fff3d1;
  --error: #6b21a8; --error-bg: #f3e8ff; --skip: #4b5563; --skip-bg: #eceff3;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.5 -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Consolas, 'Liberation Mono', Menlo, monospace; font-size: 12.5px; }
a { color: var(--accent); overflow-wrap: anywhere; }
header.top { background: #0b2540; color: #fff; padding: 28px 32px 24px; }
header.top .brand { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; opacity: .75; margin: 0 0 4px; }
header.top h1 { margin: 0 0 16px; font-size: 26px; font-weight: 600; line-height: 1.25; overflow-wrap: anywhere; }
dl.meta { display: flex; flex-wrap: wrap; gap: 8px 36px; margin: 0; }
dl.meta div { min-width: 0; }
dl.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; opacity: .7; }
dl.meta dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
main { max-width: 1360px; margin: 0 auto; padding: 24px 32px 40px; }
h2 { font-size: 18px; margin: 28px 0 12px; }
h2:first-child { margin-top: 0; }
main > section + section { margin-top: 36px; }
.detail .rid { overflow-wrap: anywhere; }
.detail .rid code { font-size: 12px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.kpi { display: block; text-align: left; font: inherit; color: inherit; background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 8px; padding: 12px 16px; }
button.kpi { cursor: pointer; }
button.kpi:hover, button.kpi:focus-visible { border-color: var(--accent); outline: none; }
.kpi[aria-pressed=true] { box-shadow: 0 0 0 2px var(--accent) inset; }
.kpi .num { display: block; font-size: 28px; font-weight: 650; line-height: 1.2; }
.kpi .lbl { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.kpi.pass { border-left-color: var(--pass); } .kpi.pass .num { color: var(--pass); }
.kpi.fail { border-left-color: var(--fail); } .kpi.fail .num { color: var(--fail); }
.kpi.warn { border-left-color: #d08700; } .kpi.warn .num { color: var(--warn); }
.kpi.other { border-left-color: var(--error); }
.pillars { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin-top: 12px; }
.pillar { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.pillar header { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.pillar h3 { margin: 0; font-size: 16px; }
.pillar .rate { font-size: 22px; font-weight: 650; }
.pillar .rate small { font-size: 12px; font-weight: 400; color: var(--muted); }
.bar { display: flex; height: 10px; border-radius: 5px; overflow: hidden; background: var(--skip-bg); margin: 10px 0; }
.bar span { display: block; height: 100%; min-width: 2px; }
.bar .s-pass { background: var(--pass); } .bar .s-fail { background: var(--fail); } .bar .s-warn { background: #e0a100; } .bar .s-other { background: #9aa5b1; }
.counts { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; padding: 0; list-style: none; color: var(--muted); font-size: 13px; }
.counts b { color: var(--ink); }
.filter-link { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; }
.severities { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; align-items: center; }
.severities .lbl { color: var(--muted); margin-right: 4px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
button.badge { cursor: pointer; font-family: inherit; }
button.badge[aria-pressed=true] { box-shadow: 0 0 0 2px var(--accent); }
.st-pass { color: var(--pass); background: var(--pass-bg); }
.st-fail { color: var(--fail); background: var(--fail-bg); }
.st-warning { color: var(--warn); background: var(--warn-bg); }
.st-error { color: var(--error); background: var(--error-bg); }
.st-skipped, .st-notapplicable, .st-suppressed { color: var(--skip); background: var(--skip-bg); }
.sev-critical { color: #fff; background: #7a0916; }
.sev-high { color: #fff; background: #c4320a; }
.sev-medium { color: #6a4100; background: #fedf89; }
.sev-low { color: #1849a9; background: #d1e9ff; }
.sev-informational { color: #475467; background: #eaecf0; }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; background: var(--card); border: 1px solid var(--line); border-radius: 8px 8px 0 0; border-bottom: 0; padding: 12px 16px; }
.toolbar[hidden] { display: none; }
.toolbar label { display: flex; flex-direction: column; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); gap: 2px; }
.toolbar select, .toolbar input, .toolbar button { font: inherit; font-size: 13px; text-transform: none; letter-spacing: 0; color: var(--ink); padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.toolbar input { min-width: 220px; }
.toolbar button { cursor: pointer; }
.toolbar .grow { flex: 1; }
#shown { color: var(--muted); font-size: 13px; align-self: center; }
.table-wrap { background: var(--card); border: 1px solid var(--line); overflow-x: auto; }
table.findings { width: 100%; border-collapse: collapse; }
table.findings th, table.findings td { text-align: left; vertical-align: top; padding: 10px 12px; border-bottom: 1px solid var(--line); }
table.findings thead th { position: sticky; top: 0; background: #f8fafc; z-index: 1; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); white-space: nowrap; }
table.findings th button { font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
table.findings th .print-label { display: none; }
table.findings th[aria-sort=ascending] button::after { content: ' \25B2'; }
table.findings th[aria-sort=descending] button::after { content: ' \25BC'; }
table.findings tbody tr:hover { background: #fafcff; }
tr[data-status=Pass] .sev, tr[data-status=NotApplicable] .sev, tr[data-status=Suppressed] .sev { opacity: .55; }
td.control code { font-weight: 600; white-space: nowrap; }
.sub { color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
td.resource { min-width: 160px; max-width: 320px; overflow-wrap: break-word; }
td.resource .name { font-weight: 600; }
td.finding { min-width: 280px; }
td.finding p { margin: 0 0 6px; }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
details[open] summary { margin-bottom: 8px; }
.detail h4 { margin: 12px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.detail p, .detail ul { margin: 0 0 6px; }
.detail ul { padding-left: 18px; }
table.evidence { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.evidence th, table.evidence td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.evidence th { background: #f8fafc; font-weight: 600; }
table.evidence td:first-child { width: 40%; }
table.evidence code { white-space: pre-wrap; word-break: break-word; }
.absent { color: var(--muted); font-style: italic; }
.empty { padding: 16px; color: var(--muted); margin: 0; }
.detail .about { margin-top: 10px; font-size: 13px; }
.controls { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.control-card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; scroll-margin-top: 12px; }
.control-card:target { box-shadow: 0 0 0 2px var(--accent); }
.control-card h3 { margin: 0 0 4px; font-size: 15px; line-height: 1.35; }
.control-card h3 code { font-size: 13px; margin-right: 4px; }
.control-card .badge { margin-right: 6px; }
.control-card h4 { margin: 12px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.control-card p, .control-card ul { margin: 0 0 6px; }
.control-card ul { padding-left: 18px; }
dl.mappings { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 13px; }
dl.mappings dt { color: var(--muted); }
dl.mappings dd { margin: 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 32px 32px; }
@media (max-width: 720px) { main, header.top { padding-left: 16px; padding-right: 16px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 11.5px; }
  .kpis { grid-template-columns: repeat(7, 1fr); gap: 6px; }
  .kpi { padding: 6px 8px; }
  .kpi .num { font-size: 18px; }
  .kpi .lbl { font-size: 9.5px; }
  .pillars { grid-template-columns: repeat(3, 1fr); gap: 6px; }
  .pillar { padding: 10px; }
  .filter-link { display: none; }
  table.findings th button { display: none; }
  table.findings th .print-label { display: inline; }
  table.findings th, table.findings td { padding: 6px 6px; }
  td.resource { min-width: 0; }
  td.finding { min-width: 0; width: 45%; }
  .sub, code, .mono, table.evidence { font-size: 10.5px; }
  header.top { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 12px; }
  main { padding: 12px 0; max-width: none; }
  .toolbar, #no-match, details summary { display: none !important; }
  details::details-content { content-visibility: visible; }
  .kpi, .pillar, .table-wrap { border-color: #999; box-shadow: none; }
  .table-wrap { overflow: visible; border: 0; }
  .controls { grid-template-columns: 1fr 1fr; }
  .control-card { break-inside: avoid; page-break-inside: avoid; }
  .detail .about { display: none; }
  table.findings thead th { position: static; }
  table.findings tr { break-inside: avoid; page-break-inside: avoid; }
  .badge, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #000; }
}
";

        private static string BuildStyle()
        {
            // Bar segments need sizes, but the policy forbids style attributes: one class per whole percent instead.
            // They grow from zero in proportion, so rounding never leaves a gap or an overflow.
            var style = new StringBuilder(BaseStyle);
            for (var percent = 0; percent <= 100; percent++)
            {
                style.Append(".g").Append(percent.ToString(CultureInfo.InvariantCulture))
                    .Append("{flex:").Append(percent.ToString(CultureInfo.InvariantCulture)).Append(" 1 0}");
            }

            style.Append('\n');
            return style.ToString();
        }

        private static string Sha256(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
