import Foundation
import GRDB
import Records

extension Store {
  /// One line of the run log: a command that ran against the store (the nightly job, a score, …).
  public struct RunLog: Sendable, Hashable {
    public var command: String
    public var asOf: Day?
    public var startedAt: Date
    public var finishedAt: Date
    /// `ok`, or `failed` with the reason in `detail`.
    public var status: String
    /// A JSON object with whatever the command wants to keep (counts, files, errors).
    public var detail: String

    public init(
      command: String, asOf: Day? = nil, startedAt: Date, finishedAt: Date, status: String = "ok",
      detail: String = "{}"
    ) {
      self.command = command
      self.asOf = asOf
      self.startedAt = startedAt
      self.finishedAt = finishedAt
      self.status = status
      self.detail = detail
    }
  }

  /// Appends a run to the log.
  public func recordRun(_ run: RunLog) throws {
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO runs(command, as_of, started_at, finished_at, status, detail) VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          run.command, run.asOf?.iso, run.startedAt.timeIntervalSince1970,
          run.finishedAt.timeIntervalSince1970,
          run.status, run.detail,
        ])
    }
  }

  /// The most recent runs, newest first (optionally of one command only).
  public func runs(command: String? = nil, limit: Int = 100) throws -> [RunLog] {
    try queue.read { db in
      var sql = "SELECT command, as_of, started_at, finished_at, status, detail FROM runs"
      var arguments: StatementArguments = []
      if let command {
        sql += " WHERE command = ?"
        arguments = [command]
      }
      sql += " ORDER BY id DESC LIMIT ?"
      _ = arguments.append(contentsOf: [limit])
      return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
        RunLog(
          command: row[0], asOf: (row[1] as String?).flatMap { Day(iso: $0) },
          startedAt: Date(timeIntervalSince1970: row[2]), finishedAt: Date(timeIntervalSince1970: row[3]),
          status: row[4], detail: row[5])
      }
    }
  }

  /// One ingested file as the `ingest_files` table remembers it.
  public struct IngestedFile: Sendable, Hashable {
    public var path: String
    public var contentHash: String?
    public var kind: String
    public var ledger: Ledger
    public var unknownColumns: [String]
    public var unknownCategories: [String: Int]
    public var startedAt: Date
  }

  /// The ingested files, newest first.
  public func ingestedFiles(limit: Int = 1000) throws -> [IngestedFile] {
    try queue.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT path, content_hash, kind, read, accepted, updated, duplicate, rejected, unknown_columns,
            unknown_categories, started_at FROM ingest_files ORDER BY id DESC LIMIT ?
          """, arguments: [limit]
      ).map { row in
        var ledger = Ledger()
        ledger.count(.accepted, times: row[4])
        ledger.count(.updated, times: row[5])
        ledger.count(.duplicate, times: row[6])
        ledger.count(.rejected, times: row[7])
        return IngestedFile(
          path: row[0], contentHash: row[1], kind: row[2], ledger: ledger,
          unknownColumns: JSONText.decode([String].self, row[8]) ?? [],
          unknownCategories: JSONText.decode([String: Int].self, row[9]) ?? [:],
          startedAt: Date(timeIntervalSince1970: row[10]))
      }
    }
  }
}
