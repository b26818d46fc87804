#!/usr/bin/env node
// Prints known-answer vectors computed by the pinned js-libp2p packages, as JSON on stdout.
// The output is deterministic (Ed25519 signatures are deterministic; nothing depends on time,
// randomness or the Node version), so it is committed as p2p/src/test/resources/js-vectors.json
// and Java unit tests use it without Node.
//
//   node vectors.mjs > ../resources/js-vectors.json     # regenerate
//   node vectors.mjs --check ../resources/js-vectors.json  # exit 1 if the committed file differs
//
// Every value is cross-checked here against the installed js code paths that use it on the wire
// (gossipsub's own StrictSign validator and message-id function), and the spec key vectors against
// the bytes printed in the libp2p peer-id spec; any mismatch aborts with exit 1.
import './polyfill.mjs'

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  generateKeyPairFromSeed,
  privateKeyFromProtobuf,
  privateKeyToProtobuf,
  publicKeyToProtobuf
} from '@libp2p/crypto/keys'
import { StrictSign } from '@libp2p/gossipsub'
import { RPC } from '@libp2p/gossipsub/message'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'

const here = dirname(fileURLToPath(import.meta.url))

// gossipsub does not export these; load the installed files directly so the vectors come from the
// very code that runs in peer.mjs.
const gossipsubEntry = import.meta.resolve('@libp2p/gossipsub')
const { msgIdFnStrictSign } = await import(new URL('./utils/msgIdFn.js', gossipsubEntry).href)
const { buildRawMessage, validateToRawMessage, SignPrefix } = await import(new URL('./utils/buildRawMessage.js', gossipsubEntry).href)
const { createGossipRpc } = await import(new URL('./utils/create-gossip-rpc.js', gossipsubEntry).href)
const { messageIdToString } = await import(new URL('./utils/messageIdToString.js', gossipsubEntry).href)
const { getPublishConfigFromPeerId } = await import(new URL('./utils/publishConfig.js', gossipsubEntry).href)

function hex (bytes) {
  return Buffer.from(bytes).toString('hex')
}

function fromHex (str) {
  return Uint8Array.from(Buffer.from(str, 'hex'))
}

function fail (msg) {
  process.stderr.write(`vectors.mjs: ${msg}\n`)
  process.exit(1)
}

function check (cond, msg) {
  if (!cond) fail(msg)
}

function uvarint (n) {
  const out = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return Uint8Array.from(out)
}

function concat (...parts) {
  return Uint8Array.from(Buffer.concat(parts.map((p) => Buffer.from(p))))
}

function installedVersion (pkg) {
  return JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version
}

async function identityVector (name, privateKey, extra = {}) {
  const peerId = peerIdFromPrivateKey(privateKey)
  const parsed = peerIdFromString(peerId.toString())
  check(parsed.equals(peerId), `${name}: PeerId does not round-trip`)
  check(peerIdFromString(peerId.toCID().toString()).equals(peerId), `${name}: CID form does not round-trip`)
  return {
    name,
    ...extra,
    keyType: privateKey.type,
    privateKeyProtobuf: hex(privateKeyToProtobuf(privateKey)),
    publicKeyProtobuf: hex(publicKeyToProtobuf(privateKey.publicKey)),
    peerIdMultihash: hex(peerId.toMultihash().bytes),
    peerId: peerId.toString(),
    peerIdCid: peerId.toCID().toString()
  }
}

async function seedVector (name, seedHex) {
  const key = await generateKeyPairFromSeed('Ed25519', fromHex(seedHex))
  return identityVector(name, key, { seed: seedHex })
}

async function encodeSigned (privateKey, peerId, topic, data, seqno) {
  const unsigned = { from: peerId.toMultihash().bytes, data, seqno, topic }
  const unsignedBytes = RPC.Message.encode(unsigned)
  const signingInput = concat(SignPrefix, unsignedBytes)
  const signature = await privateKey.sign(signingInput)
  const key = publicKeyToProtobuf(privateKey.publicKey)
  const raw = { ...unsigned, signature, key }
  return { unsigned, unsignedBytes, signingInput, signature, key, raw, messageBytes: RPC.Message.encode(raw) }
}

/**
 * Builds a StrictSign message the way gossipsub's buildRawMessage does (fields from, data, seqno,
 * topic encoded in that order, signed over "libp2p-pubsub:" ‖ bytes, then signature and key
 * appended), but with a fixed seqno instead of the wall-clock counter.
 */
async function signedMessageVector (name, seedHex, topic, data, seqnoHex) {
  const privateKey = await generateKeyPairFromSeed('Ed25519', fromHex(seedHex))
  const peerId = peerIdFromPrivateKey(privateKey)
  // Prove this construction is byte-identical to what gossipsub.publish builds (its seqno comes
  // from the clock, so rebuild with that seqno and compare).
  const published = await buildRawMessage(getPublishConfigFromPeerId(StrictSign, peerId, privateKey), topic, data, data)
  const rebuilt = await encodeSigned(privateKey, peerId, topic, data, published.raw.seqno)
  check(hex(rebuilt.messageBytes) === hex(RPC.Message.encode(published.raw)),
    `${name}: construction differs from gossipsub's buildRawMessage`)
  const seqno = fromHex(seqnoHex)
  check(seqno.length === 8, 'seqno must be 8 bytes')
  const { unsigned, unsignedBytes, signingInput, signature, key, raw, messageBytes } =
    await encodeSigned(privateKey, peerId, topic, data, seqno)
  const rawWithoutKey = { ...unsigned, signature }
  const messageWithoutKeyBytes = RPC.Message.encode(rawWithoutKey)

  // What a receiving js peer does with it: decode, validate (StrictSign), compute the id.
  for (const [label, bytes] of [['with key', messageBytes], ['without key', messageWithoutKeyBytes]]) {
    const decoded = RPC.Message.decode(bytes)
    const validated = await validateToRawMessage(StrictSign, decoded)
    check(validated.valid, `${name} (${label}): gossipsub rejects its own vector: ${validated.error}`)
  }
  const validated = await validateToRawMessage(StrictSign, RPC.Message.decode(messageBytes))
  const msgId = await msgIdFnStrictSign(validated.message)
  // The documented layout: PublicKey protobuf ‖ 8-byte big-endian seqno.
  check(hex(msgId) === hex(key) + seqnoHex, `${name}: msgId is not PublicKey-protobuf ‖ seqno`)
  check(hex(msgId) === hex(peerId.toMultihash().bytes).slice(4) + seqnoHex,
    `${name}: msgId is not PeerId-multihash-without-0024 ‖ seqno`)

  const publishRpc = RPC.encode(createGossipRpc([raw]))
  check(hex(RPC.decode(publishRpc).messages[0].signature) === hex(signature), 'RPC round-trip')
  return {
    name,
    seed: seedHex,
    from: peerId.toString(),
    fromBytes: hex(peerId.toMultihash().bytes),
    topic,
    dataHex: hex(data),
    seqno: seqnoHex,
    unsignedMessage: hex(unsignedBytes),
    signingInput: hex(signingInput),
    signature: hex(signature),
    key: hex(key),
    message: hex(messageBytes),
    messageWithoutKey: hex(messageWithoutKeyBytes),
    msgId: hex(msgId),
    msgIdString: messageIdToString(msgId),
    publishRpc: hex(publishRpc),
    publishRpcFrame: hex(concat(uvarint(publishRpc.length), publishRpc))
  }
}

function subscriptionRpcVector (name, topics, subscribe) {
  // gossipsub.sendSubscriptions: { subscriptions: topics.map(topic => ({ topic, subscribe })), messages: [] }
  const rpc = RPC.encode({ subscriptions: topics.map((topic) => ({ topic, subscribe })), messages: [] })
  return { name, topics, subscribe, rpc: hex(rpc), rpcFrame: hex(concat(uvarint(rpc.length), rpc)) }
}

const SPEC_ED25519_PRIVATE = '080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e'
const SPEC_ED25519_PUBLIC = '080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e'
const SPEC_SECP256K1_PRIVATE = '0802122053dadf1d5a164d6b4acdb15e24aa4c5b1d3461bdbd42abedb0a4404d56ced8fb'
const SPEC_SECP256K1_PUBLIC = '08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99'
const SEED_00_1F = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'

const identities = [
  await seedVector('seed 00..1f', SEED_00_1F),
  await seedVector('libp2p spec Ed25519 key seed', SPEC_ED25519_PRIVATE.slice(8, 72)),
  await seedVector('seed 01 x 32 (selftest peer B)', '01'.repeat(32)),
  await seedVector('seed 00 x 32', '00'.repeat(32)),
  await identityVector('libp2p spec secp256k1 key', privateKeyFromProtobuf(fromHex(SPEC_SECP256K1_PRIVATE)))
]
check(identities[0].peerId === '12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB', 'seed 00..1f PeerId changed')
check(identities[1].privateKeyProtobuf === SPEC_ED25519_PRIVATE, 'spec Ed25519 private key protobuf mismatch')
check(identities[1].publicKeyProtobuf === SPEC_ED25519_PUBLIC, 'spec Ed25519 public key protobuf mismatch')
check(identities[4].publicKeyProtobuf === SPEC_SECP256K1_PUBLIC, 'spec secp256k1 public key protobuf mismatch')

const vectors = {
  description: 'Known-answer vectors computed by the pinned js-libp2p packages (p2p/src/test/js/vectors.mjs). All byte strings are lowercase hex. Regenerate: cd p2p/src/test/js && node vectors.mjs > ../resources/js-vectors.json',
  packages: Object.fromEntries(['libp2p', '@libp2p/gossipsub', '@libp2p/crypto', '@libp2p/peer-id']
    .map((p) => [p, installedVersion(p)])),
  identities,
  gossipsub: {
    signPrefix: hex(SignPrefix),
    msgIdFunction: 'js StrictSign default (msgIdFnStrictSign): PublicKey protobuf of the author (= PeerId multihash bytes without the 0x0024 identity prefix for Ed25519) || 8-byte big-endian seqno; msgIdString = base64 of it (js-internal map key)',
    messages: [
      await signedMessageVector('utf8 data', SEED_00_1F, 'peerprobe/interop', new TextEncoder().encode('hello from js-libp2p'), '0102030405060708'),
      await signedMessageVector('empty data (js encodes present-but-empty bytes as 1200)', SEED_00_1F, 'peerprobe/interop', new Uint8Array(0), '0000000000000001'),
      await signedMessageVector('binary data, realistic seqno, other author', '01'.repeat(32), 'peerprobe/observations/v1', Uint8Array.from([0, 1, 2, 0xfe, 0xff]), '18e9fa08ac860541')
    ],
    subscriptionRpcs: [
      subscriptionRpcVector('subscribe one topic', ['peerprobe/interop'], true),
      subscriptionRpcVector('unsubscribe one topic', ['peerprobe/interop'], false)
    ]
  }
}

const text = JSON.stringify(vectors, null, 2) + '\n'
const checkIdx = process.argv.indexOf('--check')
if (checkIdx !== -1) {
  const file = process.argv[checkIdx + 1] ?? fail('--check needs a file')
  const committed = readFileSync(file, 'utf8')
  if (committed !== text) fail(`${file} differs from what vectors.mjs computes now; regenerate it`)
  process.stdout.write(`${file} matches\n`)
} else {
  process.stdout.write(text)
}
