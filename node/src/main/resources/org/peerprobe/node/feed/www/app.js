// The status page: loads /v1/status, each front's rounds, each router's decisions and the
// observers, then stays live on /v1/events (verdicts and decisions as they happen). When the
// stream drops it polls until the stream is back, then catches up once.
import { renderFronts } from './fronts.js';
import { renderRouters, renderObservers, renderHeader } from './panels.js';
import { seg } from './dom.js';

/** Rounds on an uptime bar (the rounds endpoint's default page). */
const WINDOW = 100;
/** Rounds shown on a narrow screen (older cells are hidden by CSS). */
const NARROW_WINDOW = 50;
/** Decisions shown per router, newest first. */
const DECISIONS_SHOWN = 20;
/** Polling while the event stream is down: every two rounds, but not more often than this. */
const POLL_MIN_MS = 5000;
/** A full reload even while live, to pick up what no event announces (no-quorum rounds). */
const RESYNC_MS = 30000;
/** The observers table changes slowly. */
const OBSERVERS_EVERY_MS = 30000;
/** Refetching a front's rounds to fill a gap the events left, at most this often. */
const GAP_FILL_MS = 3000;
/** When the browser gave up on the stream (an error answer), try a new one after this. */
const RECONNECT_MS = 5000;

const state = {
  status: null, statusAt: 0,
  rows: new Map(), // front -> Map(round -> row)
  decisions: new Map(), // router -> [decision], newest first
  observersAt: 0,
};
const gapTimers = new Map();
let pollTimer = null;
let drawQueued = false;

async function getJson(path) {
  // no-cache: revalidate with the ETag, so an event is never followed by a stale cached answer
  const r = await fetch(path, { cache: 'no-cache', headers: { Accept: 'application/json' } });
  if (!r.ok) {
    let why = r.statusText;
    try { why = (await r.json()).message || why; } catch { /* not JSON: keep the status text */ }
    throw new Error(`${path}: ${r.status} ${why}`);
  }
  return r.json();
}

function intervalMs() {
  return state.status?.roundIntervalMs || 1000;
}

/** The node's current round, estimated from the status and the time since it was fetched. */
function currentRound() {
  return state.status.round + Math.floor((Date.now() - state.statusAt) / intervalMs());
}

async function loadRounds(front) {
  const page = await getJson(`/v1/fronts/${seg(front)}/rounds`);
  const merged = new Map(page.rounds.map((r) => [r.round, r]));
  for (const [round, row] of state.rows.get(front) || []) {
    if (round > page.to) merged.set(round, row); // arrived by event after the page was cut
  }
  state.rows.set(front, merged);
}

async function loadDecisions(router) {
  const head = router.decision?.seq || 0;
  if (!head) { state.decisions.set(router.name, []); return; }
  const after = Math.max(0, head - DECISIONS_SHOWN);
  const page = await getJson(
    `/v1/decisions?router=${seg(router.name)}&after=${after}&limit=${DECISIONS_SHOWN}`);
  state.decisions.set(router.name, page.decisions.slice().reverse());
}

async function loadObservers(force) {
  if (!force && Date.now() - state.observersAt < OBSERVERS_EVERY_MS) return;
  state.observersAt = Date.now();
  renderObservers(document.getElementById('observer-list'), await getJson('/v1/observers'));
}

/** Everything from scratch: at start, while polling, after the stream reconnects, and now and then. */
async function refreshAll() {
  try {
    state.status = await getJson('/v1/status');
    state.statusAt = Date.now();
    await Promise.all([
      ...state.status.fronts.map((f) => loadRounds(f.id)),
      ...state.status.routers.map(loadDecisions),
      loadObservers(false),
    ]);
    showError(null);
  } catch (e) {
    showError(e);
  }
  draw();
}

function draw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    const s = state.status;
    if (!s) return;
    let last = currentRound() - 1;
    for (const rows of state.rows.values()) for (const r of rows.keys()) last = Math.max(last, r);
    for (const rows of state.rows.values()) {
      for (const r of rows.keys()) if (r < last - 2 * WINDOW) rows.delete(r);
    }
    renderHeader(s, currentRound());
    renderRouters(document.getElementById('router-list'), s, state.decisions);
    renderFronts(document.getElementById('front-list'), s, state.rows, last - WINDOW + 1, last,
      last - NARROW_WINDOW + 1);
    document.body.dataset.ready = '1';
  });
}

function showError(e) {
  const box = document.getElementById('error');
  box.hidden = !e;
  box.textContent = e ? `Could not load the feed (${e.message}). Retrying…` : '';
}

function onVerdict(v) {
  if (!state.status) return;
  const rows = state.rows.get(v.front) || new Map();
  state.rows.set(v.front, rows);
  const known = [...rows.keys()];
  const newest = known.length ? Math.max(...known) : v.round;
  const held = rows.get(v.round);
  rows.set(v.round, v.networks || !held ? v : { ...held, verdict: v.verdict,
    certificate: v.certificate });
  if (v.round > newest + 1) fillGap(v.front); // rounds in between had no verdict event
  const f = state.status.fronts.find((x) => x.id === v.front);
  if (f && (f.round === undefined || v.round >= f.round)) {
    Object.assign(f, { verdict: v.verdict, round: v.round, certificate: v.certificate });
  }
  draw();
}

function fillGap(front) {
  if (gapTimers.has(front)) return;
  gapTimers.set(front, setTimeout(() => {
    loadRounds(front).then(draw, showError).finally(() => gapTimers.delete(front));
  }, GAP_FILL_MS));
}

function onDecision(d) {
  if (!state.status) return;
  const r = state.status.routers.find((x) => x.name === d.router);
  if (!r) { refreshAll(); return; }
  const list = state.decisions.get(d.router) || [];
  const head = list.length ? list[0].seq : 0;
  if (d.seq <= head) return;
  r.active = d.to;
  r.hostname = state.status.fronts.find((f) => f.id === d.to)?.hostname;
  r.decision = d;
  if (d.seq === head + 1) {
    state.decisions.set(d.router, [d, ...list].slice(0, DECISIONS_SHOWN));
  } else {
    loadDecisions(r).then(draw, showError); // missed some: take the log from the node
  }
  draw();
}

/** A signer's apply receipt: shown on its decision, replacing that signer's older one. */
function onReceipt(rc) {
  const d = (state.decisions.get(rc.router) || []).find((x) => x.id === rc.decision);
  if (!d) return;
  d.receipts = [...(d.receipts || []).filter((x) => x.signer !== rc.signer), rc];
  draw();
}

function setLive(mode, text) {
  const el = document.getElementById('live');
  el.dataset.live = mode;
  el.textContent = text;
}

function startPolling() {
  if (pollTimer) return;
  const every = Math.max(POLL_MIN_MS, 2 * intervalMs());
  setLive('polling', `Live updates interrupted: refreshing every ${every / 1000} s`);
  pollTimer = setInterval(refreshAll, every);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

function connect() {
  const es = new EventSource('/v1/events');
  let dropped = false;
  es.addEventListener('open', () => {
    setLive('live', 'Live');
    if (pollTimer || dropped) { stopPolling(); refreshAll(); } // catch up on what was missed
    dropped = false;
  });
  es.addEventListener('error', () => {
    dropped = true;
    startPolling();
    if (es.readyState === EventSource.CLOSED) { // the browser will not retry this one
      es.close();
      setTimeout(connect, RECONNECT_MS);
    }
  });
  es.addEventListener('verdict', (e) => onVerdict(JSON.parse(e.data)));
  es.addEventListener('decision', (e) => onDecision(JSON.parse(e.data)));
  es.addEventListener('receipt', (e) => onReceipt(JSON.parse(e.data)));
}

refreshAll().then(() => {
  if (!state.status) startPolling(); // the node did not answer: keep trying
  connect();
  setInterval(() => { if (!pollTimer) refreshAll(); }, RESYNC_MS);
  setInterval(draw, Math.max(intervalMs(), 1000)); // the bar moves on with the rounds
});
