#!/usr/bin/env node
// A controllable js-libp2p reference peer for peerprobe's interop tests.
//
// Usage: node peer.mjs [--seed HEX64] [--listen MULTIADDR]... [--topic TOPIC]... [--topics a,b]
//                      [--max-lifetime SECONDS] [--no-connection-monitor]
// Environment (used when the flag is absent): PEER_SEED, PEER_LISTEN (comma-separated),
// PEER_TOPICS (comma-separated), PEER_MAX_LIFETIME_S, PEER_CONNECTION_MONITOR=0,
// PEER_GOSSIPSUB_OPTS (a JSON object merged over the gossipsub options below).
//
// stdout: exactly one JSON object per line, each with an "event" field (see README.md).
// stdin:  one JSON command per line, each with a "cmd" field and an optional "id" that is echoed
//         back in the reply event. Commands run one at a time, in order.
// The process exits 0 after {"event":"stopped"} on stdin EOF, {"cmd":"stop"}, SIGTERM or SIGINT,
// and in any case after --max-lifetime seconds (default 600) so that an orphan never lingers.
// Nothing here contacts anything but the addresses it is told to dial: no bootstrap, mDNS, DHT,
// autonat, UPnP, relay or any other discovery is configured.
// Besides identify, ping and gossipsub it serves /peerprobe/bench/1.0.0 (bulk transfer, for the
// throughput benchmarks; bench.mjs, README.md and the "sendBytes" command).
import './polyfill.mjs'

import { createInterface } from 'node:readline'
import { BENCH_PROTOCOL, benchHandler, sendBytes } from './bench.mjs'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { RPC } from '@libp2p/gossipsub/message'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

const SIGN_PREFIX = new TextEncoder().encode('libp2p-pubsub:')
const DEFAULT_COMMAND_TIMEOUT_MS = 15000

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

function hex (bytes) {
  return Buffer.from(bytes).toString('hex')
}

function fromHex (str, what) {
  if (typeof str !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(str)) {
    throw new Error(`${what} must be an even-length hex string`)
  }
  return Uint8Array.from(Buffer.from(str, 'hex'))
}

function utf8OrNull (bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function errorMessage (err) {
  if (err == null) return 'unknown error'
  const name = err.name != null && err.name !== 'Error' ? `${err.name}: ` : ''
  return `${name}${err.message ?? String(err)}`
}

function parseArgs (argv, env) {
  const opts = {
    seed: env.PEER_SEED ?? null,
    listen: env.PEER_LISTEN != null && env.PEER_LISTEN !== '' ? env.PEER_LISTEN.split(',') : null,
    topics: env.PEER_TOPICS != null && env.PEER_TOPICS !== '' ? env.PEER_TOPICS.split(',') : [],
    maxLifetimeS: Number(env.PEER_MAX_LIFETIME_S ?? 600),
    connectionMonitor: env.PEER_CONNECTION_MONITOR !== '0',
    gossipsubOpts: env.PEER_GOSSIPSUB_OPTS != null ? JSON.parse(env.PEER_GOSSIPSUB_OPTS) : {}
  }
  let listenFromArgs = null
  let topicsFromArgs = null
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    switch (arg) {
      case '--seed': opts.seed = value(); break
      case '--listen': (listenFromArgs ??= []).push(value()); break
      case '--topic': (topicsFromArgs ??= []).push(value()); break
      case '--topics': (topicsFromArgs ??= []).push(...value().split(',').filter(t => t !== '')); break
      case '--max-lifetime': opts.maxLifetimeS = Number(value()); break
      case '--no-connection-monitor': opts.connectionMonitor = false; break
      default: throw new Error(`unknown argument ${arg}`)
    }
  }
  if (listenFromArgs != null) opts.listen = listenFromArgs
  if (topicsFromArgs != null) opts.topics = topicsFromArgs
  opts.listen ??= ['/ip4/127.0.0.1/tcp/0']
  if (!(opts.maxLifetimeS > 0)) throw new Error('--max-lifetime must be a positive number')
  return opts
}

function withTimeout (promise, ms, what) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function concat (...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

/** Re-checks a received StrictSign message's signature exactly as js validates it. */
async function verifySignature (msg) {
  if (msg.type !== 'signed' || msg.signature == null) return false
  const seqno = new Uint8Array(8)
  new DataView(seqno.buffer).setBigUint64(0, msg.sequenceNumber, false)
  const unsigned = RPC.Message.encode({
    from: msg.from.toMultihash().bytes,
    data: msg.data,
    seqno,
    topic: msg.topic
  })
  const key = msg.key ?? msg.from.publicKey
  try {
    return await key.verify(concat(SIGN_PREFIX, unsigned), msg.signature)
  } catch {
    return false
  }
}

function seqnoHex (msg) {
  return msg.sequenceNumber == null ? null : msg.sequenceNumber.toString(16).padStart(16, '0')
}

function targetOf (cmd) {
  if (cmd.addr != null) return multiaddr(cmd.addr)
  if (cmd.peerId != null) return peerIdFromString(cmd.peerId)
  throw new Error(`${cmd.cmd} needs "addr" or "peerId"`)
}

function dataOf (cmd) {
  if (cmd.dataHex != null) return fromHex(cmd.dataHex, 'dataHex')
  if (typeof cmd.data === 'string') return new TextEncoder().encode(cmd.data)
  throw new Error('publish needs "data" (UTF-8 text) or "dataHex"')
}

async function main () {
  const opts = parseArgs(process.argv, process.env)
  const privateKey = opts.seed != null
    ? await generateKeyPairFromSeed('Ed25519', fromHex(opts.seed, 'seed'))
    : await generateKeyPair('Ed25519')

  const node = await createLibp2p({
    privateKey,
    start: false,
    addresses: { listen: opts.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    connectionMonitor: { enabled: opts.connectionMonitor },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictSign',
        allowPublishToZeroTopicPeers: true,
        floodPublish: true,
        emitSelf: false,
        D: 3,
        Dlo: 1,
        Dhi: 6,
        Dout: 0,
        Dscore: 1,
        heartbeatInterval: 1000,
        ...opts.gossipsubOpts
      })
    }
  })
  const pubsub = node.services.pubsub

  node.addEventListener('connection:open', (evt) => {
    const c = evt.detail
    emit({ event: 'connected', peerId: c.remotePeer.toString(), remoteAddr: c.remoteAddr.toString(), direction: c.direction })
  })
  node.addEventListener('connection:close', (evt) => {
    const c = evt.detail
    emit({ event: 'disconnected', peerId: c.remotePeer.toString(), remoteAddr: c.remoteAddr.toString(), direction: c.direction })
  })
  node.addEventListener('peer:identify', (evt) => {
    const r = evt.detail
    emit({
      event: 'identify',
      peerId: r.peerId.toString(),
      protocols: r.protocols,
      agentVersion: r.agentVersion ?? null,
      protocolVersion: r.protocolVersion ?? null,
      observedAddr: r.observedAddr?.toString() ?? null,
      listenAddrs: (r.listenAddrs ?? []).map(a => a.toString()),
      signedPeerRecord: r.signedPeerRecord != null
    })
  })
  pubsub.addEventListener('gossipsub:message', (evt) => {
    const { propagationSource, msgId, msg } = evt.detail
    verifySignature(msg).then((signatureValid) => {
      emit({
        event: 'message',
        topic: msg.topic,
        from: msg.type === 'signed' ? msg.from.toString() : null,
        propagationSource: propagationSource.toString(),
        data: utf8OrNull(msg.data),
        dataHex: hex(msg.data),
        seqno: seqnoHex(msg),
        msgId: hex(Buffer.from(msgId, 'base64')),
        signatureValid
      })
    }, (err) => emit({ event: 'error', where: 'message', message: errorMessage(err) }))
  })
  pubsub.addEventListener('subscription-change', (evt) => {
    const { peerId, subscriptions } = evt.detail
    emit({
      event: 'subscription-change',
      peerId: peerId.toString(),
      subscriptions: subscriptions.map(s => ({ topic: s.topic, subscribe: s.subscribe }))
    })
  })
  for (const kind of ['graft', 'prune']) {
    pubsub.addEventListener(`gossipsub:${kind}`, (evt) => {
      emit({ event: kind, peerId: evt.detail.peerId.toString(), topic: evt.detail.topic, direction: evt.detail.direction })
    })
  }

  await node.start()
  await node.handle(BENCH_PROTOCOL, benchHandler(emit, errorMessage), { maxInboundStreams: 4, maxOutboundStreams: 4 })
  for (const topic of opts.topics) pubsub.subscribe(topic)
  emit({
    event: 'listening',
    peerId: node.peerId.toString(),
    addrs: node.getMultiaddrs().map(a => a.toString()),
    protocols: node.getProtocols(),
    topics: pubsub.getTopics()
  })

  let stopping = null
  const stop = (reason) => {
    stopping ??= (async () => {
      try {
        await withTimeout(node.stop(), 5000, 'libp2p stop')
      } catch (err) {
        emit({ event: 'error', where: 'stop', message: errorMessage(err) })
      }
      emit({ event: 'stopped', reason })
      process.exit(0)
    })()
    return stopping
  }
  const lifetime = setTimeout(() => stop('max-lifetime'), opts.maxLifetimeS * 1000)
  lifetime.unref()
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  async function run (cmd) {
    const ms = cmd.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
    switch (cmd.cmd) {
      case 'dial': {
        const conn = await node.dial(multiaddr(cmd.addr), { signal: AbortSignal.timeout(ms) })
        return { event: 'dialed', peerId: conn.remotePeer.toString(), remoteAddr: conn.remoteAddr.toString() }
      }
      case 'hangup': {
        await withTimeout(node.hangUp(targetOf(cmd)), ms, 'hangup')
        return { event: 'hungup', target: cmd.peerId ?? cmd.addr }
      }
      case 'ping': {
        const target = targetOf(cmd)
        const rttMs = await node.services.ping.ping(target, { signal: AbortSignal.timeout(ms) })
        const peerId = cmd.peerId ?? target.getComponents().find(c => c.name === 'p2p')?.value ?? null
        return { event: 'ping', peerId, rttMs }
      }
      case 'subscribe':
        pubsub.subscribe(cmd.topic)
        return { event: 'subscribed', topic: cmd.topic }
      case 'unsubscribe':
        pubsub.unsubscribe(cmd.topic)
        return { event: 'unsubscribed', topic: cmd.topic }
      case 'publish': {
        const res = await withTimeout(pubsub.publish(cmd.topic, dataOf(cmd)), ms, 'publish')
        return { event: 'published', topic: cmd.topic, recipients: res.recipients.map(p => p.toString()) }
      }
      case 'sendBytes':
        return await sendBytes(node, targetOf(cmd), cmd, AbortSignal.timeout(ms))
      case 'peers': {
        const peers = node.getConnections().map(c => ({
          peerId: c.remotePeer.toString(),
          remoteAddr: c.remoteAddr.toString(),
          direction: c.direction,
          status: c.status
        }))
        const topics = {}
        const mesh = {}
        for (const t of pubsub.getTopics()) {
          topics[t] = pubsub.getSubscribers(t).map(p => p.toString())
          mesh[t] = pubsub.getMeshPeers(t)
        }
        return { event: 'peers', peers, topics, mesh }
      }
      case 'stop':
        await stop('stop command')
        return null
      default:
        throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`)
    }
  }

  // Commands run strictly in order; each reply carries the command's "id" when it had one.
  let queue = Promise.resolve()
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false })
  rl.on('line', (line) => {
    if (line.trim() === '') return
    queue = queue.then(async () => {
      let cmd
      try {
        cmd = JSON.parse(line)
      } catch (err) {
        emit({ event: 'error', where: 'parse', line, message: errorMessage(err) })
        return
      }
      try {
        const reply = await run(cmd)
        if (reply != null) emit(cmd.id !== undefined ? { ...reply, id: cmd.id } : reply)
      } catch (err) {
        const out = { event: 'error', where: 'command', cmd: cmd.cmd ?? null, message: errorMessage(err) }
        emit(cmd.id !== undefined ? { ...out, id: cmd.id } : out)
      }
    })
  })
  rl.on('close', () => {
    queue.then(() => stop('stdin closed'))
  })
}

process.on('unhandledRejection', (err) => {
  emit({ event: 'error', where: 'unhandledRejection', message: errorMessage(err) })
})

main().catch((err) => {
  emit({ event: 'error', where: 'startup', message: errorMessage(err) })
  emit({ event: 'stopped', reason: 'startup failed' })
  process.exit(1)
})
