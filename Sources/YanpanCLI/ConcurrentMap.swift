import Dispatch
import Synchronization

/// `transform(i)` for every `i` in `0..<count`, run on the available cores at once, returned in
/// index order. When some throw, the others still finish and one of the errors is rethrown.
func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
  let results = Mutex([T?](repeating: nil, count: count))
  let failure = Mutex<(any Error)?>(nil)
  DispatchQueue.concurrentPerform(iterations: count) { i in
    do {
      let result = try transform(i)
      results.withLock { $0[i] = result }
    } catch {
      failure.withLock { $0 = $0 ?? error }
    }
  }
  if let error = failure.withLock({ $0 }) { throw error }
  return results.withLock { $0.map { $0! } }
}
