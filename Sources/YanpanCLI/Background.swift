import Dispatch

/// A value computed on another thread while the caller goes on: `value()` waits for it.
final class Background<T: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written once by the worker before `done` is signalled, read only after waiting on it.
  private var result: T?

  /// Starts `work` on a global queue at once.
  init(_ work: @escaping @Sendable () -> T) {
    DispatchQueue.global().async {
      self.result = work()
      self.done.signal()
    }
  }

  /// Waits for the work to end and gives its result (again on later calls).
  func value() -> T {
    done.wait()
    done.signal()
    return result!
  }
}
