import Foundation
import GRDB
import Records

/// The SQLite store: every ingested record (newest version, older versions in history), the
/// ledger of ingested files, score snapshots and the run log.
///
/// One file, opened in WAL mode so readers never block the nightly writer; `synchronous=NORMAL`
/// (durable at each checkpoint, never corrupt, CONTRACT.md §1 "Nothing lost" holds because each
/// ingest is one transaction); schema changes go through `DatabaseMigrator` migrations.
public final class Store: @unchecked Sendable {
  /// Where the store lives (`:memory:` for a store that vanishes when closed).
  public let path: String
  let queue: DatabaseQueue

  /// Opens (creating if needed) the store at `path` and brings its schema up to date.
  /// - Throws: `InputError` when the file exists but is not a Yanpan store (or not SQLite).
  public convenience init(path: String) throws {
    try self.init(path: path, bulkLoad: false)
  }

  /// `bulkLoad`: a new file filled by one writer and then moved into place (`Store.bulkLoad`):
  /// no journal, no syncs, an exclusive lock and a bigger page cache.
  init(path: String, bulkLoad: Bool) throws {
    self.path = path
    var configuration = Configuration()
    configuration.label = "yanpan.store"
    configuration.prepareDatabase { db in
      if bulkLoad {
        // Safe only because the file is not the store yet: a crash leaves a file nobody reads.
        try db.execute(sql: "PRAGMA journal_mode = OFF")
        try db.execute(sql: "PRAGMA synchronous = OFF")
        try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
        // A 16 MiB page cache: rows arrive in key order, so inserts touch only each table's last
        // pages, and the written pages go to the file as the load goes rather than all at commit
        // (measured at scale 10: same CPU as 256 MiB, 90 MB less peak memory). Temporary files,
        // not memory, for the index sorts: see `Store.Writer.createIndexes`.
        try db.execute(sql: "PRAGMA cache_size = -16384")
        return
      }
      if db.configuration.readonly == false, path != ":memory:" {
        try db.execute(sql: "PRAGMA journal_mode = WAL")
      }
      // NORMAL is safe in WAL mode: a power loss may drop the last commits, never corrupt.
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // Keep the WAL from staying huge after a big ingest (64 MiB).
      try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
      // 64 MiB page cache: index pages of a big ingest stay in memory.
      try db.execute(sql: "PRAGMA cache_size = -65536")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    do {
      if path == ":memory:" {
        queue = try DatabaseQueue(configuration: configuration)
      } else {
        queue = try DatabaseQueue(path: path, configuration: configuration)
      }
      try Store.migrator.migrate(queue)
    } catch let error as DatabaseError {
      throw InputError(
        file: path, problem: "cannot open the store: \(error.message ?? error.description)",
        fix: "give --db a Yanpan store (a SQLite file) or a new path")
    }
  }

  /// A store that lives in memory only, for tests and dry runs.
  public static func inMemory() throws -> Store { try Store(path: ":memory:") }

  /// The schema, one migration per change; never edit a migration that has shipped.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: records, history, ingest files, runs, scores") { db in
      for table in RecordTable.allCases {
        try db.execute(sql: table.createSQL)
        for sql in table.createIndexesSQL { try db.execute(sql: sql) }
      }
      try db.execute(
        sql: """
          CREATE TABLE record_history (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            content TEXT NOT NULL,
            file_id INTEGER,
            line INTEGER,
            replaced_at REAL NOT NULL,
            replaced_by_file_id INTEGER
          );
          CREATE INDEX record_history_by_record ON record_history(kind, id);
          CREATE TABLE ingest_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            content_hash TEXT,
            kind TEXT NOT NULL,
            format TEXT,
            encoding TEXT,
            read INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            duplicate INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            unknown_columns TEXT NOT NULL DEFAULT '[]',
            unknown_categories TEXT NOT NULL DEFAULT '{}',
            started_at REAL NOT NULL,
            finished_at REAL
          );
          CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            as_of TEXT,
            started_at REAL NOT NULL,
            finished_at REAL NOT NULL,
            status TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
          );
          CREATE TABLE score_runs (
            id INTEGER PRIMARY KEY,
            as_of TEXT NOT NULL,
            model_version TEXT NOT NULL,
            data_fingerprint TEXT NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE(as_of, model_version, data_fingerprint)
          );
          CREATE TABLE scores (
            run_id INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,
            entity TEXT NOT NULL,
            id TEXT NOT NULL,
            score REAL NOT NULL,
            rank INTEGER NOT NULL,
            level TEXT NOT NULL,
            gi_z REAL,
            trend TEXT,
            contributions TEXT NOT NULL,
            reasons TEXT NOT NULL,
            PRIMARY KEY (run_id, entity, id)
          ) WITHOUT ROWID;
          """)
    }
    for added in RecordTable.addedColumns {
      migrator.registerMigration(added.migration) { db in
        let type = added.table.columns.first { $0.name == added.column }!.type
        try db.execute(sql: "ALTER TABLE \(added.table.rawValue) ADD COLUMN \(added.column) \(type)")
      }
    }
    migrator.registerMigration("scores in blocks") { db in
      // v1 kept a row per grid and shop with JSON text (most of a big store's bytes); snapshots
      // now live in packed blocks (`ScoreBlock`). Old snapshots are dropped: score again.
      try db.execute(
        sql: """
          DROP TABLE scores;
          DELETE FROM score_runs;
          CREATE TABLE score_blocks (
            run_id INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,
            entity TEXT NOT NULL,
            first INTEGER NOT NULL,
            count INTEGER NOT NULL,
            entries BLOB NOT NULL,
            contributions BLOB NOT NULL,
            PRIMARY KEY (run_id, entity, first)
          );
          """)
    }
    migrator.registerMigration("incidents_by_shop: only incidents at shops") { db in
      // Only incidents that name a shop are indexed by shop (stores made before indexed all).
      try db.execute(sql: "DROP INDEX IF EXISTS incidents_by_shop")
      try db.execute(sql: "CREATE INDEX incidents_by_shop ON incidents(shop_id) WHERE shop_id IS NOT NULL")
    }
    migrator.registerMigration("grid_boundary_boxes: each boundary polygon's box") { db in
      // Stores made before get the boxes of the boundaries they hold (each geometry parsed once).
      try BoundaryBoxes.migrate(db)
    }
    migrator.registerMigration("by_file: the rows each ingest file wrote") { db in
      // Stores made before get the indexes new stores are made with (`RecordTable.byFileIndex`).
      for table in RecordTable.allCases where table.byFileIndex != nil {
        for sql in table.createIndexesSQL { try db.execute(sql: sql) }
      }
    }
    migrator.registerMigration("issued_lists: what each night's patrol lists named") { db in
      // Kept by `nightly` so that a night reads one record, not every earlier night's lists.
      try db.execute(
        sql: """
          CREATE TABLE issued_lists (
            out TEXT NOT NULL,
            night TEXT NOT NULL,
            lists BLOB NOT NULL,
            PRIMARY KEY (out, night)
          )
          """)
    }
    return migrator
  }

  /// Record counts per table, for reports and tests.
  public func counts() throws -> [String: Int] {
    try queue.read { db in
      var counts: [String: Int] = [:]
      for table in RecordTable.allCases {
        counts[table.rawValue] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.rawValue)") ?? 0
      }
      counts["record_history"] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_history") ?? 0
      return counts
    }
  }

  /// SQLite's journal mode (`wal` for a store on disk).
  public func journalMode() throws -> String {
    try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }

  /// The names of a table's secondary indexes, sorted (for checks that bulk loads rebuilt them).
  package func indexNames(table: String) throws -> [String] {
    try queue.read { db in
      try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
        arguments: [table])
    }
  }

  /// Folds the WAL back into the main file (done on close anyway; useful before copying the file).
  public func checkpoint() throws {
    try queue.writeWithoutTransaction { db in
      _ = try db.checkpoint(.truncate)
    }
  }
}
