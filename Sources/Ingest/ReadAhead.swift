import Foundation
import Records

/// Reads a file's rows on another thread while the caller stores the ones already read: the
/// reader (tokenizing, decoding, normalizing, fingerprinting) runs on one core and the store's
/// writes on the other. Rows come in batches through a queue of at most `depth` batches, so memory
/// stays bounded (`depth × batch` rows) whatever the file's size.
///
/// ```swift
/// let ahead = ReadAhead(reader)
/// while let batch = try ahead.next() {
///   for item in batch { store(item.row, fingerprint: item.fingerprint) }
/// }
/// report(ahead.summary)  // the reader's summary, final once `next()` returned nil
/// ```
///
/// Rows arrive in file order, each exactly once. The reader must not be used by anyone else
/// until `next()` has returned nil or thrown. Drain it or call `cancel()`: the reading thread
/// keeps the reader (and this object) until it has finished.
public final class ReadAhead: @unchecked Sendable {
  /// One row and, for an accepted record, its content fingerprint (`NormalizedRecord.fingerprint`,
  /// computed on the reading thread); empty for a rejected row.
  public struct Item {
    public var row: IngestRow
    public var fingerprint: String
  }

  // Everything below is guarded by `condition`, except `reader`, which only the reading thread
  // touches until `done` is set (and the caller only after that).
  private let condition = NSCondition()
  private var queue: [[Item]] = []
  private var done = false
  private var failure: InputError?
  private var cancelled = false
  private var running = true
  private let reader: RecordFileReader
  private let depth: Int

  /// Starts reading `reader` on a new thread, `batch` rows at a time, at most `depth` batches ahead.
  public init(_ reader: RecordFileReader, batch: Int = 512, depth: Int = 8) {
    self.reader = reader
    self.depth = max(1, depth)
    let thread = Thread { [self] in produce(batch: max(1, batch)) }
    thread.stackSize = 1 << 22
    thread.start()
  }

  /// The next batch of rows in file order; nil after the last one.
  /// - Throws: the reader's `InputError` (the file became unreadable), after the rows before it.
  public func next() throws(InputError) -> [Item]? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !done { condition.wait() }
    if !queue.isEmpty {
      let batch = queue.removeFirst()
      condition.broadcast()
      return batch
    }
    if let failure { throw failure }
    return nil
  }

  /// The reader's summary (unknown columns and categories, encoding, counts): complete once
  /// `next()` has returned nil.
  public var summary: FileSummary {
    condition.lock()
    defer { condition.unlock() }
    while running { condition.wait() }
    return reader.summary
  }

  /// Stops reading (the caller gave up, e.g. a store error) and waits until the thread is done.
  public func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    while running { condition.wait() }
    condition.unlock()
  }

  private func produce(batch size: Int) {
    var batch: [Item] = []
    batch.reserveCapacity(size)
    var error: InputError? = nil
    do throws(InputError) {
      while let row = try reader.next() {
        var fingerprint = ""
        if case .success(let record) = row.result { fingerprint = record.fingerprint }
        batch.append(Item(row: row, fingerprint: fingerprint))
        if batch.count == size {
          guard send(batch) else { break }
          batch = []
          batch.reserveCapacity(size)
        }
      }
    } catch let e {
      error = e
    }
    if !batch.isEmpty { _ = send(batch) }
    condition.lock()
    failure = error
    done = true
    running = false
    condition.broadcast()
    condition.unlock()
  }

  /// Queues a batch, waiting while `depth` batches are pending; false when cancelled.
  private func send(_ batch: [Item]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= depth && !cancelled { condition.wait() }
    if cancelled { return false }
    queue.append(batch)
    condition.broadcast()
    return true
  }
}
