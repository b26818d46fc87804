// Bulk transfer for the throughput benchmarks, used by peer.mjs (its handler and its "sendBytes"
// command); org.peerprobe.p2p.testing.BulkTransfer is the Java side. The opener writes N bytes and
// half-closes; the receiver counts what arrives, answers the count as a u64 big-endian after the
// opener's FIN, and half-closes too. See README.md.

export const BENCH_PROTOCOL = '/peerprobe/bench/1.0.0'
const DEFAULT_CHUNK = 64 * 1024

/** A BENCH_PROTOCOL handler: counts what arrives until the opener's FIN, answers the count. */
export function benchHandler (emit, errorMessage) {
  return async (stream, connection) => {
    const start = performance.now()
    let bytes = 0
    try {
      for await (const buf of stream) bytes += buf.byteLength
      const answer = new Uint8Array(8)
      new DataView(answer.buffer).setBigUint64(0, BigInt(bytes), false)
      stream.send(answer)
      await stream.close()
      emit({ event: 'bench-received', peerId: connection.remotePeer.toString(), bytes, elapsedMs: performance.now() - start })
    } catch (err) {
      stream.abort(err)
      emit({ event: 'error', where: 'bench', message: errorMessage(err) })
    }
  }
}

/**
 * Opens BENCH_PROTOCOL to target (a PeerId or multiaddr), writes cmd.bytes in writes of cmd.chunk
 * bytes waiting for 'drain' whenever send() says so, and resolves with the "sentBytes" reply once
 * the receiver's count arrived and matched. elapsedMs runs from the opened stream to that answer.
 */
export async function sendBytes (node, target, cmd, signal) {
  const total = cmd.bytes
  const chunkSize = cmd.chunk ?? DEFAULT_CHUNK
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('sendBytes needs "bytes" >= 0')
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new Error('"chunk" must be >= 1')
  const stream = await node.dialProtocol(target, BENCH_PROTOCOL, { signal })
  try {
    const answer = countAnswer(stream)
    const chunk = new Uint8Array(chunkSize).map((_, i) => i * 31)
    const start = performance.now()
    for (let sent = 0; sent < total;) {
      const n = Math.min(chunkSize, total - sent)
      sent += n
      if (!stream.send(n === chunkSize ? chunk : chunk.subarray(0, n))) await drained(stream, signal)
    }
    await stream.close({ signal })
    const counted = await raceAbort(answer, signal)
    const elapsedMs = performance.now() - start
    if (counted !== total) throw new Error(`the receiver counted ${counted} of ${total} bytes`)
    return { event: 'sentBytes', target: cmd.peerId ?? cmd.addr, bytes: total, chunk: chunkSize, elapsedMs }
  } catch (err) {
    stream.abort(err)
    throw err
  }
}

/** Resolves once the stream may be written again ('drain'); rejects when it closes first. */
function drained (stream, signal) {
  if (!stream.writableNeedsDrain) return Promise.resolve()
  // stream.onDrain() is not used: in @libp2p/utils 7.4.1 its promise stays resolved after the first
  // drain, so later calls would not wait at all and the writer would buffer without limit.
  return new Promise((resolve, reject) => {
    const done = (err) => {
      stream.removeEventListener('drain', onDrain)
      stream.removeEventListener('close', onClose)
      signal.removeEventListener('abort', onAbort)
      if (err == null) resolve()
      else reject(err)
    }
    const onDrain = () => done()
    const onClose = (evt) => done(evt.error ?? new Error('stream closed while waiting to write'))
    const onAbort = () => done(signal.reason)
    stream.addEventListener('drain', onDrain)
    stream.addEventListener('close', onClose)
    signal.addEventListener('abort', onAbort)
  })
}

/** Collects the receiver's 8-byte count; rejects when the stream ends without it. */
function countAnswer (stream) {
  return new Promise((resolve, reject) => {
    const got = []
    let length = 0
    stream.addEventListener('message', (evt) => {
      const bytes = evt.data.subarray()
      got.push(bytes)
      length += bytes.byteLength
    })
    stream.addEventListener('close', (evt) => {
      if (evt.error != null) return reject(evt.error)
      if (length !== 8) return reject(new Error(`bench answer has ${length} bytes, not 8`))
      resolve(Number(Buffer.concat(got).readBigUInt64BE(0)))
    })
  })
}

function raceAbort (promise, signal) {
  return Promise.race([promise, new Promise((resolve, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })])
}
