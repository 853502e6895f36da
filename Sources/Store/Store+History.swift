import Foundation
import GRDB

extension Store {
  /// An older version of a record, kept when a newer one replaced it.
  public struct HistoryEntry: Sendable, Hashable {
    /// The table the record lives in (`incidents`, `shops`, …).
    public var kind: String
    public var id: String
    public var fingerprint: String
    /// The old content columns as a JSON object (times as seconds since 1970, UTC).
    public var content: String
    /// The file and line the old version came from, when known.
    public var sourcePath: String?
    public var sourceLine: Int?
    public var replacedAt: Date
  }

  /// The older versions of one record, oldest first. `kind` is the table name (`incidents`, …)
  /// or an ingest kind name (`boundaries`, `addresses`).
  public func history(kind: String, id: String) throws -> [HistoryEntry] {
    let table = RecordTable.table(forKind: kind)?.rawValue ?? kind
    return try queue.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT h.kind, h.id, h.fingerprint, h.content, f.path, h.line, h.replaced_at
          FROM record_history h LEFT JOIN ingest_files f ON f.id = h.file_id
          WHERE h.kind = ? AND h.id = ? ORDER BY h.seq
          """, arguments: [table, id]
      ).map { row in
        HistoryEntry(
          kind: row[0], id: row[1], fingerprint: row[2], content: row[3], sourcePath: row[4],
          sourceLine: row[5],
          replacedAt: Date(timeIntervalSince1970: row[6]))
      }
    }
  }
}
