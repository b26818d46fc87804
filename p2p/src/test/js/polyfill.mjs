// js-libp2p 3.x calls Promise.withResolvers (Node >= 22). Node 20 lacks it, so define it here.
// Import this module FIRST (before any libp2p import): ES modules evaluate in import order.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers () {
      let resolve
      let reject
      const promise = new this((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
  })
}
