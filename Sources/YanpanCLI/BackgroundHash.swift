import Dispatch
import Foundation
import Store

/// A file's content hash (`Store.contentHash`) computed on another thread, so hashing a big file
/// overlaps with reading its rows instead of adding a pass before them.
final class BackgroundHash: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written once by the worker before `done` is signalled, read after waiting on it.
  private var outcome: Result<String, Error> = .success("")

  init(_ url: URL) {
    DispatchQueue.global(qos: .utility).async {
      self.outcome = Result { try Store.contentHash(of: url) }
      self.done.signal()
    }
  }

  /// Waits for the hash. - Throws: what `Store.contentHash` threw (the file became unreadable).
  func result() throws -> String {
    done.wait()
    done.signal()
    return try outcome.get()
  }
}
