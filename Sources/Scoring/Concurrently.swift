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

/// `body` over `0..<count` cut into one run per core (in order, disjoint), run at once; a `count`
/// under `minimumRun` twice is one run on this thread (splitting costs more than it saves).
///
/// This thread and helpers on the global queue each take the next run not yet taken until none
/// is left, and this thread returns once every run is done: a helper that starts late (the other
/// cores busy, as with a night's hotspot files beside its plan) finds no run left and is not
/// waited for. Such a helper never calls `body`, so `body` may use memory that lives only as
/// long as this call. Helpers go through the global queue rather than `concurrentPerform`, which
/// runs its iterations one after another on this thread when called from within another
/// `concurrentPerform` (as feature building is, beside scoring's other work).
func concurrentRuns(_ count: Int, minimumRun: Int, _ body: @escaping @Sendable (Range<Int>) -> Void) {
  let runs = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / Swift.max(minimumRun, 1))
  guard runs > 1 else { return body(0..<count) }
  let split = SplitRuns(runs)
  @Sendable func work() {
    while let k = split.take() {
      body((count * k / runs)..<(count * (k + 1) / runs))
      split.finished()
    }
  }
  for _ in 1..<runs { DispatchQueue.global().async(execute: work) }
  work()
  split.waitUntilAllFinished()
}

/// The runs of one `concurrentRuns` call: how many were taken and how many are finished.
private final class SplitRuns: Sendable {
  private let runs: Int
  private let state = Mutex((taken: 0, finished: 0))
  /// Signalled by whoever finishes the last run.
  private let allFinished = DispatchSemaphore(value: 0)

  init(_ runs: Int) { self.runs = runs }

  /// The next run not yet taken, nil when all are.
  func take() -> Int? {
    state.withLock { state in
      guard state.taken < runs else { return nil }
      state.taken += 1
      return state.taken - 1
    }
  }

  /// Counts a run as finished.
  func finished() {
    if state.withLock({ state in
      state.finished += 1
      return state.finished == runs
    }) {
      allFinished.signal()
    }
  }

  func waitUntilAllFinished() { allFinished.wait() }
}
