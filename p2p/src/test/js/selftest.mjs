#!/usr/bin/env node
// Proves the fixture on its own: two peer.mjs processes on loopback connect, identify, ping each
// other, exchange a gossip message and a bulk transfer in both directions. Every step has a deadline; the whole run
// is capped at 60 s. Exit 0 on success, 1 on any failure. Prints a transcript on stdout.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const t0 = Date.now()
const here = dirname(fileURLToPath(import.meta.url))
const TOPIC = 'peerprobe/selftest'
const SEED_A = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const SEED_B = '0101010101010101010101010101010101010101010101010101010101010101'
const STEP_MS = 15000

const overall = setTimeout(() => fail('selftest exceeded 60 s'), 60000)
const peers = []

function log (msg) {
  process.stdout.write(`[selftest +${String(Date.now() - t0).padStart(5)} ms] ${msg}\n`)
}

function fail (msg) {
  log(`FAIL: ${msg}`)
  for (const p of peers) p.proc.kill('SIGKILL')
  process.exit(1)
}

class Peer {
  constructor (name, args) {
    this.name = name
    this.events = []
    this.waiters = []
    this.proc = spawn(process.execPath, [join(here, 'peer.mjs'), ...args], {
      cwd: here,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    this.exit = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)))
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let ev
      try {
        ev = JSON.parse(line)
      } catch {
        fail(`${name} printed a non-JSON line: ${line}`)
      }
      log(`${name} < ${line}`)
      this.events.push(ev)
      this.waiters = this.waiters.filter((w) => !w(ev))
    })
    createInterface({ input: this.proc.stderr }).on('line', (line) => log(`${name} stderr: ${line}`))
  }

  send (cmd) {
    log(`${this.name} > ${JSON.stringify(cmd)}`)
    this.proc.stdin.write(JSON.stringify(cmd) + '\n')
  }

  /** Resolves with the first event (already seen or future) matching pred, or fails at the deadline. */
  await (what, pred, ms = STEP_MS) {
    const seen = this.events.find(pred)
    if (seen != null) return Promise.resolve(seen)
    return new Promise((resolve) => {
      const timer = setTimeout(() => fail(`${this.name}: no ${what} within ${ms} ms`), ms)
      this.waiters.push((ev) => {
        if (!pred(ev)) return false
        clearTimeout(timer)
        resolve(ev)
        return true
      })
    })
  }
}

function check (cond, msg) {
  if (!cond) fail(msg)
}

const a = new Peer('A', ['--seed', SEED_A, '--topic', TOPIC, '--max-lifetime', '90'])
const b = new Peer('B', ['--seed', SEED_B, '--topic', TOPIC, '--max-lifetime', '90'])
peers.push(a, b)

const la = await a.await('listening', (e) => e.event === 'listening')
const lb = await b.await('listening', (e) => e.event === 'listening')
check(la.peerId === '12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB', `unexpected peer id for seed 00..1f: ${la.peerId}`)
check(lb.addrs.every((x) => x.startsWith('/ip4/127.0.0.1/tcp/')), 'B listens off loopback')

a.send({ cmd: 'dial', addr: lb.addrs[0], id: 'dial' })
await a.await('dialed reply', (e) => e.event === 'dialed' && e.id === 'dial' && e.peerId === lb.peerId)
await b.await('connected', (e) => e.event === 'connected' && e.peerId === la.peerId)
const idA = await a.await('identify of B', (e) => e.event === 'identify' && e.peerId === lb.peerId)
await b.await('identify of A', (e) => e.event === 'identify' && e.peerId === la.peerId)
check(idA.protocols.includes('/meshsub/1.1.0'), 'B does not list /meshsub/1.1.0')

a.send({ cmd: 'ping', peerId: lb.peerId, id: 'ping-ab' })
const pab = await a.await('ping reply', (e) => (e.event === 'ping' || e.event === 'error') && e.id === 'ping-ab')
check(pab.event === 'ping' && pab.rttMs >= 0, `A -> B ping failed: ${JSON.stringify(pab)}`)
b.send({ cmd: 'ping', addr: la.addrs[0], id: 'ping-ba' })
const pba = await b.await('ping reply', (e) => (e.event === 'ping' || e.event === 'error') && e.id === 'ping-ba')
check(pba.event === 'ping' && pba.peerId === la.peerId, `B -> A ping failed: ${JSON.stringify(pba)}`)

// Each side must know the other is subscribed before publishing (or floodPublish reaches nobody).
await a.await('B subscription', (e) => e.event === 'subscription-change' && e.peerId === lb.peerId &&
  e.subscriptions.some((s) => s.topic === TOPIC && s.subscribe))
await b.await('A subscription', (e) => e.event === 'subscription-change' && e.peerId === la.peerId &&
  e.subscriptions.some((s) => s.topic === TOPIC && s.subscribe))

a.send({ cmd: 'publish', topic: TOPIC, data: 'hello from A', id: 'pub-a' })
const pubA = await a.await('published reply', (e) => (e.event === 'published' || e.event === 'error') && e.id === 'pub-a')
check(pubA.event === 'published' && pubA.recipients.includes(lb.peerId), `A's publish reached nobody: ${JSON.stringify(pubA)}`)
const mb = await b.await('message from A', (e) => e.event === 'message' && e.data === 'hello from A')
check(mb.from === la.peerId && mb.signatureValid === true && mb.topic === TOPIC, 'bad message at B')

b.send({ cmd: 'publish', topic: TOPIC, dataHex: '00ff10', id: 'pub-b' })
await b.await('published reply', (e) => e.event === 'published' && e.id === 'pub-b')
const ma = await a.await('message from B', (e) => e.event === 'message' && e.dataHex === '00ff10')
check(ma.from === lb.peerId && ma.signatureValid === true, 'bad message at A')
// js default StrictSign msgId = PublicKey protobuf (PeerId bytes without the 0x0024 multihash prefix) || seqno
check(ma.msgId.endsWith(ma.seqno) && ma.msgId.startsWith('08011220'), `unexpected msgId layout ${ma.msgId}`)

// Bulk transfer (/peerprobe/bench/1.0.0) both ways; the sizes are not multiples of the chunk.
a.send({ cmd: 'sendBytes', peerId: lb.peerId, bytes: 1048576 + 3, id: 'bulk-ab' })
const bab = await a.await('sentBytes reply', (e) => (e.event === 'sentBytes' || e.event === 'error') && e.id === 'bulk-ab')
check(bab.event === 'sentBytes' && bab.bytes === 1048579 && bab.elapsedMs > 0, `A -> B bulk transfer failed: ${JSON.stringify(bab)}`)
const rb = await b.await('bench-received', (e) => e.event === 'bench-received' && e.peerId === la.peerId)
check(rb.bytes === 1048579, `B counted ${rb.bytes} bytes`)
b.send({ cmd: 'sendBytes', peerId: la.peerId, bytes: 100000, chunk: 1000, id: 'bulk-ba' })
const bba = await b.await('sentBytes reply', (e) => (e.event === 'sentBytes' || e.event === 'error') && e.id === 'bulk-ba')
check(bba.event === 'sentBytes' && bba.bytes === 100000, `B -> A bulk transfer failed: ${JSON.stringify(bba)}`)
check(la.protocols.includes('/peerprobe/bench/1.0.0'), 'A does not serve /peerprobe/bench/1.0.0')

a.send({ cmd: 'stop' })
b.proc.stdin.end() // B stops on stdin EOF
let exitTimer
const codes = await Promise.race([
  Promise.all([a.exit, b.exit]),
  new Promise((resolve) => { exitTimer = setTimeout(() => resolve(null), STEP_MS) })
])
clearTimeout(exitTimer)
check(codes != null, 'peers did not exit after stop / EOF')
check(codes[0] === 0 && codes[1] === 0, `peers exited with ${codes}`)
check(a.events.at(-1).event === 'stopped' && b.events.at(-1).event === 'stopped', 'missing "stopped" line')
clearTimeout(overall)
log('PASS: connect, identify, ping both ways, gossip both ways, bulk transfer both ways, clean exit')
process.exit(0)
