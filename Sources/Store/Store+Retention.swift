import Foundation
import GRDB
import Records

extension Store {
  /// Drops the score snapshots of days more than `days` days before `asOf`, except the last
  /// snapshot day of each calendar month (so that a month can still be compared with the one
  /// before), and returns the days dropped, oldest first. Snapshots on or after `asOf - days`
  /// are kept, as are all when `days` is nil.
  ///
  /// A nightly run adds one snapshot a night (at scale 100 some hundreds of megabytes): without
  /// this a store grows by a year of them a year. The freed pages are reused by later snapshots
  /// (the file does not shrink unless `VACUUM`ed).
  /// - Complexity: one pass over the snapshot days; the deletes in one transaction.
  @discardableResult
  public func pruneSnapshots(asOf: Day, keepingDays days: Int?) throws -> [Day] {
    guard let days else { return [] }
    let horizon = asOf.advanced(by: -days)
    return try queue.write { db in
      let stored = try String.fetchAll(db, sql: "SELECT DISTINCT as_of FROM score_runs").compactMap {
        Day(iso: $0)
      }
      var lastOfMonth: [Int: Day] = [:]
      for day in stored {
        let (year, month, _) = day.components
        let key = year * 12 + month
        lastOfMonth[key] = max(lastOfMonth[key] ?? day, day)
      }
      let dropped = stored.filter { day in
        let (year, month, _) = day.components
        return day < horizon && lastOfMonth[year * 12 + month] != day
      }.sorted()
      for day in dropped {
        try db.execute(sql: "DELETE FROM score_runs WHERE as_of = ?", arguments: [day.iso])
      }
      if !dropped.isEmpty {
        try db.execute(sql: "DELETE FROM score_blocks WHERE run_id NOT IN (SELECT id FROM score_runs)")
      }
      return dropped
    }
  }
}
