#!/usr/bin/env node
// An independent, dependency-free check of the peerprobe protocol vectors, written from
// docs/protocol.md (not from the Java code): RFC 8785 canonical JSON, domain framing, Ed25519
// via node:crypto, SHA-256 ids, PeerIds, public key validation in BigInt arithmetic, and the
// counted-weight quorum rule.
//
//   node tools/check-vectors.mjs [consensus/src/test/resources/vectors/vectors.json]
//
// Node 18+. Not part of the Maven build; the Java tests do not need it.
import crypto from 'node:crypto';
import fs from 'node:fs';

const file = process.argv[2] ?? 'consensus/src/test/resources/vectors/vectors.json';
const V = JSON.parse(fs.readFileSync(file, 'utf8'));
let checks = 0;
let failures = 0;
function eq(actual, expected, what) {
  checks++;
  if (actual !== expected) {
    failures++;
    console.log(`FAIL ${what}\n  expected ${expected}\n  actual   ${actual}`);
  }
}

// --- canonical JSON (RFC 8785 for strings, safe integers, booleans, arrays, objects) ---------
function canon(v) {
  if (v === null) throw new Error('null is not allowed');
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  switch (typeof v) {
    case 'object':
      // Array.prototype.sort compares strings by UTF-16 code units, as RFC 8785 §3.2.3 requires.
      return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
    case 'string':
      return JSON.stringify(v); // ECMAScript escaping is exactly the RFC 8785 string form
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(v)) throw new Error('not a safe integer: ' + v);
      return String(v); // String(-0) is "0"
    default:
      throw new Error('unsupported ' + typeof v);
  }
}
const utf8 = (s) => Buffer.from(s, 'utf8');
const hex = (b) => Buffer.from(b).toString('hex');
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

// --- keys ------------------------------------------------------------------------------------
function keyPair(seedHex) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
  const priv = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv);
  return { priv, pub, raw: pub.export({ format: 'der', type: 'spki' }).subarray(12) };
}
function publicKey(rawHex) {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawHex, 'hex')]);
  return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
}
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes) {
  let n = BigInt('0x' + (hex(bytes) || '0'));
  let s = '';
  while (n > 0n) { s = B58[Number(n % 58n)] + s; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; s = '1' + s; }
  return s;
}
function base32(bytes) {
  const A = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0, buf = 0, s = '';
  for (const b of bytes) {
    buf = (buf << 8) | b; bits += 8;
    while (bits >= 5) { s += A[(buf >>> (bits - 5)) & 31]; bits -= 5; }
    buf &= (1 << bits) - 1;
  }
  if (bits > 0) s += A[(buf << (5 - bits)) & 31];
  return s;
}
const keys = {};
for (const k of V.keys) {
  const kp = keyPair(k.seed);
  keys[k.name] = kp;
  eq(hex(kp.raw), k.publicKey, `keys.${k.name}.publicKey`);
  const proto = Buffer.concat([Buffer.from('08011220', 'hex'), kp.raw]);
  const mh = Buffer.concat([Buffer.from([0x00, proto.length]), proto]);
  eq(hex(proto), k.protobufPublicKey, `keys.${k.name}.protobufPublicKey`);
  eq(hex(mh), k.multihash, `keys.${k.name}.multihash`);
  eq(base58(mh), k.peerId, `keys.${k.name}.peerId`);
  eq('b' + base32(Buffer.concat([Buffer.from([0x01, 0x72]), mh])), k.peerIdCid, `keys.${k.name}.peerIdCid`);
}

// --- canonicalization ------------------------------------------------------------------------
for (const c of V.canonicalization) {
  const out = canon(JSON.parse(c.input));
  eq(out, c.canonical, `canonicalization.${c.name}`);
  if (c.canonicalHex) eq(hex(utf8(out)), c.canonicalHex, `canonicalization.${c.name}.hex`);
}

// --- signed messages -------------------------------------------------------------------------
function checkSigned(m, hashField) {
  const canonical = utf8(canon(m.payload));
  eq(hex(canonical), m.canonicalHex, `${m.name}.canonicalHex`);
  const input = Buffer.concat([utf8(m.domain), canonical]);
  eq(hex(input), m.signingInputHex, `${m.name}.signingInputHex`);
  const k = keys[m.signer];
  eq(hex(crypto.sign(null, input, k.priv)), m.signature, `${m.name}.signature`);
  eq(crypto.verify(null, input, k.pub, Buffer.from(m.signature, 'hex')), true, `${m.name}.verify`);
  eq(sha256(input), m[hashField], `${m.name}.${hashField}`);
  const env = JSON.parse(m.encoded);
  eq(canon(env), m.encoded, `${m.name}.encoded is canonical`);
}
V.reports.forEach((r) => checkSigned(r, 'contentId'));
checkSigned(V.roster, 'signingInputSha256');
checkSigned(V.bundle, 'signingInputSha256');
eq(canon(V.bundle.payload.roster), V.roster.canonical, 'bundle.roster is the roster');
let prev = '0'.repeat(64);
for (const d of V.decisions) {
  checkSigned(d, 'id');
  eq(d.payload.prev, prev, `${d.name}.prev`);
  eq(d.payload.seq, V.decisions.indexOf(d) + 1, `${d.name}.seq`);
  prev = d.id;
}
for (const c of V.certificates) {
  const canonical = utf8(canon(c.payload));
  if (c.canonicalHex) eq(hex(canonical), c.canonicalHex, `${c.name}.canonicalHex`);
  eq(sha256(Buffer.concat([utf8(c.domain), canonical])), c.id, `${c.name}.id`);
  // every report inside verifies and supports the verdict
  for (const sr of c.payload.reports) {
    const input = Buffer.concat([utf8(V.domains.report.prefix), utf8(canon(sr.report))]);
    eq(crypto.verify(null, input, publicKey(sr.report.observer), Buffer.from(sr.signature, 'hex')), true,
      `${c.name}.report ${sr.report.observer.slice(0, 8)} verifies`);
    eq(sr.report.observations.find((o) => o.front === c.payload.front).status, c.payload.verdict,
      `${c.name}.report supports the verdict`);
  }
}
// operator commands: signed by the roster's operator; a decision made from one carries it whole
for (const c of V.commands ?? []) {
  checkSigned(c, 'id');
  eq(c.signer, 'operator', `${c.name} is signed by the operator`);
  eq(JSON.parse(c.encoded).signer, V.roster.payload.operator, `${c.name}.signer is the roster's operator`);
  eq(Math.floor(c.payload.issuedAtMs / 1000 / V.bundle.payload.roundIntervalSeconds), c.round,
    `${c.name}.round is the round of issuedAtMs`);
}
let lastCommandAt = -1;
for (const d of V.decisions) {
  const cmd = d.payload.command;
  if (d.payload.reason === 'PINNED') eq(cmd !== undefined, true, `${d.name} (PINNED) carries its command`);
  if (cmd === undefined) continue;
  const input = Buffer.concat([utf8(V.domains.command.prefix), utf8(canon(cmd.command))]);
  eq(cmd.signer, V.roster.payload.operator, `${d.name}.command is signed by the operator`);
  eq(crypto.verify(null, input, publicKey(cmd.signer), Buffer.from(cmd.signature, 'hex')), true,
    `${d.name}.command verifies`);
  eq(cmd.command.router, d.payload.router, `${d.name}.command is for its router`);
  eq(cmd.command.issuedAtMs > lastCommandAt, true, `${d.name}.command is not a replay`);
  eq(Math.floor(cmd.command.issuedAtMs / 1000 / V.bundle.payload.roundIntervalSeconds),
    d.payload.round, `${d.name}.round is the command's round`);
  if (cmd.command.action === 'PIN') eq(cmd.command.front, d.payload.to, `${d.name} switches to the pinned front`);
  lastCommandAt = cmd.command.issuedAtMs;
}

// apply receipts: signed by a roster signer, for a decision of the chain, per-provider rules (§4.8)
for (const r of V.receipts ?? []) {
  checkSigned(r, 'id');
  const p = r.payload;
  const env = JSON.parse(r.encoded);
  eq(V.roster.payload.signers.includes(env.signer), true, `${r.name}.signer is a roster signer`);
  const d = V.decisions.find((x) => x.name === r.decisionName);
  eq(p.decision, d.id, `${r.name}.decision is ${r.decisionName}`);
  eq(`${p.networkId}/${p.router}/${p.seq}`, `${d.payload.networkId}/${d.payload.router}/${d.payload.seq}`,
    `${r.name} names the decision's network, router and seq`);
  const front = V.bundle.payload.fronts.find((f) => f.id === d.payload.to);
  eq(p.target, front.hostname + '.', `${r.name}.target is the hostname of the decision's front`);
  eq(p.providers.length >= 1 && p.providers.length <= 16, true, `${r.name} has 1..16 providers`);
  p.providers.forEach((x, i) => {
    const at = `${r.name}.providers[${i}]`;
    if (i > 0) eq(p.providers[i - 1].provider < x.provider, true, `${at} sorted and distinct`);
    eq(['APPLIED', 'ALREADY_THERE', 'FENCED', 'FAILED'].includes(x.outcome), true, `${at}.outcome`);
    eq(x.heldSeq !== undefined, x.outcome === 'FENCED', `${at}.heldSeq exactly for FENCED`);
    if (x.heldSeq !== undefined) eq(x.heldSeq > p.seq, true, `${at}.heldSeq above seq`);
    eq(x.detail !== undefined, x.outcome === 'FAILED', `${at}.detail exactly for FAILED`);
    if (x.detail !== undefined) eq(/^[\x20-\x7e]{1,200}$/.test(x.detail), true, `${at}.detail printable`);
    eq(x.checkedAtMs <= p.issuedAtMs, true, `${at}.checkedAtMs at most issuedAtMs`);
  });
}

const cited = V.decisions[0].payload.certificates;
eq(cited.join(), ['cf-front-down-r0', 'cf-front-down-r1', 'cdn2-front-up-r1'].map(
  (n) => V.certificates.find((c) => c.name === n).id).join(), 'decision-1 cites the certificates');

// --- quorum arithmetic (CountedWeight, written from the spec) --------------------------------
function counted(weights, p, q) {
  const w = weights.filter((x) => x > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  let rest = w.reduce((a, b) => a + b, 0n);
  const m = w.length;
  for (let k = 0; k <= m && BigInt(k) * p < q; k++) {
    if (k > 0) rest -= w[k - 1];
    const d = q - BigInt(k) * p;
    const capped = k === 0 || w[k - 1] * d >= p * rest;
    const others = k === m || w[k] * d <= p * rest;
    if (capped && others) return k === 0 ? [rest, 1n] : [rest * q, d];
  }
  return [0n, 1n];
}
for (const s of V.support) {
  const pol = s.policy;
  const w = Object.values(s.agreeingWeightByNetwork).map(BigInt);
  const [num, den] = counted(w, BigInt(pol.maxNetworkShare.num), BigInt(pol.maxNetworkShare.den));
  const networks = w.filter((x) => x > 0n).length;
  const total = BigInt(s.totalRosterWeight);
  const reached = networks >= pol.minNetworks && total > 0n &&
    num * BigInt(pol.threshold.den) >= BigInt(pol.threshold.num) * total * den;
  const at = `support ${JSON.stringify(s.agreeingWeightByNetwork)} share ${pol.maxNetworkShare.num}/${pol.maxNetworkShare.den}`;
  eq(`${num}/${den}`, `${s.counted.num}/${s.counted.den}`, at + ' counted');
  eq(networks, s.networks, at + ' networks');
  eq(reached, s.reached, at + ' reached');
}

// --- signatures that must not verify ---------------------------------------------------------
for (const r of V.rejectedSignatures) {
  let ok;
  try {
    ok = crypto.verify(null, Buffer.from(r.messageHex, 'hex'), publicKey(r.publicKey), Buffer.from(r.signature, 'hex'));
  } catch { ok = false; }
  eq(ok, false, `rejectedSignatures.${r.name}`);
}

// --- public key validation: canonical y, on the curve, order exactly L -----------------------
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const mod = (a) => ((a % P) + P) % P;
const pow = (b, e) => { let r = 1n; b = mod(b); while (e > 0n) { if (e & 1n) r = r * b % P; b = b * b % P; e >>= 1n; } return r; };
const D = mod(-121665n * pow(121666n, P - 2n));
function decodePoint(h) {
  if (!/^[0-9a-f]{64}$/.test(h)) return null;
  const n = BigInt('0x' + Buffer.from(h, 'hex').reverse().toString('hex'));
  const y = n & ((1n << 255n) - 1n), sign = n >> 255n;
  if (y >= P) return null;
  const u = mod(y * y - 1n), v = mod(D * y * y + 1n);
  let x = pow(u * pow(v, P - 2n), (P + 3n) / 8n);
  if (mod(x * x * v - u) !== 0n) x = mod(x * pow(2n, (P - 1n) / 4n));
  if (mod(x * x * v - u) !== 0n) return null;
  if (x === 0n && sign === 1n) return null;
  if ((x & 1n) !== sign) x = P - x;
  return [x, y, 1n, mod(x * y)];
}
function add([X1, Y1, Z1, T1], [X2, Y2, Z2, T2]) {
  const A = mod((Y1 - X1) * (Y2 - X2)), B = mod((Y1 + X1) * (Y2 + X2));
  const C = mod(2n * D * T1 * T2), Dd = mod(2n * Z1 * Z2);
  const E = B - A, F = Dd - C, G = Dd + C, H = B + A;
  return [mod(E * F), mod(G * H), mod(F * G), mod(E * H)];
}
function mul(k, Q) {
  let R = [0n, 1n, 1n, 0n];
  for (; k > 0n; k >>= 1n, Q = add(Q, Q)) if (k & 1n) R = add(R, Q);
  return R;
}
const isIdentity = ([X, Y, Z]) => X === 0n && Y === Z;
function validKey(h) {
  const Q = decodePoint(h);
  return Q !== null && !isIdentity(Q) && isIdentity(mul(L, Q));
}
for (const k of V.keys) eq(validKey(k.publicKey), true, `keys.${k.name} is a valid key`);
for (const r of V.rejectedPublicKeys) eq(validKey(r.publicKey), false, `rejectedPublicKeys ${r.reason}`);

console.log(`${checks} checks, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
