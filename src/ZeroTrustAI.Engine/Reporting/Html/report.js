(function () {
  'use strict';
  // Every value from the tenant arrives through JSON.parse and reaches the page through textContent or a
  // property, never as markup: the report holds no innerHTML, no eval and no inline handler.
  var dataBlock = document.getElementById('ztai-data');
  if (!dataBlock) { return; }
  performance.mark('script start');
  var D = JSON.parse(dataBlock.textContent);
  performance.mark('data parsed');
  var S = D.s, R = D.r, C = D.c, T = D.t, EN = D.en, E = D.e;
  var ROW = 46, OVERSCAN = 8, GROUP_AGENTS_OVER = 60, PRINT_CAP = 5000;
  var WORST = ['critical', 'high', 'medium', 'low', 'informational', 'warn', 'pass', 'none'];
  var WORST_TEXT = ['critical failure', 'high failure', 'medium failure', 'low failure', 'informational failure', 'warning', 'passed', 'no results'];

  function str(i) { return i < 0 ? '' : S[i]; }
  function $(id) { return document.getElementById(id); }
  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function svg(tag, cls) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    if (cls) { e.setAttribute('class', cls); }
    return e;
  }
  function statusName(i) { return EN.status[i]; }
  function statusLabel(i) { return EN.status[i] === 'NotApplicable' ? 'Not applicable' : EN.status[i]; }
  function badge(kind, name, label) { return h('span', 'badge ' + kind + '-' + name.toLowerCase(), label || name); }

  // ---- theme ----
  var theme = $('theme');
  if (theme) {
    var dark = function () {
      var set = document.documentElement.getAttribute('data-theme');
      return set ? set === 'dark' : window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    };
    var label = function () { theme.textContent = dark() ? 'Light theme' : 'Dark theme'; };
    theme.hidden = false;
    label();
    theme.addEventListener('click', function () {
      document.documentElement.setAttribute('data-theme', dark() ? 'light' : 'dark');
      label();
    });
  }

  // ---- results: filters, sort, grouping, virtual rows ----
  var toolbar = $('toolbar');
  var viewport = $('viewport'), spacer = $('spacer'), shown = $('shown'), noMatch = $('no-match');
  var detail = $('detail'), resultsBox = $('results-box');
  var f = { status: $('filter-status'), severity: $('filter-severity'), pillar: $('filter-pillar'), principle: $('filter-principle'), control: $('filter-control') };
  var search = $('filter-text'), groupBy = $('group-by'), nodeChip = $('node-chip'), nodeChipText = $('node-chip-text');
  var state = { node: -1, sortKey: null, sortDir: 1, collapsed: {}, selected: -1 };
  var items = [], groups = [], hay = null, view = [];
  toolbar.hidden = false;

  C.forEach(function (c, i) {
    var o = h('option', null, str(c[0]) + ' \u2013 ' + str(c[1]));
    o.value = String(i);
    f.control.appendChild(o);
  });

  function haystack(i) {
    if (!hay) {
      hay = new Array(R.length);
      for (var k = 0; k < R.length; k++) {
        var r = R[k], c = C[r[0]], t = T[r[3]];
        hay[k] = (str(c[0]) + '\n' + str(c[1]) + '\n' + str(t[0]) + '\n' + str(t[1]) + '\n' + str(t[2]) + '\n' + str(r[4])).toLowerCase();
      }
    }
    return hay[i];
  }

  var SORTS = {
    status: function (i) { return EN.statusRank[R[i][1]]; },
    severity: function (i) { return R[i][2]; },
    control: function (i) { return str(C[R[i][0]][0]); },
    pillar: function (i) { return C[R[i][0]][2] * 10 + C[R[i][0]][3]; },
    target: function (i) { return str(T[R[i][3]][1]).toLowerCase(); },
    finding: function (i) { return str(R[i][4]).toLowerCase(); }
  };

  function nodeResults() {
    if (state.node < 0) { return null; }
    var set = new Uint8Array(R.length);
    E.n[state.node][5].forEach(function (i) { set[i] = 1; });
    return set;
  }

  function apply() {
    var want = {};
    Object.keys(f).forEach(function (k) { want[k] = f[k].value === '' ? -1 : +f[k].value; });
    var query = search.value.trim().toLowerCase();
    var inNode = nodeResults();
    view = [];
    for (var i = 0; i < R.length; i++) {
      var r = R[i], c = C[r[0]];
      if (want.status >= 0 && r[1] !== want.status) { continue; }
      if (want.severity >= 0 && r[2] !== want.severity) { continue; }
      if (want.pillar >= 0 && c[2] !== want.pillar) { continue; }
      if (want.principle >= 0 && c[3] !== want.principle) { continue; }
      if (want.control >= 0 && r[0] !== want.control) { continue; }
      if (inNode && !inNode[i]) { continue; }
      if (query && haystack(i).indexOf(query) === -1) { continue; }
      view.push(i);
    }
    if (state.sortKey) {
      var key = SORTS[state.sortKey], dir = state.sortDir;
      var keys = {};
      view.forEach(function (i) { keys[i] = key(i); });
      view.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        var o = typeof x === 'number' ? x - y : (x < y ? -1 : x > y ? 1 : 0);
        return dir * o || a - b;
      });
    }
    buildItems();
    shown.textContent = view.length.toLocaleString('en-US') + ' of ' + R.length.toLocaleString('en-US') + ' results';
    noMatch.hidden = view.length !== 0;
    document.querySelectorAll('[data-filter]').forEach(function (el) { el.setAttribute('aria-pressed', String(matches(pairs(el)))); });
    viewport.scrollTop = 0;
    render();
  }

  function buildItems() {
    var by = groupBy.value;
    groups = [];
    if (!by) { items = view; spacer.style.height = (items.length * ROW) + 'px'; return; }
    var index = {};
    view.forEach(function (i) {
      var key = by === 'control' ? R[i][0] : R[i][3];
      if (!(key in index)) {
        index[key] = groups.length;
        groups.push({ key: key, label: by === 'control' ? str(C[key][0]) + ' \u2013 ' + str(C[key][1]) : str(T[key][1]) + ' (' + str(T[key][2]) + ')', members: [], fails: 0 });
      }
      var g = groups[index[key]];
      g.members.push(i);
      if (statusName(R[i][1]) === 'Fail') { g.fails++; }
    });
    items = [];
    groups.forEach(function (g, gi) {
      items.push(-(gi + 1));
      if (!state.collapsed[by + ':' + g.key]) { Array.prototype.push.apply(items, g.members); }
    });
    spacer.style.height = (items.length * ROW) + 'px';
  }

  function cell(cls, a, b) {
    var d = h('div', cls);
    if (b === undefined) { d.textContent = a; return d; }
    d.className = (cls ? cls + ' ' : '') + 'two';
    d.appendChild(h('span', null, a));
    d.appendChild(h('span', 'sub', b));
    return d;
  }

  function rowElement(pos, item) {
    var row;
    if (item < 0) {
      var g = groups[-item - 1], key = groupBy.value + ':' + g.key;
      row = h('div', 'row group');
      row.setAttribute('role', 'row');
      var toggle = h('button', null, (state.collapsed[key] ? '\u25B6 ' : '\u25BC ') + g.label);
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', String(!state.collapsed[key]));
      toggle.addEventListener('click', function () { state.collapsed[key] = !state.collapsed[key]; buildItems(); render(); });
      row.appendChild(toggle);
      row.appendChild(h('span', 'counts', g.members.length + ' results, ' + g.fails + ' failed'));
    } else {
      var r = R[item], c = C[r[0]], t = T[r[3]];
      row = h('div', 'row');
      row.setAttribute('role', 'row');
      row.setAttribute('aria-selected', String(item === state.selected));
      var st = h('div'); st.appendChild(badge('st', statusName(r[1]), statusLabel(r[1]))); row.appendChild(st);
      var sv = h('div'); sv.appendChild(badge('sev', EN.severity[r[2]])); row.appendChild(sv);
      var ctl = h('div', 'two');
      var open = h('button', 'open', str(c[0]));
      open.type = 'button';
      open.title = 'Open the details of this result';
      ctl.appendChild(open);
      ctl.appendChild(h('span', 'sub', str(c[1])));
      row.appendChild(ctl);
      row.appendChild(cell('', EN.pillar[c[2]], EN.principleLabel[c[3]]));
      row.appendChild(cell('', str(t[1]), str(t[2]) + (t[3] >= 0 ? ' \u00b7 ' + str(t[3]) : '')));
      row.appendChild(cell('', str(r[4])));
      row.addEventListener('click', function () { select(item); });
    }
    row.style.top = (pos * ROW) + 'px';
    row.setAttribute('data-item', String(item));
    return row;
  }

  var pending = false;
  function render() {
    pending = false;
    var first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - OVERSCAN);
    var last = Math.min(items.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW) + OVERSCAN);
    var active = document.activeElement && spacer.contains(document.activeElement) ? document.activeElement.closest('.row') : null;
    var focusedItem = active ? active.getAttribute('data-item') : null;
    var fragment = document.createDocumentFragment();
    for (var pos = first; pos < last; pos++) { fragment.appendChild(rowElement(pos, items[pos])); }
    while (spacer.firstChild) { spacer.removeChild(spacer.firstChild); }
    spacer.appendChild(fragment);
    if (focusedItem !== null) {
      var again = spacer.querySelector('.row[data-item="' + focusedItem + '"] button');
      if (again) { again.focus({ preventScroll: true }); }
    }
  }
  viewport.addEventListener('scroll', function () { if (!pending) { pending = true; window.requestAnimationFrame(render); } });
  window.addEventListener('resize', function () { render(); });

  Object.keys(f).forEach(function (k) {
    f[k].addEventListener('change', function () {
      apply();
      if (k === 'control') { setHash(f.control.value === '' ? '' : str(C[+f.control.value][0])); }
    });
  });
  var typing = 0;
  search.addEventListener('input', function () { window.clearTimeout(typing); typing = window.setTimeout(apply, R.length > 5000 ? 150 : 0); });
  groupBy.addEventListener('change', apply);
  $('clear-filters').addEventListener('click', function () {
    Object.keys(f).forEach(function (k) { f[k].value = ''; });
    search.value = '';
    groupBy.value = '';
    setNode(-1);
    setHash('');
  });
  document.querySelectorAll('.grid-head [data-sort]').forEach(function (headCell) {
    headCell.querySelector('button').addEventListener('click', function () {
      var key = headCell.getAttribute('data-sort');
      state.sortDir = state.sortKey === key ? -state.sortDir : 1;
      state.sortKey = key;
      document.querySelectorAll('.grid-head [data-sort]').forEach(function (o) { o.removeAttribute('aria-sort'); });
      headCell.setAttribute('aria-sort', state.sortDir > 0 ? 'ascending' : 'descending');
      apply();
    });
  });

  // A data-filter attribute holds space-separated name:value pairs, e.g. 'status:Fail severity:High'.
  function pairs(el) { return el.getAttribute('data-filter').split(' ').map(function (p) { return p.split(':'); }); }
  function valueOf(name, text) { var list = EN[name]; return String(list.indexOf(text)); }
  function matches(list) { return list.every(function (p) { return f[p[0]].value === valueOf(p[0], p[1]); }); }
  document.querySelectorAll('[data-filter]').forEach(function (el) {
    el.addEventListener('click', function () {
      var list = pairs(el), clear = matches(list);
      list.forEach(function (p) { f[p[0]].value = clear ? '' : valueOf(p[0], p[1]); });
      apply();
      $('results').scrollIntoView({ block: 'start' });
    });
  });

  function setHash(text) {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', text ? '#' + encodeURIComponent(text) : window.location.pathname + window.location.search);
    }
  }

  // ---- detail of one result ----
  function select(i) {
    state.selected = i;
    resultsBox.classList.remove('no-detail');
    detail.hidden = false;
    while (detail.firstChild) { detail.removeChild(detail.firstChild); }
    var r = R[i], c = C[r[0]], t = T[r[3]];
    var close = h('button', 'tool close', 'Close');
    close.type = 'button';
    close.addEventListener('click', function () { detail.hidden = true; resultsBox.classList.add('no-detail'); state.selected = -1; render(); });
    detail.appendChild(close);
    var title = h('h3', null, str(c[0]) + ' ' + str(c[1]));
    title.id = 'detail-title';
    detail.appendChild(title);
    var line = h('p');
    line.appendChild(badge('st', statusName(r[1]), statusLabel(r[1])));
    line.appendChild(document.createTextNode(' '));
    line.appendChild(badge('sev', EN.severity[r[2]]));
    line.appendChild(document.createTextNode(' ' + EN.pillar[c[2]] + ' \u00b7 ' + EN.principleLabel[c[3]]));
    detail.appendChild(line);
    detail.appendChild(h('h4', null, 'Target'));
    detail.appendChild(h('p', null, str(t[1]) + ' (' + str(t[2]) + ')'));
    if (t[0] >= 0 && str(t[0]) !== str(t[1])) { detail.appendChild(h('p', 'sub mono', str(t[0]))); }
    if (t[3] >= 0) { detail.appendChild(h('p', 'sub', 'Tenant: ' + str(t[3]))); }
    detail.appendChild(h('h4', null, 'Finding'));
    detail.appendChild(h('p', null, str(r[4])));
    if (r[6]) {
      detail.appendChild(h('h4', null, 'Evidence'));
      var table = h('table', 'evidence'), head = h('tr');
      ['Property', 'Found', 'Expected'].forEach(function (x) { head.appendChild(h('th', null, x)); });
      table.appendChild(h('thead')).appendChild(head);
      var body = table.appendChild(h('tbody'));
      r[6].forEach(function (ev) {
        var tr = h('tr');
        tr.appendChild(h('td')).appendChild(h('code', null, str(ev[0])));
        var found = tr.appendChild(h('td'));
        if (ev[1] < 0) { found.appendChild(h('span', 'absent', 'absent')); } else { found.appendChild(h('code', null, str(ev[1]))); }
        tr.appendChild(h('td', null, str(ev[2])));
        body.appendChild(tr);
      });
      detail.appendChild(table);
    }
    if (r[5] >= 0) {
      detail.appendChild(h('h4', null, 'How to fix'));
      detail.appendChild(h('p', null, str(r[5])));
    }
    if (r[7]) {
      detail.appendChild(h('h4', null, 'Fix (' + str(r[7][0]) + ')'));
      var pre = h('pre', 'fix', str(r[7][1]));
      detail.appendChild(pre);
      var copy = h('button', 'tool', 'Copy');
      copy.type = 'button';
      copy.addEventListener('click', function () { copyText(str(r[7][1]), copy); });
      detail.appendChild(copy);
    }
    var agent = E && E.ta ? E.ta[r[3]] : undefined;
    if (agent !== undefined && agent >= 0) {
      var own = (E.p || []).filter(function (p) { return p[0] === agent; });
      if (own.length) {
        detail.appendChild(h('h4', null, 'Privilege paths of this agent'));
        own.forEach(function (p) { detail.appendChild(chain(p)); });
        var more = h('button', 'link', 'Show the agent in the estate view');
        more.type = 'button';
        more.addEventListener('click', function () { focusAgent(agent); $('estate').scrollIntoView({ block: 'start' }); });
        detail.appendChild(more);
      }
    }
    var anchor = str(c[5]);
    var card = anchor ? $(anchor) : null;
    if (card) {
      var copyOfCard = card.cloneNode(true);
      copyOfCard.removeAttribute('id');
      copyOfCard.className = 'card-copy';
      var heading = copyOfCard.querySelector('h3');
      if (heading) { copyOfCard.removeChild(heading); }
      detail.appendChild(copyOfCard);
    }
    setHash('result-' + i);
    render();
  }

  function copyText(text, button) {
    var done = function () { button.textContent = 'Copied'; window.setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var area = h('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selectable in the panel */ }
    document.body.removeChild(area);
  }

  // ---- deep links: #ZTAI-AI-001 filters to a control, #result-12 opens a result ----
  function followHash() {
    var text = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    if (!text) { return; }
    var m = /^result-(\d+)$/.exec(text);
    if (m && +m[1] < R.length) { select(+m[1]); $('results').scrollIntoView({ block: 'start' }); return; }
    for (var i = 0; i < C.length; i++) {
      if (str(C[i][0]).toLowerCase() === text.toLowerCase()) {
        f.control.value = String(i);
        apply();
        $('results').scrollIntoView({ block: 'start' });
        return;
      }
    }
  }
  window.addEventListener('hashchange', followHash);

  // ---- print: the virtual grid holds only the rows on screen, so print gets a plain table of the filtered rows ----
  var printRows = $('print-rows');
  window.addEventListener('beforeprint', function () {
    var head = h('tr');
    ['Status', 'Severity', 'Control', 'Target', 'Finding', 'How to fix'].forEach(function (x) { head.appendChild(h('th', null, x)); });
    printRows.appendChild(h('thead')).appendChild(head);
    var body = printRows.appendChild(h('tbody'));
    view.slice(0, PRINT_CAP).forEach(function (i) {
      var r = R[i], c = C[r[0]], t = T[r[3]], tr = h('tr');
      tr.appendChild(h('td', null, statusLabel(r[1])));
      tr.appendChild(h('td', null, EN.severity[r[2]]));
      tr.appendChild(h('td', null, str(c[0]) + ' ' + str(c[1])));
      tr.appendChild(h('td', null, str(t[1]) + ' (' + str(t[2]) + ')'));
      tr.appendChild(h('td', null, str(r[4])));
      tr.appendChild(h('td', null, r[5] >= 0 ? str(r[5]) : ''));
      body.appendChild(tr);
    });
    if (view.length > PRINT_CAP) { printRows.appendChild(h('caption', null, 'The first ' + PRINT_CAP + ' of ' + view.length + ' results; narrow the filters to print others.')); }
  });
  window.addEventListener('afterprint', function () { while (printRows.firstChild) { printRows.removeChild(printRows.firstChild); } });

  // ---- privilege paths ----
  function chain(p) {
    var box = h('div', 'chain');
    p[2].forEach(function (step, k) {
      if (k === 0) { box.appendChild(h('span', 'hop', str(step[0]))); }
      box.appendChild(h('span', 'rel', str(step[1])));
      var to = h('span', 'hop', str(step[2]));
      to.title = str(step[3]);
      box.appendChild(to);
    });
    box.appendChild(h('span', 'then', str(p[3])));
    return box;
  }

  function drawPaths() {
    var list = $('paths-list');
    if (!list || !E) { return; }
    var byAgent = {}, order = [];
    E.p.forEach(function (p) {
      if (!(p[0] in byAgent)) { byAgent[p[0]] = []; order.push(p[0]); }
      byAgent[p[0]].push(p);
    });
    order.sort(function (a, b) { return E.n[a][3] - E.n[b][3] || (str(E.n[a][1]) < str(E.n[b][1]) ? -1 : 1); });
    order.forEach(function (a) {
      var n = E.n[a], block = h('article', 'agent-paths');
      block.id = 'agent-paths-' + a;
      var title = h('h3');
      title.appendChild(h('span', 'tier tier-' + n[3], 'Tier ' + n[3]));
      title.appendChild(h('span', null, str(n[1])));
      title.appendChild(h('span', 'sub', str(n[2])));
      var results = h('button', 'link', 'Its results (' + n[5].length + ')');
      results.type = 'button';
      results.addEventListener('click', function () { setNode(a); $('results').scrollIntoView({ block: 'start' }); });
      title.appendChild(results);
      var inEstate = h('button', 'link', 'Show in the estate');
      inEstate.type = 'button';
      inEstate.addEventListener('click', function () { focusAgent(a); $('estate').scrollIntoView({ block: 'start' }); });
      title.appendChild(inEstate);
      block.appendChild(title);
      byAgent[a].forEach(function (p) { block.appendChild(chain(p)); });
      list.appendChild(block);
    });
    if (!order.length) { list.appendChild(h('p', 'note', 'No agent holds a tier-0 or tier-1 permission.')); }
  }

  // ---- estate view ----
  function setNode(i) {
    state.node = i;
    nodeChip.hidden = i < 0;
    if (i >= 0) { nodeChipText.textContent = 'Estate: ' + str(E.n[i][1]); }
    if (estate) { estate.highlight(i); }
    apply();
  }
  $('node-chip-clear').addEventListener('click', function () { setNode(-1); });

  var estate = null;
  function focusAgent(i) { if (estate) { estate.focus(i); } }

  function Estate() {
    var N = E.n, canvas = $('estate-canvas'), root = $('estate-svg'), focusSelect = $('estate-focus');
    var out = N.map(function () { return []; }), inc = N.map(function () { return []; });
    E.l.forEach(function (l, k) { out[l[0]].push(k); inc[l[1]].push(k); });
    var agents = [];
    N.forEach(function (n, i) { if (n[0] === 0) { agents.push(i); } });
    var many = agents.length > GROUP_AGENTS_OVER;
    var expanded = {}, focus = -1, selected = -1, cam = null, drawn = {}, edgesDrawn = [];
    var COLX = [0, 300, 600, 900], W = 250, H = 38, GAP = 10, TOP = 36;
    var titles = ['Agents and AI identities', 'Permissions and roles', 'Data stores and AI resources', 'Network exposure'];

    agents.slice().sort(byLabel).forEach(function (a) {
      var o = h('option', null, str(N[a][1]) + ' (' + str(N[a][2]) + ')');
      o.value = String(a);
      focusSelect.appendChild(o);
    });
    focusSelect.addEventListener('change', function () { api.focus(focusSelect.value === '' ? -1 : +focusSelect.value); });
    function byLabel(a, b) { var x = str(N[a][1]).toLowerCase(), y = str(N[b][1]).toLowerCase(); return x < y ? -1 : x > y ? 1 : a - b; }
    // With many agents, the quiet ones (tier 2, nothing worse than a medium failure) fold into one box per kind.
    function quiet(a) { return many && N[a][3] >= 2 && N[a][4] >= 2 && !expanded[str(N[a][2])]; }

    function downstream(starts) {
      var seen = {}, stack = starts.slice();
      while (stack.length) {
        var i = stack.pop();
        if (seen[i]) { continue; }
        seen[i] = true;
        out[i].forEach(function (k) { stack.push(E.l[k][1]); });
      }
      return seen;
    }
    function connected(i) {
      var seen = downstream([i]), stack = [i], up = {};
      while (stack.length) {
        var j = stack.pop();
        if (up[j]) { continue; }
        up[j] = true;
        seen[j] = true;
        inc[j].forEach(function (k) { stack.push(E.l[k][0]); });
      }
      return seen;
    }

    function layout() {
      var visible, groupsOf = {};
      if (focus >= 0) {
        visible = downstream([focus]);
      } else {
        var shownAgents = agents.filter(function (a) { return !quiet(a); });
        agents.filter(quiet).forEach(function (a) { (groupsOf[str(N[a][2])] = groupsOf[str(N[a][2])] || []).push(a); });
        visible = downstream(shownAgents);
        // Stores, AI resources and their exposure are the estate itself: always drawn; only agents and permissions fold.
        N.forEach(function (n, i) { if (n[0] >= 2) { visible[i] = true; } });
      }
      var columns = [[], [], [], []], pos = {};
      Object.keys(visible).forEach(function (k) { columns[N[+k][0]].push(+k); });
      columns[0].sort(function (a, b) { return N[a][3] - N[b][3] || N[a][4] - N[b][4] || byLabel(a, b); });
      columns[0].forEach(function (a, k) { pos[a] = k; });
      var groupBoxes = Object.keys(groupsOf).sort().map(function (kind) { return { kind: kind, members: groupsOf[kind] }; });
      for (var col = 1; col < 4; col++) {
        var center = {};
        columns[col].forEach(function (i) {
          var ys = inc[i].map(function (k) { return pos[E.l[k][0]]; }).filter(function (y) { return y !== undefined; });
          center[i] = ys.length ? ys.reduce(function (s, y) { return s + y; }, 0) / ys.length : 1e9;
        });
        columns[col].sort(function (a, b) { return center[a] - center[b] || byLabel(a, b); });
        columns[col].forEach(function (i, k) { pos[i] = k; });
      }
      return { columns: columns, groups: groupBoxes, visible: visible };
    }

    function place(col, k) { return { x: COLX[col], y: TOP + k * (H + GAP) }; }
    function trunc(text, n) { return text.length > n ? text.slice(0, n - 1) + '\u2026' : text; }

    function nodeBox(x, y, label, detailText, worst, extraClass) {
      var g = svg('g', 'node w-' + WORST[worst] + (extraClass ? ' ' + extraClass : ''));
      g.setAttribute('transform', 'translate(' + x + ',' + y + ')');
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      var rect = svg('rect');
      rect.setAttribute('width', W); rect.setAttribute('height', H); rect.setAttribute('rx', 6);
      g.appendChild(rect);
      var mark = svg('rect', 'mark');
      mark.setAttribute('width', 6); mark.setAttribute('height', H); mark.setAttribute('rx', 2);
      g.appendChild(mark);
      var t1 = svg('text');
      t1.setAttribute('x', 14); t1.setAttribute('y', 16);
      t1.textContent = trunc(label, 34);
      g.appendChild(t1);
      var t2 = svg('text', 'detail');
      t2.setAttribute('x', 14); t2.setAttribute('y', 30);
      t2.textContent = trunc(detailText, 42);
      g.appendChild(t2);
      var tip = svg('title');
      tip.textContent = label + ' \u2013 ' + detailText + ' \u2013 worst finding: ' + WORST_TEXT[worst];
      g.appendChild(tip);
      g.setAttribute('aria-label', tip.textContent);
      return g;
    }

    function activate(g, action) {
      g.addEventListener('click', action);
      g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); action(); } });
    }

    function draw() {
      while (root.firstChild) { root.removeChild(root.firstChild); }
      var l = layout(), at = {};
      drawn = {};
      var height = TOP;
      titles.forEach(function (text, col) {
        var t = svg('text', 'col-title');
        t.setAttribute('x', COLX[col]); t.setAttribute('y', 18);
        t.textContent = text;
        root.appendChild(t);
      });
      l.columns.forEach(function (list, col) {
        list.forEach(function (i, k) { at[i] = place(col, k); });
        var rows = list.length + (col === 0 ? l.groups.length : 0);
        height = Math.max(height, TOP + rows * (H + GAP));
      });
      var edgeLayer = svg('g'), nodeLayer = svg('g');
      root.appendChild(edgeLayer);
      root.appendChild(nodeLayer);
      edgesDrawn = [];
      E.l.forEach(function (e, k) {
        var a = at[e[0]], b = at[e[1]];
        if (!a || !b) { return; }
        var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, dx = Math.max(30, (x2 - x1) / 2);
        var p = svg('path', 'edge');
        p.setAttribute('d', 'M' + x1 + ' ' + y1 + ' C' + (x1 + dx) + ' ' + y1 + ' ' + (x2 - dx) + ' ' + y2 + ' ' + x2 + ' ' + y2);
        var tip = svg('title');
        tip.textContent = str(N[e[0]][1]) + ' ' + str(e[2]) + ' ' + str(N[e[1]][1]);
        p.appendChild(tip);
        edgeLayer.appendChild(p);
        edgesDrawn.push({ k: k, el: p });
      });
      Object.keys(at).forEach(function (key) {
        var i = +key, n = N[i], p = at[i];
        var g = nodeBox(p.x, p.y, str(n[1]), str(n[2]) + (n[0] <= 1 && n[3] < 2 ? ' \u00b7 tier ' + n[3] : ''), n[4], '');
        g.setAttribute('data-kind', ['agent', 'permission', 'store', 'network'][n[0]]);
        g.setAttribute('data-node', String(i));
        activate(g, function () { setNode(selected === i ? -1 : i); });
        if (n[0] === 0) { g.addEventListener('dblclick', function () { api.focus(i); }); }
        nodeLayer.appendChild(g);
        drawn[i] = g;
      });
      l.groups.forEach(function (grp, k) {
        var worst = Math.min.apply(null, grp.members.map(function (a) { return N[a][4]; }));
        var p = place(0, l.columns[0].length + k);
        var g = nodeBox(p.x, p.y, grp.members.length + ' more: ' + grp.kind, 'Tier 2, no high finding \u2013 select to expand', worst, 'group');
        g.setAttribute('data-kind', 'group');
        activate(g, function () { expanded[grp.kind] = true; draw(); });
        nodeLayer.appendChild(g);
      });
      var width = COLX[3] + W + 20;
      if (!cam || cam.h !== height) { cam = { x: -10, y: 0, w: width, h: height, full: height }; fit(false); }
      apply2();
      highlight(selected);
    }

    function apply2() { root.setAttribute('viewBox', cam.x + ' ' + cam.y + ' ' + cam.w + ' ' + cam.vh); }
    function fit(all) {
      var ratio = canvas.clientHeight / Math.max(1, canvas.clientWidth);
      cam.w = COLX[3] + W + 20;
      cam.vh = cam.w * ratio;
      if (all && cam.full > cam.vh) { cam.vh = cam.full + 10; cam.w = cam.vh / ratio; cam.x = -10 - (cam.w - (COLX[3] + W + 20)) / 2; } else { cam.x = -10; }
      cam.y = 0;
    }
    function zoom(factor, cx, cy) {
      var nx = cx - (cx - cam.x) * factor, ny = cy - (cy - cam.y) * factor;
      cam.x = nx; cam.y = ny; cam.w *= factor; cam.vh *= factor;
      apply2();
    }
    function toSvg(e) {
      var box = root.getBoundingClientRect();
      return { x: cam.x + (e.clientX - box.left) / box.width * cam.w, y: cam.y + (e.clientY - box.top) / box.height * cam.vh };
    }
    root.addEventListener('wheel', function (e) {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) { var p = toSvg(e); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y); }
      else { cam.y += e.deltaY * cam.vh / Math.max(1, canvas.clientHeight); cam.x += e.deltaX * cam.w / Math.max(1, canvas.clientWidth); apply2(); }
    }, { passive: false });
    var drag = null;
    root.addEventListener('pointerdown', function (e) { if (e.target === root) { drag = { x: e.clientX, y: e.clientY }; root.setPointerCapture(e.pointerId); } });
    root.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      cam.x -= (e.clientX - drag.x) * cam.w / Math.max(1, canvas.clientWidth);
      cam.y -= (e.clientY - drag.y) * cam.vh / Math.max(1, canvas.clientHeight);
      drag = { x: e.clientX, y: e.clientY };
      apply2();
    });
    root.addEventListener('pointerup', function () { drag = null; });
    $('estate-zoom-in').addEventListener('click', function () { zoom(1 / 1.25, cam.x + cam.w / 2, cam.y + cam.vh / 2); });
    $('estate-zoom-out').addEventListener('click', function () { zoom(1.25, cam.x + cam.w / 2, cam.y + cam.vh / 2); });
    $('estate-fit').addEventListener('click', function () { fit(true); apply2(); });

    function highlight(i) {
      selected = i;
      var lit = i >= 0 ? connected(i) : null;
      Object.keys(drawn).forEach(function (k) {
        drawn[k].classList.toggle('dim', !!lit && !lit[k]);
        drawn[k].classList.toggle('selected', +k === i);
      });
      edgesDrawn.forEach(function (d) {
        var e = E.l[d.k], on = !!lit && lit[e[0]] && lit[e[1]];
        d.el.classList.toggle('hot', on);
        d.el.classList.toggle('dim', !!lit && !on);
      });
    }

    var api = {
      highlight: highlight,
      focus: function (i) { focus = i; focusSelect.value = i < 0 ? '' : String(i); cam = null; draw(); }
    };
    draw();
    return api;
  }

  if (E) {
    estate = Estate();
    drawPaths();
  }
  performance.mark('estate drawn');
  apply();
  performance.mark('rows shown');
  followHash();
  // Milliseconds from navigation to a usable page: the report benchmark and the browser tests wait for it.
  document.documentElement.setAttribute('data-ready', String(Math.round(window.performance.now())));
})();
