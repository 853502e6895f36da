import Foundation
import GRDB
import Records

extension Store {
  /// What the patrol lists of the nights up to a night named, as the nightly run keeps it for a
  /// lists folder (the bytes of Patrol's `IssuedLists`, which this store does not read): the
  /// newest kept before `night`, with the night it was kept by; nil when none is.
  public func issuedLists(out: String, before night: Day) throws -> (night: Day, bytes: [UInt8])? {
    try queue.read { db in
      let row = try Row.fetchOne(
        db,
        sql: "SELECT night, lists FROM issued_lists WHERE out = ? AND night < ? ORDER BY night DESC LIMIT 1",
        arguments: [out, night.iso])
      guard let row, let day = Day(iso: row[0] as String) else { return nil }
      return (day, [UInt8](row[1] as Data))
    }
  }

  /// Keeps `bytes` as what the lists written to `out` up to `night` named (replacing what an
  /// earlier run of the same night kept), and drops all but the `keeping` newest nights kept for
  /// `out` (two: a rerun of the newest night finds the night before it kept; an older night's
  /// rerun reads the lists from their files).
  public func keepIssuedLists(_ bytes: [UInt8], out: String, night: Day, keeping: Int = 2) throws {
    try queue.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO issued_lists(out, night, lists) VALUES (?, ?, ?)",
        arguments: [out, night.iso, Data(bytes)])
      try db.execute(
        sql: """
          DELETE FROM issued_lists WHERE out = ? AND night NOT IN
            (SELECT night FROM issued_lists WHERE out = ? ORDER BY night DESC LIMIT ?)
          """, arguments: [out, out, keeping])
    }
  }
}
