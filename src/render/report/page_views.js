  // ---- findings ------------------------------------------------------------------------------
  // The second half of the page's script (the first is page.js): see there.
  //
  // Findings of one cause (as `rolemap check` groups them: all but the requirement the same)
  // are one card, led by the first; f[11] is the leader's index. The card counts them and
  // folds the list of the others inside.
  const members = D.findings.map(function () { return []; });
  D.findings.forEach(function (f, i) { if (f[11] !== null && f[11] !== undefined) members[f[11]].push(i); });
  function findingCard(i) {
    const f = D.findings[i];
    const sev = keyOf('severity', f[1]);
    const all = [i].concat(members[i]);
    return h('article', { class: 'finding sev-' + sev, 'data-items': all.length },
      h('header', null,
        h('span', { class: 'badge sev-' + sev }, label('severity', f[1])), ' ',
        h('code', { class: 'code' }, keyOf('code', f[0])), ' ',
        all.length > 1 ? [h('span', { class: 'badge items' }, T('items', { n: all.length })), ' '] : null,
        h('span', { class: 'msg' }, tx(f[2]))),
      h('p', { class: 'meta' }, where(f[5], f[6]), ' ', h('code', { class: 'id' }, f[7]),
        f[10] ? h('span', { class: 'badge' }, T('outside_package')) : null),
      all.length > 1
        ? h('details', { class: 'same', open: printing },
          h('summary', null, T('same_cause', { n: all.length })),
          h('ul', null, all.map(function (k) {
            const g = D.findings[k];
            return h('li', null, h('code', { class: 'id' }, g[7]), ' — ', tx(g[2]));
          })))
        : null,
      f[4].length ? h('div', { class: 'because' }, h('strong', null, T('why')), reasonList(f[4])) : null,
      h('p', { class: 'fix' }, h('strong', null, T('fix') + ': '), tx(D.fixes[f[3]])));
  }
  function renderFindings() {
    const active = [];
    D.findings.forEach(function (f, i) {
      if (f[8] !== null || (f[11] !== null && f[11] !== undefined)) return;
      if (!printing && st.f.sev >= 0 && f[1] !== st.f.sev) return;
      if (!printing && st.f.code >= 0 && f[0] !== st.f.code) return;
      active.push(i);
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
    const shown = printing ? active : active.slice(st.f.page * PAGE, (st.f.page + 1) * PAGE);
    fill('findings-view',
      !printing && active.length > PAGE ? pager(active.length, st.f.page, function (n) { st.f.page = n; renderFindings(); }) : null,
      active.length ? shown.map(findingCard) : h('p', { class: 'empty' }, T('no_findings')));
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
          h('td', { class: 'code' }, h('code', null, keyOf('code', f[0]))),
          h('td', null, tx(f[2]), h('br'), h('code', { class: 'id' }, f[7])),
          h('td', null, w[1]),
          h('td', null, w[2] === null ? '—' : w[2]),
          h('td', { class: 'date' }, w[3]),
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
    if (!explainOf(p).length) out.push(h('p', { class: 'empty' }, T('no_duties')));
    for (const g of explainOf(p)) {
      const lines = [];
      for (let i = 0; i < g[1].length; i += 2) {
        const al = D.allocations[g[1][i]];
        const pos = g[1][i + 1];
        const list = pos >= 0 ? responsibleOf(g[1][i]) : contributorsOf(g[1][i]);
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
  // The engine counts them, so that the list does not parse every party's `explain`.
  function dutyCount(p) { return D.duties[p]; }
  function renderParties() {
    const q = st.p.q.trim().toLowerCase();
    const list = [];
    for (let p = 0; p < D.parties.length; p++) if (!q || hay(p).indexOf(q) >= 0) list.push(p);
    const pages = Math.max(1, Math.ceil(list.length / PAGE));
    st.p.page = Math.min(st.p.page, pages - 1);
    const shown = printing ? list : list.slice(st.p.page * PAGE, (st.p.page + 1) * PAGE);
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
      !printing && list.length > PAGE ? pager(list.length, st.p.page, function (n) { st.p.page = n; renderParties(); }) : null,
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
            if (!read()) {
              if (det.childNodes.length === 1) {
                const pending = h('div', { class: 'pending' });
                add(det, pending);
                whenRead(pending, renderParties);
              }
              return;
            }
            if (det.childNodes.length === 1) add(det, h('div', { class: 'party-body' }, partyBody(p)));
          } else {
            st.p.open.delete(p);
          }
        });
        if (st.p.open.has(p)) {
          if (read()) add(det, h('div', { class: 'party-body' }, partyBody(p)));
          else { const pending = h('div', { class: 'pending' }); add(det, pending); whenRead(pending, renderParties); }
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
        h('th', { scope: 'row', class: 'id' }, r[0]),
        h('td', null, tx(r[1])),
        h('td', null, roles(r[2])),
        h('td', null, label('applies', r[3])),
        h('td', null, r[4] === null ? '—' : pkgLabel(r[4], r[11])),
        h('td', null, sourceCell(r[5], r[6]), sourceCell(r[7], r[8], T('roles_from')),
          r[10] === null ? null : h('div', { class: 'sub' }, T('package_from') + ': ' + tx(r[10])))));
      for (const i of r[9]) {
        rows.push(h('tr', { class: 'item' },
          h('th', { scope: 'row', class: 'id' }, i[0]),
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
  // Printing from the browser lays the page out as `report --format pdf` does, and back after.
  window.addEventListener('beforeprint', function () { printing = true; renderAll(); });
  window.addEventListener('afterprint', function () { printing = D.print === true; renderAll(); });
  renderAll();
  performance.mark('rolemap-drawn');
  document.body.setAttribute('data-ready', 'true');
})();
