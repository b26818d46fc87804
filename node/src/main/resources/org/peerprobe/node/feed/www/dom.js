// Small DOM and formatting helpers for the status page. Everything the API says reaches the page
// as text nodes or attribute values, never as markup: h() has no way to set innerHTML.

/** An element with attributes (null/false skipped) and children (strings become text nodes). */
export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : String(k));
  }
  return e;
}

/** Replaces the children of `e`. */
export function fill(e, ...kids) {
  e.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false));
  return e;
}

/** A link to one of this node's own paths; `path` is built from fixed parts and encoded ids. */
export function link(path, text, title) {
  return h('a', { href: path, title }, text);
}

/** A path segment from API data (ids are hex or names, but never trust them to be). */
export const seg = encodeURIComponent;

/** A long id shortened for reading; the full id goes in a title. */
export function short(id) {
  const s = String(id ?? '');
  return s.length > 16 ? s.slice(0, 8) + '…' + s.slice(-6) : s;
}

/** A peer id or hash, shortened, with the full value on hover and in the copy buffer. */
export function code(id) {
  return h('code', { title: id, class: 'id' }, short(id));
}

const VERDICTS = {
  UP: { cls: 'up', label: 'Up', mark: '✓' },
  DOWN: { cls: 'down', label: 'Down', mark: '✕' },
  NO_QUORUM: { cls: 'nq', label: 'No quorum', mark: '?' },
};

/** How a verdict looks: a CSS class, a word and a mark (colour is never the only signal). */
export function verdict(v) {
  return VERDICTS[v] || { cls: 'none', label: 'No verdict yet', mark: '·' };
}

/** A verdict as a labelled badge. */
export function verdictBadge(v) {
  const d = verdict(v);
  return h('span', { class: 'verdict ' + d.cls, 'data-verdict': v || 'NONE' },
    h('span', { 'aria-hidden': 'true' }, d.mark), ' ', d.label);
}

/** The wall-clock start of a round. */
export function roundDate(round, intervalMs) {
  return new Date(round * intervalMs);
}

/** A time of day, with the date when it is not today. */
export function clock(date) {
  const t = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return date.toDateString() === new Date().toDateString()
    ? t
    : date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + t;
}

/** A <time> element for a round's start. */
export function roundTime(round, intervalMs) {
  const d = roundDate(round, intervalMs);
  return h('time', { datetime: d.toISOString() }, clock(d));
}

/** FAILOVER -> "failover", AUTO_FAILBACK -> "auto failback". */
export function words(enumName) {
  return String(enumName ?? '').toLowerCase().replaceAll('_', ' ');
}

/** A share in 0..1 as a percentage with one decimal. */
export function percent(share) {
  return (Math.round(share * 1000) / 10).toFixed(1) + ' %';
}

export function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many || one + 's');
}
