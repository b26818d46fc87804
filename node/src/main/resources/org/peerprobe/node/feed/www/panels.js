// The routers (active target and signed decision history, with links to the evidence), the
// observers table, and the page's header and footer lines.
import { h, fill, link, seg, short, code, roundTime, words, percent, plural } from './dom.js';

const routerViews = new Map(); // router name -> its persistent elements

function hostOf(status, frontId) {
  return status.fronts.find((f) => f.id === frontId)?.hostname;
}

function createRouter(name) {
  const v = {};
  v.active = h('div', { class: 'active' });
  v.meta = h('p', { class: 'meta' });
  v.history = h('div', { class: 'history' });
  v.root = h('article', { class: 'card router', 'data-router': name },
    h('div', { class: 'card-head' }, h('h3', {}, name)),
    v.active, v.meta, h('h4', {}, 'Decisions'), v.history);
  return v;
}

/** Draws every router of `status`; `decisions` maps a router to its latest decisions, newest first. */
export function renderRouters(list, status, decisions) {
  const intervalMs = status.roundIntervalMs;
  const names = new Set(status.routers.map((r) => r.name));
  for (const [name, v] of routerViews) {
    if (!names.has(name)) { v.root.remove(); routerViews.delete(name); }
  }
  list.querySelector(':scope > .empty')?.remove();
  if (!status.routers.length) list.append(h('p', { class: 'empty' }, 'This network has no routers.'));
  for (const r of status.routers) {
    let v = routerViews.get(r.name);
    if (!v) { v = createRouter(r.name); routerViews.set(r.name, v); }
    list.append(v.root);
    const [primary, secondary] = r.fronts;
    const onPrimary = r.active === primary;
    const host = r.hostname || hostOf(status, r.active);
    fill(v.active,
      h('span', { class: 'label' }, 'Active target'),
      h('strong', { class: 'active-front' }, r.active),
      host ? h('span', { class: 'host active-host' }, host) : null,
      h('span', { class: 'tag ' + (onPrimary ? 'ok' : 'warn') },
        onPrimary ? 'on its primary' : 'failed over from ' + primary));
    fill(v.meta, 'Primary ', h('strong', {}, primary), ', secondary ', h('strong', {}, secondary),
      r.decision ? ['. Last switch: seq ', String(r.decision.seq), ' in round ',
        String(r.decision.round), ' (', roundTime(r.decision.round, intervalMs), ').'] : '.');
    fill(v.history, history(decisions.get(r.name) || [], intervalMs));
  }
}

function history(list, intervalMs) {
  if (!list.length) return h('p', { class: 'empty' }, 'No switch yet: it has been on its primary.');
  const th = (t) => h('th', { scope: 'col' }, t);
  return h('table', { class: 'decisions' },
    h('caption', { class: 'sr-only' }, 'Signed decisions, newest first'),
    h('thead', {}, h('tr', {}, th('Seq'), th('When'), th('Switch'), th('Reason'), th('Signer'),
      th('DNS'), th('Evidence'))),
    h('tbody', {}, list.map((d) => h('tr', { 'data-seq': d.seq, 'data-decision': d.id },
      h('td', { 'data-label': 'Seq' }, h('strong', {}, String(d.seq))),
      h('td', { 'data-label': 'When' }, roundTime(d.round, intervalMs),
        h('span', { class: 'muted' }, ' round ' + d.round)),
      h('td', { 'data-label': 'Switch', class: 'switch' }, d.from,
        h('span', { 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'sr-only' }, ' to '), h('strong', {}, d.to)),
      h('td', { 'data-label': 'Reason' }, words(d.reason),
        d.command ? h('span', { class: 'muted' }, ' (' + d.command + ')') : null),
      h('td', { 'data-label': 'Signer' }, code(d.signer)),
      h('td', { 'data-label': 'DNS', class: 'dns' }, dns(d.receipts || [])),
      h('td', { 'data-label': 'Evidence', class: 'evidence' },
        link('/v1/decisions/' + seg(d.id) + '/evidence', 'evidence',
          'Everything needed to re-verify decision ' + d.id + ' offline (JSON)'),
        (d.certificates || []).map((c) => [' ', link('/v1/certificates/' + seg(c),
          'cert ' + short(c).slice(0, 8), 'Quorum certificate ' + c + ' (JSON)')]))))));
}

const OUTCOME = { APPLIED: '✓ applied', ALREADY_THERE: '✓ already there', FENCED: '⊘ fenced',
  FAILED: '✗ failed' };

/** What each DNS provider did with a decision, from its signers' signed apply receipts. */
function dns(receipts) {
  if (!receipts.length) return h('span', { class: 'muted' }, 'no receipt yet');
  return receipts.flatMap((r) => r.providers.map((p) => h('div', {
    class: 'provider ' + p.outcome.toLowerCase(), 'data-provider': p.provider,
    title: (p.detail ? p.detail + ' · ' : '') + 'checked ' + new Date(p.checkedAt).toISOString()
      + ' · receipt signed by ' + r.signer,
  }, p.provider + ' ' + OUTCOME[p.outcome] + (p.heldSeq ? ' (seq ' + p.heldSeq + ')' : ''))));
}

/** The observers table from /v1/observers. */
export function renderObservers(box, obs) {
  const th = (t) => h('th', { scope: 'col' }, t);
  const rows = [...obs.observers].sort((a, b) =>
    a.network.localeCompare(b.network) || (a.label || '').localeCompare(b.label || ''));
  const eq = obs.equivocations || [];
  fill(box,
    h('p', { class: 'meta' }, `Rounds ${obs.from}–${obs.to}. Agreement is the share of judged ` +
      'rounds in which an observer reported what the quorum decided.'),
    h('table', { class: 'observers' },
      h('thead', {}, h('tr', {}, th('Observer'), th('Network'), th('Weight'), th('Last round'),
        th('Agreement'))),
      h('tbody', {}, rows.map((o) => h('tr', { 'data-peer': o.peerId },
        h('td', { 'data-label': 'Observer' }, o.label ? [o.label, ' '] : null, code(o.peerId)),
        h('td', { 'data-label': 'Network' }, o.network),
        h('td', { 'data-label': 'Weight', class: 'num' }, String(o.weight)),
        h('td', { 'data-label': 'Last round', class: 'num' },
          o.lastRound === undefined ? '—' : String(o.lastRound)),
        h('td', { 'data-label': 'Agreement', class: 'num' },
          o.agreed === undefined ? '—' : [percent(o.agreed),
            h('span', { class: 'muted' }, ' of ' + plural(o.judged ?? o.rounds, 'round'))]))))),
    eq.length ? h('div', { class: 'error', role: 'note' },
      h('strong', {}, plural(eq.length, 'equivocation') + ': '),
      eq.map((e, i) => [i ? '; ' : '', code(e.observer), ' signed two reports for round ',
        String(e.round)]), '. ', link('/v1/observers', 'The signed reports (JSON)')) : null);
}

/** The header line, the overall summary and the footer's node line. */
export function renderHeader(status, round) {
  fill(document.getElementById('network'),
    'Network ', h('strong', {}, status.networkId), ` · bundle v${status.bundleVersion}`,
    ` · round ${round} (${status.roundIntervalMs / 1000} s rounds)`);
  const by = (v) => status.fronts.filter((f) => f.verdict === v).map((f) => f.id);
  const [down, nq] = [by('DOWN'), by('NO_QUORUM')];
  const none = status.fronts.filter((f) => !f.verdict).map((f) => f.id);
  const overall = document.getElementById('overall');
  overall.hidden = false;
  overall.className = 'overall ' + (down.length ? 'bad' : nq.length || none.length ? 'unknown' : 'ok');
  fill(overall,
    down.length ? `Down: ${down.join(', ')}. ` : null,
    nq.length ? `No quorum: ${nq.join(', ')}. ` : null,
    none.length ? `No verdict yet: ${none.join(', ')}. ` : null,
    !down.length && !nq.length && !none.length ? `All ${plural(status.fronts.length, 'front')} up.` : null);
  fill(document.getElementById('node'), 'Served by node ', code(status.peerId),
    status.listen?.length ? [' listening on ', status.listen.map((a, i) =>
      [i ? ', ' : '', h('code', { class: 'addr' }, a)])] : null, '.',
    status.signerReady === false ? h('span', { class: 'syncing', role: 'status' },
      ' It signs no decision until its decision log is synced with its peers.') : null,
    ' ', link('/v1/decisions/forks', 'Decisions replaced by the fork choice (JSON)'), '.');
}
