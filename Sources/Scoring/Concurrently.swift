import Foundation
import Synchronization

/// `a()`, `b()` and `c()` run side by side on the available cores.
func concurrently<A: Sendable, B: Sendable, C: Sendable>(
  _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C
) -> (A, B, C) {
  let ra = UnsafeMutablePointer<A>.allocate(capacity: 1)
  let rb = UnsafeMutablePointer<B>.allocate(capacity: 1)
  let rc = UnsafeMutablePointer<C>.allocate(capacity: 1)
  defer {
    ra.deallocate()
    rb.deallocate()
    rc.deallocate()
  }
  let (sa, sb, sc) = (UnsafeSendable(ra), UnsafeSendable(rb), UnsafeSendable(rc))
  DispatchQueue.concurrentPerform(iterations: 3) { k in
    switch k {
    case 0: sa.pointer.initialize(to: a())
    case 1: sb.pointer.initialize(to: b())
    default: sc.pointer.initialize(to: c())
    }
  }
  return (ra.move(), rb.move(), rc.move())
}

/// `transform(i)` for every `i` in `0..<count`, run on the available cores at once, returned in
/// index order (to rethrow errors, return a `Result` and `get()` each).
package func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
  let results = Mutex([T?](repeating: nil, count: count))
  DispatchQueue.concurrentPerform(iterations: count) { i in
    let result = transform(i)
    results.withLock { $0[i] = result }
  }
  return results.withLock { $0.map { $0! } }
}
