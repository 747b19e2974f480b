// rolemap report: draws the matrix, the findings, the duties and the catalog from the data in
// the script elements of class rolemap-data, and switches between English and Japanese.
//
// Every text from the model goes into the page as text (text nodes, textContent, attribute
// values set through the DOM); nothing is ever parsed as markup. Lists are drawn a page at a
// time, so a chain of thousands of parties stays responsive. The data layout is described in
// src/render/report/data.rs.
//
// The script is two files, this one and page_views.js, joined in that order into one function
// (report.rs): this one opens it (helpers, duties, the matrix), the other closes it (findings,
// waivers, parties, catalog, language).
'use strict';
(function () {
  // The data comes in elements, each holding a piece of one section (data-key): a large
  // chain's would be slow to read as one element. A section is parsed the first time the page
  // uses it, so that what only a click needs is not parsed before the page is shown. The
  // sections of BY_ROW are read by row instead: D.explain(p) is party p's row, parsed with the
  // rows of its element only (data-start: the element's first row). Some of them (a cell's
  // or a party's duties) come after this script, so that the page is drawn before the browser
  // reads them: they are there once the page has been read (`read()`); the section
  // `after_script`, before this script, names them. The performance marks are for
  // tests/browser/perf.mjs.
  performance.mark('rolemap-script');
  const D = {};
  const BY_ROW = ['duty_lists', 'explain', 'reasons', 'texts'];
  function read() { return document.readyState !== 'loading'; }
  (function () {
    const parts = {};
    for (const e of document.querySelectorAll('script.rolemap-data')) {
      const k = e.getAttribute('data-key');
      (parts[k] || (parts[k] = [])).push(e);
    }
    const later = JSON.parse(parts.after_script[0].textContent);
    for (const k of later) D[k] = byRow(k, null);
    for (const k of Object.keys(parts)) {
      if (later.indexOf(k) >= 0) continue;
      if (BY_ROW.indexOf(k) >= 0) { D[k] = byRow(k, parts[k]); continue; }
      let v;
      Object.defineProperty(D, k, {
        enumerable: true,
        get: function () {
          if (parts[k]) {
            const t = performance.now();
            v = JSON.parse(parts[k].map(function (e) { return e.textContent; }).join(''));
            parts[k] = null;
            performance.measure('rolemap-parse ' + k, { start: t });
          }
          return v;
        },
      });
    }
  })();
  // Row i of a section cut between rows: an element's text is `[` (the first) or `,`, then
  // its rows, and `]` after the last row of the section. The elements of a section after the
  // script are looked up the first time, once the page has been read.
  function byRow(k, els) {
    let starts = null;
    const rows = [];
    return function (i) {
      if (!starts) {
        els = els || Array.from(document.querySelectorAll('script.rolemap-data[data-key="' + k + '"]'));
        starts = els.map(function (e) { return Number(e.getAttribute('data-start')); });
      }
      let lo = 0, hi = els.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= i) lo = mid; else hi = mid - 1;
      }
      if (!rows[lo]) {
        const t = performance.now();
        const text = els[lo].textContent.slice(1);
        rows[lo] = JSON.parse('[' + text + (lo === els.length - 1 ? '' : ']'));
        performance.measure('rolemap-parse ' + k, { start: t });
      }
      return rows[lo][i - starts[lo]];
    };
  }
  const S = D.strings;
  const LB = D.labels;
  const PAGE = 50;
  const MORE = 10;
  let li = D.lang === 'ja' ? 1 : 0;
  // Laid out for print: everything, no controls. From the start for `report --format pdf`,
  // and while the browser prints (beforeprint / afterprint, in page_views.js).
  let printing = D.print === true;
  // Parties per matrix table in print: wider matrices print as several tables, each with the
  // fixed columns and its own header row, so that every column fits the page's width.
  const PRINT_COLS = 12;

  // ---- text -------------------------------------------------------------------------------
  function tx(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : v[li];
  }
  function T(key, vars) {
    let s = S[key] ? S[key][li] : key;
    if (vars) {
      for (const k of Object.keys(vars)) s = s.split('{' + k + '}').join(String(vars[k]));
    }
    return s;
  }
  function label(kind, i) { return tx(LB[kind][i][1]); }
  function keyOf(kind, i) { return LB[kind][i][0]; }
  function quote(s) { return li ? '「' + s + '」' : '"' + s + '"'; }
  function loc(line, col) {
    return line === null || line === undefined ? '' : D.model.file + ':' + line + ':' + col;
  }
  function partyName(p) {
    const r = D.parties[p];
    const name = tx(r[1]);
    if (name === r[0]) return quote(r[0]);
    return quote(r[0]) + (li ? '' : ' ') + '(' + name + ')';
  }

  // Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) in a name
  // would make the rest of a sentence read backwards or in another order than it is written:
  // they are shown as [U+202E] instead of taking effect.
  const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
  function visible(s) {
    return s.replace(BIDI, function (c) { return '[U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + ']'; });
  }

  // ---- DOM ---------------------------------------------------------------------------------
  // h('tag', {attr: value, onclick: fn}, child, ...): children are nodes or text.
  function h(tag, attrs) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'hidden') e.hidden = true;
        else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : visible(String(v)));
      }
    }
    for (let i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(e, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { for (const x of c) add(e, x); return; }
    e.append(c instanceof Node ? c : document.createTextNode(visible(String(c))));
  }
  function $(id) { return document.getElementById(id); }
  function fill(id) {
    const e = $(id);
    e.replaceChildren();
    for (let i = 1; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function where(line, col) {
    const l = loc(line, col);
    return l ? h('code', { class: 'loc' }, l) : null;
  }
  // A reason as a sentence: the contract's phrase (as because.rs writes it) and the rest.
  function contractPhrase(c) {
    const k = D.contracts[c];
    return T('contract_phrase', { id: quote(k[0]), a: D.parties[k[1]][0], z: D.parties[k[2]][0], kind: label('kind', k[3]) });
  }
  function reasonText(r) {
    const row = D.reasons(r);
    return (row[0] === null ? '' : contractPhrase(row[0])) + tx(D.texts(row[1]));
  }
  function reasonItem(r) {
    const row = D.reasons(r);
    return h('li', null, h('span', null, reasonText(r)), ' ', where(row[2], row[3]));
  }
  // A list of reasons: the first few, and a button for the rest (a finding about thousands of
  // parties has thousands of reasons).
  function reasonList(rs) {
    const ul = h('ul', { class: 'reasons' }, rs.slice(0, MORE).map(reasonItem));
    if (rs.length > MORE) {
      const more = h('button', {
        type: 'button', class: 'more',
        onclick: function () { more.parentNode.remove(); add(ul, rs.slice(MORE).map(reasonItem)); },
      }, T('show_all', { n: rs.length }));
      ul.append(h('li', { class: 'more' }, more));
    }
    return ul;
  }
  function select(labelKey, value, options, onChange) {
    const s = h('select', { onchange: function () { onChange(Number(this.value)); } },
      h('option', { value: -1 }, T('all')),
      options.map(function (o) { return h('option', { value: o[0], selected: o[0] === value }, o[1]); }));
    return h('label', null, T(labelKey) + ' ', s);
  }
  function pager(total, page, go) {
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const from = total ? page * PAGE + 1 : 0;
    const to = Math.min(total, (page + 1) * PAGE);
    const box = h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: page <= 0, onclick: function () { go(page - 1); } }, T('previous')),
      h('span', { class: 'range' }, T('range', { from: from, to: to, total: total })),
      h('button', { type: 'button', disabled: page >= pages - 1, onclick: function () { go(page + 1); } }, T('next')));
    if (pages > 2) {
      box.append(h('input', {
        type: 'number', min: 1, max: pages, value: page + 1, 'aria-label': 'page',
        onchange: function () {
          const n = Math.min(pages, Math.max(1, Math.floor(Number(this.value)) || 1));
          go(n - 1);
        },
      }), h('span', null, '/ ' + pages));
    }
    return box;
  }
  function debounce(f, ms) {
    let t = null;
    return function () { clearTimeout(t); t = setTimeout(f, ms); };
  }

  // ---- duties --------------------------------------------------------------------------------
  // A duty as stored in an allocation: a holding index, -1 - assign index, or
  // [contract, holding, reason] for a client's duty to establish the requirement in a contract.
  function duty(d) {
    if (typeof d === 'number') {
      if (d >= 0) {
        const x = D.holdings[d];
        return { party: x[0], qualifier: x[2], scope: x[3], reasons: x[4], when: x[5] };
      }
      const a = D.assign[-1 - d];
      return { party: a[0], qualifier: a[1], scope: a[2], reasons: [a[3]] };
    }
    const x = D.holdings[d[1]];
    return { party: D.contracts[d[0]][1], qualifier: 0, scope: null, reasons: [d[2]].concat(x[4]), when: x[5] };
  }
  // Mark of party p in allocation a, as `rolemap matrix` works it out (the engine's cells, in
  // `cells`): 0 none, 1 L, 2 S, 3 I, 4 A, a digit per party; and the scopes and the days
  // behind a mark (for the cell's text and its tooltip), where it has some.
  function mark(a, p) { return D.cells[a][0].charCodeAt(p) - 48; }
  const cellMaps = [];
  function cellMap(a, k) {
    const m = cellMaps[a] || (cellMaps[a] = [new Map(D.cells[a][1]), new Map(D.cells[a][2])]);
    return m[k];
  }
  function scopes(a) { return cellMap(a, 0); }
  function whens(a) { return cellMap(a, 1); }
  // A party's duties by origin, and an allocation's lists of duties, read when shown: a chain
  // of 100,000 parties has millions of them, and the page shows a few at a time.
  function explainOf(p) { return D.explain(p); }
  function responsibleOf(a) { return D.duty_lists(a)[0]; }
  function contributorsOf(a) { return D.duty_lists(a)[1]; }
  const MARK = ['', 'L', 'S', 'I', 'A'];
  function roleText(role, qualifier, scope) {
    let inner = label('qualifier', qualifier);
    if (scope !== null && scope !== undefined) inner += (li ? '、' : ', ') + T('scope', { s: scope });
    return label('role', role) + (li ? '(' + inner + ')' : ' (' + inner + ')');
  }
  function unitText(u) { const x = D.units[u]; return x[0] + ' ' + tx(x[1]); }
  // A package, marked when no source states it.
  function pkgLabel(p, inferred) { return label('package', p) + (inferred ? T('package_inferred') : ''); }

  // Search text of every party (id, names in both languages, organisation), lower case: made
  // the first time a search is typed.
  let hayText = null;
  function hay(p) {
    if (!hayText) {
      hayText = D.parties.map(function (x) {
        const n = typeof x[1] === 'string' ? x[1] : x[1].join(' ');
        return (x[0] + ' ' + n + ' ' + x[3]).toLowerCase();
      });
    }
    return hayText[p];
  }

  // ---- state ---------------------------------------------------------------------------------
  const st = {
    m: { role: -1, pkg: -1, status: -1, q: '', marked: false, page: 0 },
    f: { sev: -1, code: -1, page: 0 },
    p: { q: '', page: 0, open: new Set() },
    cell: null,
  };

  // ---- matrix --------------------------------------------------------------------------------
  function matrixRows() {
    const out = [];
    D.allocations.forEach(function (al, i) {
      if (printing) { out.push(i); return; }
      if (st.m.role >= 0 && al[1] !== st.m.role) return;
      if (st.m.pkg >= 0 && al[2] !== st.m.pkg) return;
      if (st.m.status >= 0 && al[3] !== st.m.status) return;
      out.push(i);
    });
    return out;
  }
  function matrixParties(rows) {
    const q = printing ? '' : st.m.q.trim().toLowerCase();
    const out = [];
    for (let p = 0; p < D.parties.length; p++) {
      if (printing) { out.push(p); continue; }
      if (q && hay(p).indexOf(q) < 0) continue;
      if (st.m.marked && !rows.some(function (a) { return mark(a, p) > 0; })) continue;
      out.push(p);
    }
    return out;
  }
  function renderMatrixControls() {
    const used = function (col) {
      const seen = new Set(D.allocations.map(function (al) { return al[col]; }));
      return Array.from(seen).sort(function (a, b) { return a - b; });
    };
    const opts = function (kind, col) {
      return used(col).map(function (i) { return [i, label(kind, i)]; });
    };
    const search = h('input', {
      type: 'search', value: st.m.q, placeholder: T('search_party'), 'aria-label': T('filter_party'),
      oninput: debounce(function () { st.m.q = search.value; st.m.page = 0; renderMatrix(); }, 150),
    });
    const marked = h('input', {
      type: 'checkbox', checked: st.m.marked,
      onchange: function () { st.m.marked = this.checked; st.m.page = 0; renderMatrix(); },
    });
    fill('matrix-controls',
      select('filter_role', st.m.role, opts('role', 1), function (v) { st.m.role = v; st.m.page = 0; renderMatrix(); }),
      select('filter_package', st.m.pkg, opts('package', 2), function (v) { st.m.pkg = v; st.m.page = 0; renderMatrix(); }),
      select('filter_status', st.m.status, opts('status', 3), function (v) { st.m.status = v; st.m.page = 0; renderMatrix(); }),
      h('label', null, T('filter_party') + ' ', search),
      h('label', { class: 'check' }, marked, ' ' + T('only_marked')));
  }
  // One table of the matrix: every row of `rows`, the parties of `shown` as columns. A party's
  // header shows its name; its id and both names are in the tooltip.
  function matrixTable(rows, shown) {
    const head = h('tr', null,
      h('th', { scope: 'col' }, T('col_requirement')),
      h('th', { scope: 'col' }, T('col_title')),
      h('th', { scope: 'col' }, T('col_role')),
      h('th', { scope: 'col' }, T('col_package')),
      h('th', { scope: 'col' }, T('col_status')),
      shown.map(function (p) {
        return h('th', { scope: 'col', class: 'pc div-' + keyOf('division', D.parties[p][2]), title: partyName(p), 'data-id': D.parties[p][0] },
          h('span', null, tx(D.parties[p][1])));
      }));
    const body = rows.map(function (a) {
      const al = D.allocations[a];
      const status = keyOf('status', al[3]);
      return h('tr', { class: 'st-' + status },
        h('th', { scope: 'row', class: 'id' }, D.units[al[0]][0]),
        h('td', { class: 'title' }, tx(D.units[al[0]][1])),
        h('td', null, label('role', al[1])),
        h('td', null, pkgLabel(al[2], D.units[al[0]][3])),
        h('td', null, h('span', { class: 'status st-' + status }, label('status', al[3]))),
        shown.map(function (p) {
          const mk = MARK[mark(a, p)];
          const sel = st.cell && st.cell[0] === a && st.cell[1] === p;
          return h('td', { class: 'cell' }, h('button', {
            type: 'button', class: 'mk' + (mk ? ' mk-' + mk : '') + (sel ? ' sel' : ''),
            'data-a': a, 'data-p': p, title: D.parties[p][0] + ' · ' + D.units[al[0]][0] + ' · ' + label('role', al[1]) +
              (whens(a).has(p) ? ' · ' + whens(a).get(p) : ''),
          }, mk ? mk + (scopes(a).has(p) ? ' (' + scopes(a).get(p) + ')' : '') : '·'));
        }));
    });
    const table = h('table', { class: 'matrix' }, h('thead', null, head), h('tbody', null, body));
    table.addEventListener('click', function (e) {
      const b = e.target.closest('button.mk');
      if (!b) return;
      st.cell = [Number(b.getAttribute('data-a')), Number(b.getAttribute('data-p'))];
      for (const x of document.querySelectorAll('#matrix-view button.mk.sel')) x.classList.remove('sel');
      b.classList.add('sel');
      renderWhy();
    });
    return table;
  }
  function renderMatrix() {
    const rows = matrixRows();
    const parties = matrixParties(rows);
    if (printing) {
      // Every row and party: the parties in tables of PRINT_COLS columns.
      const parts = [];
      for (let i = 0; i < parties.length; i += PRINT_COLS) {
        const shown = parties.slice(i, i + PRINT_COLS);
        parts.push(h('div', { class: 'table-box print-part' },
          parties.length > PRINT_COLS
            ? h('p', { class: 'count' }, T('print_parties', { from: i + 1, to: i + shown.length, total: parties.length }))
            : null,
          matrixTable(rows, shown)));
      }
      fill('matrix-view', parts.length ? parts : h('p', { class: 'empty' }, T('no_parties')));
      return;
    }
    const pages = Math.max(1, Math.ceil(parties.length / PAGE));
    st.m.page = Math.min(st.m.page, pages - 1);
    const shown = parties.slice(st.m.page * PAGE, (st.m.page + 1) * PAGE);
    fill('matrix-view',
      h('p', { class: 'count' }, T('rows_shown', { n: rows.length, total: D.allocations.length })),
      pager(parties.length, st.m.page, function (n) { st.m.page = n; renderMatrix(); }),
      rows.length ? null : h('p', { class: 'empty' }, T('no_rows')),
      parties.length ? h('div', { class: 'table-box' }, matrixTable(rows, shown)) : h('p', { class: 'empty' }, T('no_parties')));
  }

  // Once the page has been read, f(); until then, a note in `box`.
  function whenRead(box, f) {
    box.replaceChildren(h('p', { class: 'empty' }, T('still_reading')));
    document.addEventListener('DOMContentLoaded', f, { once: true });
  }
  // Why the duty of one party in one allocation falls there.
  function renderWhy() {
    const box = $('why');
    if (!st.cell) { box.hidden = true; box.replaceChildren(); return; }
    if (!read()) { whenRead(box, renderWhy); box.hidden = false; return; }
    const a = st.cell[0];
    const p = st.cell[1];
    const al = D.allocations[a];
    const body = [];
    body.push(h('div', { class: 'why-head' },
      h('h3', null, T('why_title')),
      h('button', { type: 'button', class: 'close', onclick: function () { st.cell = null; renderWhy(); renderMatrix(); } }, T('close'))));
    body.push(h('p', { class: 'unit' },
      h('strong', null, unitText(al[0])), ' · ', label('role', al[1]), ' · ', pkgLabel(al[2], D.units[al[0]][3]), ' · ',
      h('span', { class: 'status st-' + keyOf('status', al[3]) }, label('status', al[3])), ' · ',
      T('applies') + ': ' + label('applies', al[4])));
    body.push(h('p', { class: 'party' }, partyName(p)));
    // This party's duties in this allocation, under the origins `explain` gives them.
    let any = false;
    for (const g of explainOf(p)) {
      const lines = [];
      for (let i = 0; i < g[1].length; i += 2) {
        if (g[1][i] !== a) continue;
        const pos = g[1][i + 1];
        const list = pos >= 0 ? responsibleOf(a) : contributorsOf(a);
        const d = duty(list[pos >= 0 ? pos : -1 - pos]);
        lines.push(h('li', { class: 'duty' },
          h('span', null, roleText(al[1], d.qualifier, d.scope) + (d.when ? ' · ' + d.when : '') + ' · ' + T(pos >= 0 ? 'responsible' : 'contributes')),
          reasonList(d.reasons)));
      }
      if (!lines.length) continue;
      any = true;
      body.push(h('div', { class: 'origin' }, originHead(g[0]), h('ul', null, lines)));
    }
    if (!any) body.push(h('p', { class: 'empty' }, T('why_none', { party: partyName(p) })));
    body.push(h('p', { class: 'catalog-reason' + (D.units[al[0]][2] ? ' inferred' : '') }, '← ' + reasonText(al[6]),
      D.units[al[0]][2] ? h('span', { class: 'badge inferred' }, T('inferred')) : null));
    // Who else takes part.
    for (const [list, key] of [[responsibleOf(a), 'responsible_list'], [contributorsOf(a), 'contributor_list']]) {
      const others = [];
      for (const d of list) {
        const x = duty(d);
        if (x.party === p) continue;
        let q = label('qualifier', x.qualifier);
        if (x.scope !== null && x.scope !== undefined) q += (li ? '、' : ', ') + T('scope', { s: x.scope });
        if (x.when) q += (li ? '、' : ', ') + x.when;
        others.push(partyName(x.party) + ' (' + q + ')');
      }
      if (!others.length) continue;
      const shown = others.slice(0, MORE);
      if (others.length > MORE) shown.push(T('and_more', { n: others.length - MORE }));
      body.push(h('p', { class: 'others' }, h('strong', null, T(key) + ': '), shown.join(li ? '、' : ', ')));
    }
    const related = D.findings.filter(function (f) { return f[9] === a; });
    if (related.length) {
      body.push(h('h4', null, T('related_findings')),
        h('ul', { class: 'related' }, related.map(function (f) {
          return h('li', null, h('span', { class: 'badge sev-' + keyOf('severity', f[1]) }, label('severity', f[1])), ' ',
            h('code', null, keyOf('code', f[0])), ' ', tx(f[2]));
        })));
    }
    box.replaceChildren();
    add(box, body);
    box.hidden = false;
  }
  function originHead(o) {
    let text = '';
    let line = null;
    let col = null;
    if (o[0] === 0 || o[0] === 1) {
      const c = D.contracts[o[1]];
      const id = quote(c[0]);
      text = o[0] === 0
        ? T('origin_contract', { id: id, x: D.parties[c[1]][0], y: D.parties[c[2]][0], kind: label('kind', c[3]) })
        : T('origin_client', { id: id, y: D.parties[c[2]][0] });
      line = c[5]; col = c[6];
    } else if (o[0] === 2 || o[0] === 3) {
      const r = D.reasons(o[1]);
      text = T(o[0] === 2 ? 'origin_field' : 'origin_assign', { t: reasonText(o[1]) });
      line = r[2]; col = r[3];
    } else {
      text = T('origin_org');
    }
    return h('h4', { class: 'origin-head' }, text, ' ', where(line, col));
  }

