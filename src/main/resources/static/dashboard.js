// EchoPilot dashboard: three cards (the portal card with its incident panel) fed by the daemon's own API. Every value from the API is put
// into the page with textContent or setAttribute, never as HTML.
'use strict';
(function () {
  const KEY_NAME = 'echopilot.dashKey';
  const REFRESH_MS = 30000;
  const $ = (id) => document.getElementById(id);

  class KeyRefused extends Error {}

  // --- key: only in this tab's session storage -------------------------------------------
  function key() { return sessionStorage.getItem(KEY_NAME); }

  function showKeyMessage(text) {
    const m = $('key-message');
    m.textContent = text;
    m.hidden = !text;
  }

  function keyRefused(error) {
    sessionStorage.removeItem(KEY_NAME);
    $('cards').hidden = true;
    $('key-forget').hidden = true;
    showKeyMessage('The dashboard key was refused (401): ' + error
      + ' Enter the value of DASHBOARD_KEY, or the key the daemon printed at start.');
  }

  // --- API calls ---------------------------------------------------------------------------
  async function api(method, path, body) {
    const headers = { 'X-Dash-Key': key() || '' };
    const init = { method: method, headers: headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(path, init);
    let json = null;
    try { json = await r.json(); } catch (e) { json = null; }
    if (r.status === 401) {
      throw new KeyRefused(json && json.error ? json.error : 'unauthorized.');
    }
    return { status: r.status, json: json };
  }

  // Shows why a card has no figures; true when the answer is usable.
  function usable(reply, messageId, what) {
    const m = $(messageId);
    let text = '';
    if (reply.status === 404) {
      text = what + ' is not available on this daemon.';
    } else if (!reply.json || reply.json.ok !== true) {
      text = what + ': ' + (reply.json && reply.json.error ? reply.json.error : 'HTTP ' + reply.status);
    }
    m.textContent = text;
    m.hidden = !text;
    return !text;
  }

  function guarded(load) {
    return async function () {
      try {
        await load.apply(null, arguments);
      } catch (e) {
        if (e instanceof KeyRefused) { keyRefused(e.message); } else { console.error(e); }
      }
    };
  }

  // --- formatting ---------------------------------------------------------------------------
  // the API rounds its figures already; digits only for money
  function num(v, digits) {
    if (typeof v !== 'number' || !isFinite(v)) { return '–'; }
    return digits === undefined ? String(v) : v.toFixed(digits);
  }
  function set(id, text) { $(id).textContent = text === undefined || text === null ? '–' : String(text); }
  function status(id, level, colour) {
    const el = $(id);
    el.textContent = level || 'unknown';
    el.dataset.status = colour;
  }
  const SLO_COLOURS = { OK: 'green', WATCH: 'yellow', WARNING: 'yellow', CRITICAL: 'red' };
  const COST_COLOURS = { OK: 'green', WARNING: 'yellow', CRITICAL: 'red' };

  // --- SLO card ----------------------------------------------------------------------------
  const loadSlo = guarded(async function () {
    const budget = await api('GET', '/api/slo/budget');
    if (!usable(budget, 'slo-message', 'SLO budget')) { return; }
    const d = budget.json.data;
    const t = d.slo_targets || {};
    status('slo-status', d.burn_alert, SLO_COLOURS[d.burn_alert] || 'unknown');
    set('slo-p95', num(d.p95_ms));
    set('slo-p95-target', t.p95_ms);
    set('slo-p99', num(d.p99_ms));
    set('slo-p99-target', t.p99_ms);
    $('slo-p95').classList.toggle('over', d.p95_ms > t.p95_ms);
    $('slo-p99').classList.toggle('over', d.p99_ms > t.p99_ms);
    set('slo-error-rate', num(d.error_rate));
    set('slo-error-budget', t.daily_error_budget_pct);
    set('slo-budget', num(d.remaining_budget_pct));
    set('slo-burn', num(d.burn_rate_pct));
    set('slo-gate', d.deploy_gate_active
      ? 'ACTIVE: deploys blocked since ' + (d.deploy_gate_since || '?') : 'clear: deploys allowed');
    $('slo-gate').dataset.active = d.deploy_gate_active ? 'true' : 'false';
    set('slo-updated', d.ts);
    const history = await api('GET', '/api/slo/history?limit=96');
    if (history.status === 200 && history.json && Array.isArray(history.json.data)) {
      drawBurnChart($('slo-chart'), history.json.data);
    }
  });

  function svg(name, attrs) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', name);
    Object.keys(attrs).forEach((k) => el.setAttribute(k, String(attrs[k])));
    return el;
  }

  // A polyline of burn_rate_pct, with the alert thresholds as dashed lines; rebaselines as marks.
  function drawBurnChart(chart, entries) {
    while (chart.firstChild) { chart.removeChild(chart.firstChild); }
    const W = 320, H = 100;
    const runs = entries.filter((e) => typeof e.burn_rate_pct === 'number');
    const top = Math.max(250, ...runs.map((e) => e.burn_rate_pct)) * 1.1;
    const y = (v) => (H - (Math.min(v, top) / top) * H).toFixed(1);
    const x = (i) => (entries.length < 2 ? W / 2 : (i / (entries.length - 1)) * W).toFixed(1);
    [100, 150, 200].forEach((level) => {
      chart.appendChild(svg('line', { x1: 0, x2: W, y1: y(level), y2: y(level), class: 'threshold t' + level }));
    });
    const points = [];
    entries.forEach((e, i) => {
      if (typeof e.burn_rate_pct === 'number') {
        points.push(x(i) + ',' + y(e.burn_rate_pct));
      } else if (e.event) {
        const mark = svg('line', { x1: x(i), x2: x(i), y1: 0, y2: H, class: 'event' });
        const title = svg('title', {});
        title.textContent = e.event + ' at ' + e.ts;
        mark.appendChild(title);
        chart.appendChild(mark);
      }
    });
    chart.appendChild(svg('polyline', { points: points.join(' '), class: 'burn' }));
    chart.dataset.points = String(points.length);
  }

  // --- portal card -------------------------------------------------------------------------
  const lookupReceipts = guarded(async function (event) {
    event.preventDefault();
    const email = $('portal-email').value.trim();
    const rows = $('portal-rows');
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    $('portal-table').hidden = true;
    const reply = await api('GET', '/api/portal/receipts?email=' + encodeURIComponent(email));
    if (!usable(reply, 'portal-message', 'Receipt lookup')) { return; }
    const receipts = Array.isArray(reply.json.receipts) ? reply.json.receipts : [];
    if (receipts.length === 0) {
      $('portal-message').textContent = 'No receipts for ' + email + '.';
      $('portal-message').hidden = false;
      return;
    }
    receipts.forEach((r) => rows.appendChild(receiptRow(r)));
    $('portal-table').hidden = false;
  });

  function receiptRow(r) {
    const tr = document.createElement('tr');
    [r.date, r.description, typeof r.amount_usd === 'number' ? '$' + r.amount_usd.toFixed(2) : r.amount_usd, r.status]
      .forEach((v) => {
        const td = document.createElement('td');
        td.textContent = v === undefined || v === null ? '' : String(v);
        tr.appendChild(td);
      });
    const cell = document.createElement('td');
    // only the daemon's own signed download path becomes a link (no javascript: or other hosts)
    if (typeof r.download_url === 'string' && r.download_url.startsWith('/api/portal/download?')) {
      const a = document.createElement('a');
      a.href = r.download_url;
      a.textContent = 'Download';
      a.className = 'receipt-link';
      if (r.expires_iso) { a.title = 'link valid until ' + r.expires_iso; }
      cell.appendChild(a);
    }
    tr.appendChild(cell);
    return tr;
  }

  // --- incident panel (in the portal card) -------------------------------------------------
  const INCIDENT_COLOURS = { open: 'red', acknowledged: 'yellow' };

  const loadIncidents = guarded(async function () {
    const open = await api('GET', '/api/incidents?status=open&limit=50');
    if (!usable(open, 'incidents-message', 'Incidents')) { return; }
    const acked = await api('GET', '/api/incidents?status=acknowledged&limit=50');
    if (!usable(acked, 'incidents-message', 'Incidents')) { return; }
    const incidents = open.json.incidents.concat(acked.json.incidents);
    const rows = $('incidents-rows');
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    incidents.forEach((i) => rows.appendChild(incidentRow(i)));
    $('incidents-table').hidden = incidents.length === 0;
    $('incidents-empty').hidden = incidents.length !== 0;
    const silences = await api('GET', '/api/incidents/silences');
    if (!usable(silences, 'incidents-message', 'Silences')) { return; }
    const list = $('silences-list');
    while (list.firstChild) { list.removeChild(list.firstChild); }
    silences.json.silences.forEach((s) => list.appendChild(silenceItem(s)));
    $('silences-empty').hidden = silences.json.silences.length !== 0;
  });

  function incidentRow(i) {
    const tr = document.createElement('tr');
    tr.dataset.fingerprint = i.fingerprint;
    const state = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = 'status';
    badge.textContent = i.status;
    badge.dataset.status = INCIDENT_COLOURS[i.status] || 'unknown';
    state.appendChild(badge);
    if (i.acknowledged_by) { state.appendChild(document.createTextNode(' by ' + i.acknowledged_by)); }
    tr.appendChild(state);
    const what = document.createElement('td');
    what.textContent = i.severity + ' ' + i.source + ': ' + i.msg;
    const seen = document.createElement('small');
    seen.textContent = i.count + (i.count === 1 ? ' raise' : ' raises') + ', last ' + i.last_seen;
    what.appendChild(document.createElement('br'));
    what.appendChild(seen);
    tr.appendChild(what);
    const cell = document.createElement('td');
    const actions = document.createElement('div');
    actions.className = 'incident-actions';
    if (i.status === 'open') { actions.appendChild(incidentButton('Acknowledge', 'ack', i.fingerprint)); }
    actions.appendChild(incidentButton('Resolve', 'resolve', i.fingerprint));
    cell.appendChild(actions);
    tr.appendChild(cell);
    return tr;
  }

  function incidentButton(label, move, fingerprint) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.className = 'incident-' + move;
    b.addEventListener('click', guarded(async function () {
      const reply = await api('POST', '/api/incidents/' + move, { fingerprint: fingerprint, by: 'dashboard' });
      if (reply.status !== 200 && reply.status !== 409) { usable(reply, 'incidents-message', label); return; }
      await loadIncidents();
    }));
    return b;
  }

  function silenceItem(s) {
    const li = document.createElement('li');
    const m = s.matchers || {};
    const what = ['source', 'severity', 'fingerprint', 'msg_regex'].filter((k) => m[k]).map((k) => k + '=' + m[k]).join(', ');
    li.textContent = what + ' until ' + s.ends_at + ' (' + s.created_by + (s.comment ? ': ' + s.comment : '') + ')';
    li.dataset.id = s.id;
    return li;
  }

  // --- cost and scale card -----------------------------------------------------------------
  const loadCosts = guarded(async function () {
    const reply = await api('GET', '/api/costs/status');
    if (!usable(reply, 'cost-message', 'Cost status')) { return; }
    const d = reply.json.data;
    status('cost-level', d.alert_level, COST_COLOURS[d.alert_level] || 'unknown');
    set('cost-total', num(d.total_spent_usd, 2));
    set('cost-cap', num(d.daily_cap_usd, 2));
    set('cost-util', num(d.global_utilization_pct));
    set('cost-action', d.action);
    set('cost-reason', d.reason);
    const bars = $('cost-bars');
    while (bars.firstChild) { bars.removeChild(bars.firstChild); }
    bars.appendChild(bar('all models', d.total_spent_usd, d.daily_cap_usd, d.global_utilization_pct));
    const models = d.by_model || {};
    Object.keys(models).sort().forEach((m) => {
      bars.appendChild(bar(m, models[m].spent_usd, models[m].cap_usd, models[m].utilization_pct));
    });
  });

  function bar(name, spent, cap, pct) {
    const row = document.createElement('div');
    row.className = 'bar-row';
    row.dataset.model = name;
    const label = document.createElement('span');
    label.className = 'bar-label';
    label.textContent = name;
    const track = document.createElement('span');
    track.className = 'bar-track';
    const fill = document.createElement('span');
    fill.className = 'bar-fill';
    // a model without a cap has cap_usd and utilization_pct null: an empty grey track, no percentage
    const capped = typeof cap === 'number' && typeof pct === 'number' && isFinite(pct);
    const p = capped ? pct : 0;
    fill.style.width = Math.min(100, Math.max(0, p)) + '%';
    fill.dataset.level = !capped ? 'none' : p >= 100 ? 'red' : p >= 90 ? 'yellow' : 'green';
    track.appendChild(fill);
    const figures = document.createElement('span');
    figures.className = 'bar-figures';
    figures.textContent = '$' + num(spent, 2) + ' of '
      + (capped ? '$' + num(cap, 2) + ' (' + num(pct) + ' %)' : 'no cap');
    row.append(label, track, figures);
    return row;
  }

  const loadScale = guarded(async function () {
    const reply = await api('GET', '/api/scale/status');
    if (!usable(reply, 'scale-message', 'Autoscale status')) { $('scale-apply').disabled = true; return; }
    const d = reply.json.data;
    // a status is the latest decision, whose current_workers is the count before it: once that
    // decision was applied the app runs desired_workers
    set('scale-current', d.applied ? d.desired_workers : d.current_workers);
    set('scale-desired', d.desired_workers);
    set('scale-reason', d.reason);
    set('scale-explanation', d.explanation);
    set('scale-last', lastDecision(d));
    set('scale-dry-run', d.dry_run ? 'dry run: decisions are computed, never applied' : 'live: apply sends the change');
    $('scale-dry-run').dataset.dryRun = d.dry_run ? 'true' : 'false';
    $('scale-apply').disabled = false;
  });

  const applyScale = guarded(async function () {
    const button = $('scale-apply');
    button.disabled = true;
    const result = $('scale-apply-result');
    const reply = await api('POST', '/api/scale/apply', {});
    if (reply.json && reply.json.ok === true && reply.json.data) {
      result.textContent = applyOutcome(reply.json.data);
      result.dataset.result = String(reply.json.data.apply_result);
    } else {
      result.textContent = reply.status === 404 ? 'Apply is not available on this daemon.'
        : 'Apply failed: ' + (reply.json && reply.json.error ? reply.json.error : 'HTTP ' + reply.status);
    }
    result.hidden = false;
    await loadScale();
  });

  function lastDecision(d) {
    switch (d.apply_result) {
      case 'applied': return 'applied at ' + d.ts + ': ' + d.current_workers + ' -> ' + d.desired_workers + ' workers';
      case 'not_requested': return 'decided by the timer at ' + d.ts + ', not applied';
      case 'dry_run': return 'dry run at ' + d.ts + ': nothing was applied';
      case 'no_change': return 'apply at ' + d.ts + ': nothing to change';
      case 'failed': return 'apply failed at ' + d.ts + ': ' + (d.actuator_error || 'no reason given');
      default: return String(d.apply_result) + ' at ' + d.ts;
    }
  }

  // The apply answer is a fresh decision: current_workers is the count before it, apply_result what happened.
  function applyOutcome(d) {
    const change = d.current_workers + ' -> ' + d.desired_workers + ' workers (' + (d.reason || 'no reason given') + ')';
    switch (d.apply_result) {
      case 'applied': return 'Applied: ' + change + '.';
      case 'dry_run': return 'Dry run: nothing was applied; the decision was ' + change
        + '. Set SCALE_DRY_RUN=false to let apply send it.';
      case 'no_change': return 'Nothing to apply: ' + d.current_workers + ' workers already ('
        + (d.reason || 'no reason given') + ').';
      default: return 'Apply answered ' + d.apply_result + ': ' + change + '.';
    }
  }

  // --- start -------------------------------------------------------------------------------
  function loadAll() {
    loadSlo();
    loadIncidents();
    loadCosts();
    loadScale();
  }

  function open() {
    showKeyMessage('');
    $('cards').hidden = false;
    $('key-forget').hidden = false;
    loadAll();
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      const value = $('key-input').value.trim();
      $('key-input').value = '';
      if (!value) { return; }
      sessionStorage.setItem(KEY_NAME, value);
      open();
    });
    $('key-forget').addEventListener('click', function () {
      sessionStorage.removeItem(KEY_NAME);
      $('cards').hidden = true;
      $('key-forget').hidden = true;
    });
    $('portal-form').addEventListener('submit', lookupReceipts);
    $('scale-apply').addEventListener('click', applyScale);
    if (key()) { open(); }
    setInterval(function () { if (key() && !$('cards').hidden) { loadAll(); } }, REFRESH_MS);
  });
})();
