import Foundation
import GRDB

extension Store {
  /// Runs `first` on the store's connection and `second` on a second, read-only connection at the
  /// same time (two cores), and returns both results.
  ///
  /// Each read sees the store as committed when it starts; when an ingest committed between the
  /// two starts (the ingest mark differs), they may disagree, so both run again, one after the
  /// other, inside one read transaction. A store in memory has one connection: the two run that
  /// way from the start.
  func readSideBySide<A, B>(
    _ first: @escaping @Sendable (Database) throws -> A, _ second: @escaping @Sendable (Database) throws -> B
  ) throws -> (A, B) {
    if path != ":memory:" {
      let other = try readerConnection()
      let queue = self.queue
      let a = UnsafeMutablePointer<Result<(A, Int64), Error>>.allocate(capacity: 1)
      let b = UnsafeMutablePointer<Result<(B, Int64), Error>>.allocate(capacity: 1)
      defer {
        a.deinitialize(count: 1).deallocate()
        b.deinitialize(count: 1).deallocate()
      }
      let (outA, outB) = (SendablePointer(a), SendablePointer(b))
      DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 {
          outA.pointer.initialize(
            to: Result { try queue.read { db in (try first(db), try db.ingestMark()) } })
        } else {
          outB.pointer.initialize(
            to: Result { try other.read { db in (try second(db), try db.ingestMark()) } })
        }
      }
      let (resultA, markA) = try a.pointee.get()
      let (resultB, markB) = try b.pointee.get()
      if markA == markB { return (resultA, resultB) }
    }
    return try queue.read { db in (try first(db), try second(db)) }
  }
}
