// rolemap report: draws the matrix, the findings, the duties and the catalog from the data in
// #rolemap-data, and switches between English and Japanese.
//
// Every text from the model goes into the page as text (text nodes, textContent, attribute
// values set through the DOM); nothing is ever parsed as markup. Lists are drawn a page at a
// time, so a chain of thousands of parties stays responsive. The data layout is described in
// src/render/report/data.rs.
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('rolemap-data').textContent);
  const S = D.strings;
  const LB = D.labels;
  const PAGE = 50;
  const MORE = 10;
  let li = D.lang === 'ja' ? 1 : 0;

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
    const row = D.reasons[r];
    return (row[0] === null ? '' : contractPhrase(row[0])) + tx(D.texts[row[1]]);
  }
  function reasonItem(r) {
    const row = D.reasons[r];
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
  // Mark of every party in every allocation: 0 none, 1 L, 2 S, 3 I, 4 A (as `rolemap matrix`:
  // responsible is L; in a contract-level row the contractors agree, A; else the strongest
  // qualifier among the contributions), and the scopes behind a mark (as `rolemap matrix`).
  const scopes = D.allocations.map(function () { return new Map(); });
  // The days behind a mark, where its duties do not hold always (for the cell's tooltip).
  const whens = D.allocations.map(function () { return new Map(); });
  const marks = D.allocations.map(function (al, a) {
    const m = new Uint8Array(D.parties.length);
    const contract = keyOf('applies', al[4]) === 'contract';
    const org = keyOf('applies', al[4]) === 'organisation';
    const by = new Map();
    function note(p, q, scope, when) {
      let e = by.get(p);
      if (!e || q < e.q) { e = { q: q, whole: false, s: [], w: [] }; by.set(p, e); }
      if (q !== e.q) return;
      if (scope === null || scope === undefined) e.whole = true;
      else if (e.s.indexOf(scope) < 0) e.s.push(scope);
      if (when && e.w.indexOf(when) < 0) e.w.push(when);
    }
    for (const d of al[7]) {
      const x = duty(d);
      const q = contract ? 4 : x.qualifier + 1;
      if (m[x.party] === 0 || q < m[x.party]) m[x.party] = q;
      note(x.party, q, x.scope, x.when);
    }
    for (const d of al[6]) {
      const x = duty(d);
      m[x.party] = 1;
      note(x.party, 0, org ? null : x.scope, x.when);
    }
    for (const [p, e] of by) {
      if (!contract && !e.whole && e.s.length) scopes[a].set(p, e.s.slice().sort().join(', '));
      if (e.w.length) whens[a].set(p, e.w.slice().sort().join(', '));
    }
    return m;
  });
  const MARK = ['', 'L', 'S', 'I', 'A'];
  function roleText(role, qualifier, scope) {
    let inner = label('qualifier', qualifier);
    if (scope !== null && scope !== undefined) inner += (li ? '、' : ', ') + T('scope', { s: scope });
    return label('role', role) + (li ? '(' + inner + ')' : ' (' + inner + ')');
  }
  function unitText(u) { const x = D.units[u]; return x[0] + ' ' + tx(x[1]); }
  // A package, marked when no source states it.
  function pkgLabel(p, inferred) { return label('package', p) + (inferred ? T('package_inferred') : ''); }

  // Search text of every party (id, names in both languages, organisation), lower case.
  const hay = D.parties.map(function (p) {
    const n = typeof p[1] === 'string' ? p[1] : p[1].join(' ');
    return (p[0] + ' ' + n + ' ' + p[3]).toLowerCase();
  });

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
      if (st.m.role >= 0 && al[1] !== st.m.role) return;
      if (st.m.pkg >= 0 && al[2] !== st.m.pkg) return;
      if (st.m.status >= 0 && al[3] !== st.m.status) return;
      out.push(i);
    });
    return out;
  }
  function matrixParties(rows) {
    const q = st.m.q.trim().toLowerCase();
    const out = [];
    for (let p = 0; p < D.parties.length; p++) {
      if (q && hay[p].indexOf(q) < 0) continue;
      if (st.m.marked && !rows.some(function (a) { return marks[a][p] > 0; })) continue;
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
  function renderMatrix() {
    const rows = matrixRows();
    const parties = matrixParties(rows);
    const pages = Math.max(1, Math.ceil(parties.length / PAGE));
    st.m.page = Math.min(st.m.page, pages - 1);
    const shown = parties.slice(st.m.page * PAGE, (st.m.page + 1) * PAGE);
    const head = h('tr', null,
      h('th', { scope: 'col' }, T('col_requirement')),
      h('th', { scope: 'col' }, T('col_title')),
      h('th', { scope: 'col' }, T('col_role')),
      h('th', { scope: 'col' }, T('col_package')),
      h('th', { scope: 'col' }, T('col_status')),
      shown.map(function (p) {
        return h('th', { scope: 'col', class: 'pc div-' + keyOf('division', D.parties[p][2]), title: partyName(p) },
          h('span', null, D.parties[p][0]));
      }));
    const body = rows.map(function (a) {
      const al = D.allocations[a];
      const status = keyOf('status', al[3]);
      return h('tr', { class: 'st-' + status },
        h('th', { scope: 'row' }, D.units[al[0]][0]),
        h('td', { class: 'title' }, tx(D.units[al[0]][1])),
        h('td', null, label('role', al[1])),
        h('td', null, pkgLabel(al[2], D.units[al[0]][3])),
        h('td', null, h('span', { class: 'status st-' + status }, label('status', al[3]))),
        shown.map(function (p) {
          const mk = MARK[marks[a][p]];
          const sel = st.cell && st.cell[0] === a && st.cell[1] === p;
          return h('td', { class: 'cell' }, h('button', {
            type: 'button', class: 'mk' + (mk ? ' mk-' + mk : '') + (sel ? ' sel' : ''),
            'data-a': a, 'data-p': p, title: D.parties[p][0] + ' · ' + D.units[al[0]][0] + ' · ' + label('role', al[1]) +
              (whens[a].has(p) ? ' · ' + whens[a].get(p) : ''),
          }, mk ? mk + (scopes[a].has(p) ? ' (' + scopes[a].get(p) + ')' : '') : '·'));
        }));
    });
    const table = h('table', { class: 'matrix' }, h('thead', null, head), h('tbody', null, body));
    table.addEventListener('click', function (e) {
      const b = e.target.closest('button.mk');
      if (!b) return;
      st.cell = [Number(b.getAttribute('data-a')), Number(b.getAttribute('data-p'))];
      for (const x of table.querySelectorAll('button.mk.sel')) x.classList.remove('sel');
      b.classList.add('sel');
      renderWhy();
    });
    fill('matrix-view',
      h('p', { class: 'count' }, T('rows_shown', { n: rows.length, total: D.allocations.length })),
      pager(parties.length, st.m.page, function (n) { st.m.page = n; renderMatrix(); }),
      rows.length ? null : h('p', { class: 'empty' }, T('no_rows')),
      parties.length ? h('div', { class: 'table-box' }, table) : h('p', { class: 'empty' }, T('no_parties')));
  }

  // Why the duty of one party in one allocation falls there.
  function renderWhy() {
    const box = $('why');
    if (!st.cell) { box.hidden = true; box.replaceChildren(); return; }
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
    for (const g of D.explain[p]) {
      const lines = [];
      for (let i = 0; i < g[1].length; i += 2) {
        if (g[1][i] !== a) continue;
        const pos = g[1][i + 1];
        const list = pos >= 0 ? al[6] : al[7];
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
    body.push(h('p', { class: 'catalog-reason' + (D.units[al[0]][2] ? ' inferred' : '') }, '← ' + reasonText(al[8]),
      D.units[al[0]][2] ? h('span', { class: 'badge inferred' }, T('inferred')) : null));
    // Who else takes part.
    for (const [list, key] of [[al[6], 'responsible_list'], [al[7], 'contributor_list']]) {
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
      const r = D.reasons[o[1]];
      text = T(o[0] === 2 ? 'origin_field' : 'origin_assign', { t: reasonText(o[1]) });
      line = r[2]; col = r[3];
    } else {
      text = T('origin_org');
    }
    return h('h4', { class: 'origin-head' }, text, ' ', where(line, col));
  }

  // ---- findings ------------------------------------------------------------------------------
  function findingCard(f) {
    const sev = keyOf('severity', f[1]);
    return h('article', { class: 'finding sev-' + sev },
      h('header', null,
        h('span', { class: 'badge sev-' + sev }, label('severity', f[1])), ' ',
        h('code', { class: 'code' }, keyOf('code', f[0])), ' ',
        h('span', { class: 'msg' }, tx(f[2]))),
      h('p', { class: 'meta' }, where(f[5], f[6]), ' ', h('code', { class: 'id' }, f[7]),
        f[10] ? h('span', { class: 'badge' }, T('outside_package')) : null),
      f[4].length ? h('div', { class: 'because' }, h('strong', null, T('why')), reasonList(f[4])) : null,
      h('p', { class: 'fix' }, h('strong', null, T('fix') + ': '), tx(f[3])));
  }
  function renderFindings() {
    const active = D.findings.filter(function (f) {
      if (f[8] !== null) return false;
      if (st.f.sev >= 0 && f[1] !== st.f.sev) return false;
      if (st.f.code >= 0 && f[0] !== st.f.code) return false;
      return true;
    });
    const codes = Array.from(new Set(D.findings.filter(function (f) { return f[8] === null; }).map(function (f) { return f[0]; })))
      .sort(function (a, b) { return a - b; });
    fill('findings-controls',
      select('filter_severity', st.f.sev, LB.severity.map(function (_, i) { return [i, label('severity', i)]; }),
        function (v) { st.f.sev = v; st.f.page = 0; renderFindings(); }),
      select('filter_code', st.f.code, codes.map(function (i) { return [i, keyOf('code', i)]; }),
        function (v) { st.f.code = v; st.f.page = 0; renderFindings(); }));
    const pages = Math.max(1, Math.ceil(active.length / PAGE));
    st.f.page = Math.min(st.f.page, pages - 1);
    fill('findings-view',
      active.length > PAGE ? pager(active.length, st.f.page, function (n) { st.f.page = n; renderFindings(); }) : null,
      active.length ? active.slice(st.f.page * PAGE, (st.f.page + 1) * PAGE).map(findingCard) : h('p', { class: 'empty' }, T('no_findings')));
  }
  function renderWaived() {
    const waived = D.findings.filter(function (f) { return f[8] !== null; });
    if (!waived.length) { fill('waived-view', h('p', { class: 'empty' }, T('no_waived'))); return; }
    fill('waived-view', h('table', { class: 'list' },
      h('thead', null, h('tr', null, ['col_code', 'col_finding', 'col_reason', 'col_owner', 'col_until', 'where'].map(function (k) {
        return h('th', { scope: 'col' }, T(k));
      }))),
      h('tbody', null, waived.map(function (f) {
        const w = D.waivers[f[8]];
        return h('tr', null,
          h('td', null, h('code', null, keyOf('code', f[0]))),
          h('td', null, tx(f[2]), h('br'), h('code', { class: 'id' }, f[7])),
          h('td', null, w[1]),
          h('td', null, w[2] === null ? '—' : w[2]),
          h('td', null, w[3]),
          h('td', null, where(w[4], w[5])));
      }))));
  }

  // ---- parties -------------------------------------------------------------------------------
  function partyBody(p) {
    const out = [h('h4', null, T('roles'))];
    const roles = partyRoles[p].map(function (x) {
      return h('li', null, roleText(x[1], x[2], x[3]), reasonList(x[4]));
    });
    out.push(roles.length ? h('ul', null, roles) : h('p', { class: 'empty' }, T('no_role')));
    out.push(h('h4', null, T('duties_by_origin')));
    if (!D.explain[p].length) out.push(h('p', { class: 'empty' }, T('no_duties')));
    for (const g of D.explain[p]) {
      const lines = [];
      for (let i = 0; i < g[1].length; i += 2) {
        const al = D.allocations[g[1][i]];
        const pos = g[1][i + 1];
        const list = pos >= 0 ? al[6] : al[7];
        const d = duty(list[pos >= 0 ? pos : -1 - pos]);
        lines.push(h('li', null, unitText(al[0]) + ' — ' + roleText(al[1], d.qualifier, d.scope) + ' · ' +
          T(pos >= 0 ? 'responsible' : 'contributes') + ' ',
        h('span', { class: 'status st-' + keyOf('status', al[3]) }, label('status', al[3]))));
      }
      out.push(h('div', { class: 'origin' }, originHead(g[0]), h('ul', null, lines)));
    }
    return out;
  }
  // Roles and duty counts, for the line of each party.
  const partyRoles = D.parties.map(function () { return []; });
  D.holdings.forEach(function (x) { partyRoles[x[0]].push(x); });
  function dutyCount(p) {
    let n = 0;
    for (const g of D.explain[p]) n += g[1].length / 2;
    return n;
  }
  function renderParties() {
    const q = st.p.q.trim().toLowerCase();
    const list = [];
    for (let p = 0; p < D.parties.length; p++) if (!q || hay[p].indexOf(q) >= 0) list.push(p);
    const pages = Math.max(1, Math.ceil(list.length / PAGE));
    st.p.page = Math.min(st.p.page, pages - 1);
    const shown = list.slice(st.p.page * PAGE, (st.p.page + 1) * PAGE);
    const search = h('input', {
      type: 'search', value: st.p.q, placeholder: T('search_party'), 'aria-label': T('search'),
      oninput: debounce(function () { st.p.q = search.value; st.p.page = 0; renderParties(); }, 150),
    });
    const setAll = function (open) {
      for (const p of shown) { if (open) st.p.open.add(p); else st.p.open.delete(p); }
      renderParties();
    };
    fill('parties-controls',
      h('label', null, T('search') + ' ', search),
      h('button', { type: 'button', onclick: function () { setAll(true); } }, T('open_all')),
      h('button', { type: 'button', onclick: function () { setAll(false); } }, T('close_all')));
    fill('parties-view',
      list.length > PAGE ? pager(list.length, st.p.page, function (n) { st.p.page = n; renderParties(); }) : null,
      list.length ? null : h('p', { class: 'empty' }, T('no_parties')),
      shown.map(function (p) {
        const r = D.parties[p];
        const n = dutyCount(p);
        const det = h('details', { class: 'party div-' + keyOf('division', r[2]), 'data-p': p },
          h('summary', null,
            h('code', null, r[0]), ' ', h('span', { class: 'name' }, tx(r[1])), ' · ', label('division', r[2]),
            ' · ', T('organisation', { org: r[3] }), ' · ',
            partyRoles[p].length
              ? partyRoles[p].map(function (x) { return h('span', { class: 'chip q-' + keyOf('qualifier', x[2]) }, roleText(x[1], x[2], x[3])); })
              : h('span', { class: 'chip' }, T('no_role')),
            ' ', h('span', { class: 'count' }, n ? T('duty_count', { n: n }) : T('no_duties'))));
        det.addEventListener('toggle', function () {
          if (det.open) {
            st.p.open.add(p);
            if (det.childNodes.length === 1) add(det, h('div', { class: 'party-body' }, partyBody(p)));
          } else {
            st.p.open.delete(p);
          }
        });
        if (st.p.open.has(p)) {
          add(det, h('div', { class: 'party-body' }, partyBody(p)));
          det.open = true;
        }
        return det;
      }));
  }

  // ---- catalog -------------------------------------------------------------------------------
  function sourceCell(kind, text, prefix) {
    return h('div', { class: 'src src-' + kind },
      prefix ? prefix + ': ' : null,
      h('span', { class: 'badge src-' + kind }, kind === 'inferred' ? T('inferred') : kind),
      ' ', tx(text));
  }
  function renderCatalog() {
    const c = D.catalog;
    const roles = function (rs) { return rs.map(function (r) { return label('role', r); }).join(li ? '、' : ', '); };
    const rows = [];
    for (const r of c.requirements) {
      rows.push(h('tr', { class: 'req' },
        h('th', { scope: 'row' }, r[0]),
        h('td', null, tx(r[1])),
        h('td', null, roles(r[2])),
        h('td', null, label('applies', r[3])),
        h('td', null, r[4] === null ? '—' : pkgLabel(r[4], r[11])),
        h('td', null, sourceCell(r[5], r[6]), sourceCell(r[7], r[8], T('roles_from')),
          r[10] === null ? null : h('div', { class: 'sub' }, T('package_from') + ': ' + tx(r[10])))));
      for (const i of r[9]) {
        rows.push(h('tr', { class: 'item' },
          h('th', { scope: 'row' }, i[0]),
          h('td', null, tx(i[1])),
          h('td', null, i[3] === null ? '↑' : roles(i[3])),
          h('td', null, i[4] === null ? '↑' : label('applies', i[4])),
          h('td', null, pkgLabel(i[2], i[9])),
          h('td', null, sourceCell(i[5], i[6]),
            i[7] === null ? null : h('div', { class: 'sub' }, T('title_from') + ': ' + tx(i[7])),
            i[8] === null ? null : h('div', { class: 'sub' }, T('package_from') + ': ' + tx(i[8])))));
      }
    }
    fill('catalog-view',
      h('p', null, h('strong', null, tx(c.title)), ' — ', tx(c.edition), ' ', h('code', null, c.id)),
      h('div', { class: 'scroll' }, h('table', { class: 'list catalog' },
        h('thead', null, h('tr', null, ['col_id', 'col_title', 'col_roles', 'col_applies', 'col_package', 'col_source'].map(function (k) {
          return h('th', { scope: 'col' }, T(k));
        }))),
        h('tbody', null, rows))),
      c.sources.length ? [h('h3', null, T('sources_cited')), h('ul', { class: 'sources' }, c.sources.map(function (s) {
        const url = s[2];
        const link = url && /^https?:\/\//.test(url)
          ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url)
          : url;
        return h('li', null, h('strong', null, '[' + s[0] + '] '), s[1], ' ', link);
      }))] : null);
  }

  // Conformance of filled-in checklists: a later input of the report (see report.rs).
  function renderConformance() {
    const C = D.conformance;
    if (!C) return;
    $('conformance').hidden = false;
    fill('conformance-view',
      h('p', null, T('conformance_from', { files: C.files.join(', ') })),
      h('table', { class: 'list' },
        h('thead', null, h('tr', null, ['col_party', 'col_mandatory', 'col_standard', 'col_open'].map(function (k) {
          return h('th', { scope: 'col' }, T(k));
        }))),
        h('tbody', null, C.parties.map(function (p) {
          const open = p.open.map(function (r) {
            return h('li', null, h('code', null, r[0]), ' ', tx(r[1]), ' — ', tx(r[2]), r[3] ? ' (' + r[3] + ')' : '');
          });
          if (p.more) open.push(h('li', null, T('and_more', { n: p.more })));
          return h('tr', { class: p.conforms ? 'conforms' : null },
            h('td', null, h('strong', null, p.id), ' ', tx(p.name),
              p.covered ? (p.conforms ? [' ', h('span', { class: 'badge ok' }, T('conforms'))] : null)
                : [' ', h('span', { class: 'badge' }, T('not_covered'))]),
            h('td', null, tx(p.mandatory)),
            h('td', null, tx(p.standard)),
            h('td', null, open.length ? h('ul', null, open) : '—'));
        }))),
      h('p', { class: 'empty' }, T('conformance_note')));
  }

  // ---- diagram ------------------------------------------------------------------------------
  // Fit the drawing to the page's width, unless that would shrink it past reading (a long
  // collapsed chain): then it scrolls at its own size. A button switches.
  let fit = null;
  function renderDrawingTools() {
    const tools = $('drawing-tools');
    if (!tools) return;
    const drawings = document.querySelectorAll('.drawing');
    if (fit === null) {
      const d = document.querySelector('.drawing.l-' + (li ? 'ja' : 'en') + ' svg');
      const w = d ? d.getBoundingClientRect().width : 0;
      fit = w > 0 && w <= 2 * tools.getBoundingClientRect().width;
    }
    for (const d of drawings) d.classList.toggle('fit', fit);
    fill('drawing-tools', h('button', {
      type: 'button', 'aria-pressed': String(fit),
      onclick: function () { fit = !fit; renderDrawingTools(); },
    }, T(fit ? 'actual_size' : 'fit_width')));
  }

  // ---- language ------------------------------------------------------------------------------
  function renderAll() {
    document.documentElement.lang = li ? 'ja' : 'en';
    document.title = visible(tx(D.model.name));
    for (const b of document.querySelectorAll('.lang-switch button')) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === (li ? 'ja' : 'en')));
    }
    renderDrawingTools();
    renderMatrixControls();
    renderMatrix();
    renderWhy();
    renderFindings();
    renderWaived();
    renderConformance();
    renderParties();
    renderCatalog();
  }
  for (const b of document.querySelectorAll('.lang-switch button')) {
    b.addEventListener('click', function () {
      li = b.getAttribute('data-lang') === 'ja' ? 1 : 0;
      renderAll();
    });
  }
  renderAll();
  document.body.setAttribute('data-ready', 'true');
})();
