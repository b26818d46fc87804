// The fronts: per front its latest verdict and an uptime bar over recent rounds, one cell per round,
// with a row per network underneath so that an outage seen from one network shows even when the
// quorum never agreed on it.
import { h, fill, link, seg, short, verdict, verdictBadge, roundTime, roundDate, clock, percent,
  plural } from './dom.js';

const views = new Map(); // front id -> its persistent elements (so <details> keep their state)

/** A network's view of one round: what its observers reported, as a cell class. */
function netClass(w) {
  if (!w || (w.up === 0 && w.down === 0)) return 'none';
  if (w.down > 0 && w.up === 0) return 'down';
  return w.down > 0 ? 'mixed' : 'up';
}

/** A round that did not end DOWN but in which some network saw the front DOWN. */
function partial(row) {
  return !!row && row.verdict !== 'DOWN' && row.down > 0;
}

function netsDown(row) {
  return Object.entries(row.networks || {}).filter(([, w]) => w.down > 0).map(([n]) => n);
}

/** One line describing a round, for the tooltip and the detail line. */
function describe(round, row, intervalMs) {
  const when = clock(roundDate(round, intervalMs));
  if (!row) return `Round ${round} (${when}): no data`;
  const parts = [`Round ${round} (${when}): ${verdict(row.verdict).label}`,
    `weight up ${row.up}, down ${row.down} of ${row.total}`];
  for (const [net, w] of Object.entries(row.networks || {})) {
    parts.push(`${net}: up ${w.up}, down ${w.down}`);
  }
  return parts.join(' · ');
}

function cell(cls, title, round) {
  return h('span', { class: 'c ' + cls, title, 'data-round': round });
}

function createView(front) {
  const v = {};
  v.verdict = h('span', { class: 'verdict-slot' });
  v.meta = h('p', { class: 'meta' });
  v.bar = h('div', { class: 'bar', role: 'img', tabindex: '0' });
  v.axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
  v.summary = h('p', { class: 'summary' });
  v.detail = h('p', { class: 'detail', 'aria-live': 'polite' }, 'Point at or tap a round for its tally.');
  v.nets = h('div', { class: 'nets' });
  v.netCount = h('span');
  v.root = h('article', { class: 'card front', 'data-front': front.id },
    h('div', { class: 'card-head' },
      h('h3', {}, front.id), h('span', { class: 'host' }, front.hostname), v.verdict),
    v.meta, v.bar, v.axis, v.summary, v.detail,
    h('details', { class: 'networks' },
      h('summary', {}, 'Per network ', v.netCount), v.nets));
  const show = (e) => {
    const c = e.target.closest('.c[data-round]');
    if (c) v.detail.textContent = c.title;
  };
  v.root.addEventListener('mouseover', show);
  v.root.addEventListener('click', show);
  v.bar.addEventListener('keydown', (e) => {
    const cells = [...v.bar.children].filter((c) => c.offsetParent !== null);
    if (!cells.length || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    let i = cells.findIndex((c) => c.classList.contains('sel'));
    i = i < 0 ? cells.length - 1 : Math.max(0, Math.min(cells.length - 1,
      i + (e.key === 'ArrowLeft' ? -1 : 1)));
    cells.forEach((c) => c.classList.remove('sel'));
    cells[i].classList.add('sel');
    v.detail.textContent = cells[i].title;
    e.preventDefault();
  });
  return v;
}

/**
 * Draws every front of `status` over rounds `from..to`.
 * @param rows front id -> Map(round -> row of /v1/fronts/{id}/rounds)
 * @param narrowFrom the first round shown on narrow screens (CSS hides older cells)
 */
export function renderFronts(list, status, rows, from, to, narrowFrom) {
  const intervalMs = status.roundIntervalMs;
  const ids = new Set(status.fronts.map((f) => f.id));
  for (const [id, v] of views) if (!ids.has(id)) { v.root.remove(); views.delete(id); }
  list.querySelector(':scope > .empty')?.remove();
  for (const front of status.fronts) {
    let v = views.get(front.id);
    if (!v) { v = createView(front); views.set(front.id, v); }
    list.append(v.root); // keeps the bundle's order
    drawFront(v, front, rows.get(front.id) || new Map(), from, to, narrowFrom, intervalMs);
  }
}

function drawFront(v, front, rows, from, to, narrowFrom, intervalMs) {
  fill(v.verdict, verdictBadge(front.verdict));
  fill(v.meta, front.round === undefined ? 'No verdict reached yet.' : [
    'Latest verdict in round ', String(front.round), ' (', roundTime(front.round, intervalMs), ')',
    front.certificate ? [', certificate ',
      link('/v1/certificates/' + seg(front.certificate), short(front.certificate),
        'The quorum certificate (JSON): ' + front.certificate)] : ', without a certificate',
    '.']);
  const nets = new Set();
  const counts = { up: 0, down: 0, nq: 0, none: 0 };
  const partials = [];
  const cells = [];
  for (let r = from; r <= to; r++) {
    const row = rows.get(r);
    const cls = row ? verdict(row.verdict).cls : 'none';
    counts[cls] = (counts[cls] || 0) + 1;
    if (row) Object.keys(row.networks || {}).forEach((n) => nets.add(n));
    if (partial(row)) partials.push(row);
    cells.push(cell(cls + (partial(row) ? ' partial' : '') + (r < narrowFrom ? ' old' : ''),
      describe(r, row, intervalMs), r));
  }
  fill(v.bar, cells);
  const n = to - from + 1;
  const judged = counts.up + counts.down;
  v.bar.setAttribute('aria-label', `${front.id}, last ${n} rounds: ${counts.up} up, ` +
    `${counts.down} down, ${counts.nq} without quorum, ${counts.none} without data; ` +
    `${plural(partials.length, 'round')} seen down by some network without a down verdict`);
  fill(v.axis, h('span', { class: 'wide' }, 'round ' + from),
    h('span', { class: 'narrow' }, 'round ' + narrowFrom), h('span', {}, 'round ' + to));
  const last = partials[partials.length - 1];
  fill(v.summary,
    h('strong', {}, judged ? percent(counts.up / judged) + ' up' : 'No verdicts'),
    ` over the last ${n} rounds: ${counts.up} up · ${counts.down} down · ${counts.nq} no quorum`,
    counts.none ? ` · ${counts.none} no data` : '', '. ',
    last ? h('span', { class: 'partial-note' }, 'Seen down by some network in ',
      plural(partials.length, 'round'), ' without a down verdict (latest: round ',
      String(last.round), ', from ', netsDown(last).join(', '), ').')
      : 'No network saw it down without a down verdict.');
  const netList = [...nets].sort();
  v.netCount.textContent = '(' + netList.length + ')';
  fill(v.nets, netList.map((net) => netRow(net, rows, from, to, narrowFrom, intervalMs)));
}

function netRow(net, rows, from, to, narrowFrom, intervalMs) {
  const cells = [];
  let down = 0;
  for (let r = from; r <= to; r++) {
    const row = rows.get(r);
    const w = row && row.networks ? row.networks[net] : undefined;
    const cls = netClass(w);
    if (w && w.down > 0) down++;
    const what = !w ? 'no report' : `up ${w.up}, down ${w.down}`;
    cells.push(cell(cls + (r < narrowFrom ? ' old' : ''),
      `Round ${r} (${clock(roundDate(r, intervalMs))}), ${net}: ${what}`, r));
  }
  return h('div', { class: 'net-row', 'data-network': net },
    h('span', { class: 'net-name' }, net),
    h('div', { class: 'bar small', role: 'img',
      'aria-label': `${net}: saw it down in ${plural(down, 'round')} of ${to - from + 1}` }, cells),
    h('span', { class: 'net-sum' + (down ? ' bad' : '') }, down ? `${down} down` : 'no down'));
}
