import Foundation
import GRDB
import Records

extension Store {
  /// Runs `body` as one immediate transaction: everything it stored is committed when it returns,
  /// and nothing is when it throws or the process dies first (SQLite's atomic commit), so a failed
  /// or killed ingest leaves the store exactly as it was.
  public func write<T>(_ body: (Writer) throws -> T) throws -> T {
    try queue.writeWithoutTransaction { db in
      var result: T?
      try db.inTransaction(.immediate) {
        let writer = Writer(db: db)
        result = try body(writer)
        try writer.finish()
        return .commit
      }
      return result!
    }
  }

  /// Stores records inside one `Store.write` transaction; valid only inside its closure.
  public final class Writer {
    let db: Database
    // Prepared statements by `RecordTable.ordinal` (a row finds its statement without hashing).
    private var inserts = [PreparedStatement?](repeating: nil, count: RecordTable.allCases.count)
    private var replaces = [PreparedStatement?](repeating: nil, count: RecordTable.allCases.count)
    private var lookups = [PreparedStatement?](repeating: nil, count: RecordTable.allCases.count)
    private var archives = [PreparedStatement?](repeating: nil, count: RecordTable.allCases.count)
    private var boxInsert: PreparedStatement?
    private var boxDelete: PreparedStatement?
    /// Tables whose secondary indexes were dropped for a bulk load, rebuilt at `finish()`.
    private var unindexed: Set<RecordTable> = []
    private var file: File?

    init(db: Database) {
      self.db = db
    }

    /// Starts the ledger of one input file: a row in `ingest_files` that the stored records point at.
    ///
    /// When a table the file feeds is still empty and the file is big (`expectedRows` at least
    /// 1 000), its secondary indexes are dropped now and rebuilt by one sort at commit, which is
    /// several times faster than maintaining them row by row.
    public func beginFile(
      path: String, kind: String, contentHash: String?, format: String? = nil, encoding: String? = nil,
      expectedRows: Int = 0
    ) throws {
      precondition(file == nil, "beginFile while another file is open: call endFile first")
      try db.execute(
        sql: """
          INSERT INTO ingest_files(path, content_hash, kind, format, encoding, started_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """, arguments: [path, contentHash, kind, format, encoding, Date().timeIntervalSince1970])
      file = File(id: db.lastInsertedRowID, path: path)
      if expectedRows >= 1_000, let table = RecordTable.table(forKind: kind), !unindexed.contains(table),
        try isEmpty(table)
      {
        for sql in table.dropIndexesSQL { try db.execute(sql: sql) }
        unindexed.insert(table)
      }
    }

    /// The ledger of the open file so far.
    public var ledger: Ledger { file?.ledger ?? Ledger() }

    /// Counts a row the reader rejected (it is written to the rejects file, not the store).
    public func reject() {
      file!.ledger.count(.rejected)
    }

    /// Closes the open file's ledger: its counts, unknown columns and unknown category labels go to
    /// `ingest_files` (with the encoding and content hash when known only now).
    /// - Returns: the file's ledger.
    @discardableResult
    public func endFile(
      unknownColumns: [String] = [], unknownCategories: [String: Int] = [:], encoding: String? = nil,
      contentHash: String? = nil
    ) throws -> Ledger {
      guard let file else { preconditionFailure("endFile without beginFile") }
      let l = file.ledger
      try db.execute(
        sql: """
          UPDATE ingest_files SET read = ?, accepted = ?, updated = ?, duplicate = ?, rejected = ?,
            unknown_columns = ?, unknown_categories = ?, encoding = COALESCE(?, encoding),
            content_hash = COALESCE(?, content_hash), finished_at = ?
          WHERE id = ?
          """,
        arguments: [
          l.read, l.accepted, l.updated, l.duplicate, l.rejected, JSONText.array(unknownColumns),
          JSONText.counts(unknownCategories), encoding, contentHash, Date().timeIntervalSince1970, file.id,
        ])
      self.file = nil
      return l
    }

    @discardableResult
    public func put(
      _ record: Grid, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    /// A boundary's polygon boxes (`grid_boundary_boxes`) are stored with it, and replaced with it.
    @discardableResult
    public func put(
      _ record: GridBoundary, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      let outcome = try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
      if outcome == .updated {
        let delete = try boxStatement(&boxDelete, BoundaryBoxes.deleteSQL)
        delete.reset()
        delete.bind(record.gridID)
        try delete.run()
      }
      if outcome != .duplicate {
        try BoundaryBoxes.insert(record, with: try boxStatement(&boxInsert, BoundaryBoxes.insertSQL))
      }
      return outcome
    }
    @discardableResult
    public func put(
      _ record: GridAdjacency, fingerprint: String, line: Int,
      sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    /// Address entries are keyed by `id` (Ingest's normalized address) when given, else as written.
    @discardableResult
    public func put(
      _ record: AddressEntry, id: String? = nil, fingerprint: String, line: Int,
      sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, id: id, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    @discardableResult
    public func put(
      _ record: Street, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    @discardableResult
    public func put(
      _ record: Shop, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    @discardableResult
    public func put(
      _ record: Incident, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    /// The petition's `petitionerKey` must already be the pseudonym: the store keeps what it is given.
    @discardableResult
    public func put(
      _ record: Petition, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }
    @discardableResult
    public func put(
      _ record: Inspection, fingerprint: String, line: Int, sameAs stored: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      try upsert(record, fingerprint: fingerprint, line: line, sameAs: stored)
    }

    /// Classifies and stores one record in the open file's ledger:
    /// new id → accepted (inserted); same id and fingerprint → duplicate (untouched); same id,
    /// other fingerprint → updated (the stored version is copied to `record_history`, then replaced).
    /// `sameAs` may also call a stored fingerprint the same content (one an older version of the
    /// fingerprint function wrote for this record).
    ///
    /// - Complexity: one primary-key insert for a new id; for a known id one more lookup, and for an
    ///   update an archive copy and an update: O(log n) each.
    func upsert<R: StorableRecord>(
      _ record: R, id: String? = nil, fingerprint: String, line: Int,
      sameAs: (String) -> Bool = { _ in false }
    ) throws -> Outcome {
      guard let file else { preconditionFailure("put without beginFile") }
      let table = R.table
      let id = id ?? record.storeID
      let insert = try statement(&inserts, table) { $0.insertSQL }
      insert.reset()
      insert.bind(id)
      record.bindContent(to: insert)
      insert.bind(fingerprint)
      insert.bind(Int(file.id))
      insert.bind(line)
      var outcome = Outcome.accepted
      if try insert.run() == 0 {
        let lookup = try statement(&lookups, table) { "SELECT fingerprint FROM \($0.rawValue) WHERE id = ?" }
        lookup.reset()
        lookup.bind(id)
        let stored = try lookup.next() ? lookup.text(0) : nil
        lookup.reset()
        if let stored, stored == fingerprint || sameAs(stored) {
          outcome = .duplicate
        } else {
          let archive = try statement(&archives, table) { $0.archiveSQL }
          archive.reset()
          archive.bind(Date().timeIntervalSince1970)
          archive.bind(Int(file.id))
          archive.bind(id)
          try archive.run()
          let replace = try statement(&replaces, table) { $0.replaceSQL }
          replace.reset()
          record.bindContent(to: replace)
          replace.bind(fingerprint)
          replace.bind(Int(file.id))
          replace.bind(line)
          replace.bind(id)
          try replace.run()
          outcome = .updated
        }
      }
      self.file!.ledger.count(outcome)
      return outcome
    }

    private func statement(
      _ cache: inout [PreparedStatement?], _ table: RecordTable, _ sql: (RecordTable) -> String
    ) throws -> PreparedStatement {
      if let statement = cache[table.ordinal] { return statement }
      let statement = try PreparedStatement(db, sql: sql(table))
      cache[table.ordinal] = statement
      return statement
    }

    private func boxStatement(_ cache: inout PreparedStatement?, _ sql: String) throws -> PreparedStatement {
      if let statement = cache { return statement }
      let statement = try PreparedStatement(db, sql: sql)
      cache = statement
      return statement
    }

    private func isEmpty(_ table: RecordTable) throws -> Bool {
      try Int.fetchOne(db, sql: "SELECT 1 FROM \(table.rawValue) LIMIT 1") == nil
    }

    /// Rebuilds now the indexes dropped for the bulk load of every table other than the one
    /// `kind` feeds (whose files are done), instead of at commit: a caller that has started
    /// reading its next file on another core does both at once. The table `kind` feeds keeps
    /// loading without its indexes until `finish()`.
    public func rebuildIndexes(exceptFor kind: String) throws {
      precondition(file == nil, "rebuildIndexes while a file is open")
      let keep = RecordTable.table(forKind: kind)
      for table in unindexed where table != keep {
        try createIndexes(table)
        unindexed.remove(table)
      }
    }

    /// Creates a table's secondary indexes with a 2 MiB page cache: SQLite's sorter then sorts
    /// runs of that size and merges them (when temporary storage is in files, as in a bulk load),
    /// which measured 2.5 times faster than sorting runs as big as the usual 256 MiB cache (the
    /// scale-100 incidents index: 3.0 against 7.8 CPU s). The cache size is restored after.
    private func createIndexes(_ table: RecordTable) throws {
      let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
      try db.execute(sql: "PRAGMA cache_size = -2048")
      defer { _ = try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
      for sql in table.createIndexesSQL { try db.execute(sql: sql) }
    }

    /// The names of a table's secondary indexes as this transaction sees them, sorted.
    package func indexNames(table: String) throws -> [String] {
      try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
        arguments: [table])
    }

    /// Rebuilds indexes dropped for bulk loads (called before commit).
    func finish() throws {
      precondition(file == nil, "a file was begun and not ended")
      for table in unindexed { try createIndexes(table) }
      unindexed = []
    }

    private struct File {
      var id: Int64
      var path: String
      var ledger = Ledger()
    }
  }
}

extension RecordTable {
  /// The table a file kind name (`grids`, `boundaries`, `addresses`, …) feeds.
  static func table(forKind kind: String) -> RecordTable? {
    switch kind {
    case "boundaries", "grid_boundaries": .gridBoundaries
    case "address", "addresses": .addresses
    default: RecordTable(rawValue: kind)
    }
  }
}
