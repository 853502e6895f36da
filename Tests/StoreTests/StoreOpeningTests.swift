import Foundation
import GRDB
import Records
import TestSupport
import Testing

@testable import Store

@Suite("Opening a store")
struct StoreOpeningTests {
  /// Runs `body` with the path of a store file (not made yet) in a new temporary folder, which is
  /// removed afterwards.
  private func withStorePath(_ body: (String) throws -> Void) throws {
    let dir = try Fixtures.temporaryDirectory("store")
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir.appendingPathComponent("y.sqlite").path)
  }

  @Test("a new store file is created in WAL mode with every record table empty")
  func newStore() throws {
    try withStorePath { path in
      let store = try Store(path: path)
      #expect(try store.journalMode() == "wal")
      let counts = try store.counts()
      #expect(counts["incidents"] == 0)
      #expect(counts["petitions"] == 0)
      #expect(counts.count == 10)
    }
  }

  @Test("each record table's ordinal is its place in allCases")
  func ordinals() {
    #expect(RecordTable.allCases.map(\.ordinal) == Array(RecordTable.allCases.indices))
  }

  @Test("a file that is not SQLite is refused as bad input")
  func notAStore() throws {
    let dir = try Fixtures.temporaryDirectory("store")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("notes.sqlite")
    try Data(repeating: 0x41, count: 4096).write(to: url)
    #expect(throws: InputError.self) { try Store(path: url.path) }
  }

  @Test("a store made before petitions had `accepted_at` gains the column when opened, rows kept")
  func olderStoreMigrates() throws {
    try withStorePath { path in
      try storeMadeBefore(at: path, upTo: "v1: records, history, ingest files, runs, scores") { db in
        try db.execute(
          sql: """
            INSERT INTO petitions(id, received_at, category, petitioner_count, grid_id, satisfied, fingerprint)
            VALUES ('P1', 0, 'other', 1, 'G1', 'unknown', 'f')
            """)
        #expect(try db.columns(in: "petitions").contains { $0.name == "accepted_at" } == false)
      }
      let store = try Store(path: path)
      #expect(try store.counts()["petitions"] == 1)
      let columns = try store.queue.read { try $0.columns(in: "petitions") }.map(\.name)
      #expect(columns.contains("accepted_at"))
    }
  }

  @Test("incidents are indexed by shop only when they name one, in new stores and in stores made before")
  func partialShopIndex() throws {
    try withStorePath { path in
      func definition(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'incidents_by_shop'")
      }
      // Made before: the index covers every incident.
      try storeMadeBefore(at: path, upTo: "scores in blocks") { db in
        try db.execute(sql: "DROP INDEX incidents_by_shop")
        try db.execute(sql: "CREATE INDEX incidents_by_shop ON incidents(shop_id)")
      }
      let store = try Store(path: path)
      let converted = try #require(try store.queue.read(definition))
      #expect(converted.hasSuffix("WHERE shop_id IS NOT NULL"))
      let fresh = try Store.inMemory()
      #expect(try fresh.queue.read(definition) == converted)
      // A shop's incidents are found through it.
      let plan = try store.queue.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE shop_id = 'S1'")
          .map { $0["detail"] as String }.joined(separator: "; ")
      }
      #expect(plan.contains("incidents_by_shop"), "\(plan)")
    }
  }

  @Test("the tables scoring keeps are indexed by the file that wrote each row, in stores made before too")
  func byFileIndexes() throws {
    try withStorePath { path in
      // Made before them (v1 creates today's indexes, so the later migration's are dropped).
      try storeMadeBefore(at: path, upTo: "grid_boundary_boxes: each boundary polygon's box") { db in
        for table in ["shops", "incidents", "petitions", "inspections"] {
          try db.execute(sql: "DROP INDEX IF EXISTS \(table)_by_file")
        }
      }
      let store = try Store(path: path)
      for table in ["shops", "incidents", "petitions", "inspections"] {
        #expect(try store.indexNames(table: table).contains("\(table)_by_file"), "\(table)")
      }
      #expect(try store.indexNames(table: "grids").isEmpty)
      // A read of the rows written after some file goes through the index, not a scan of the table.
      let plan = try store.queue.read { db in
        try Row.fetchAll(
          db,
          sql: "EXPLAIN QUERY PLAN SELECT id FROM \(RecordTable.incidents.source(changedOnly: true)) "
            + "WHERE file_id > 1 ORDER BY id"
        ).map { $0["detail"] as String }.joined(separator: "; ")
      }
      #expect(plan.contains("INDEX incidents_by_file"), "\(plan)")
      #expect(RecordTable.grids.source(changedOnly: true) == "grids")
      #expect(RecordTable.incidents.source(changedOnly: false) == "incidents")
    }
  }

  /// A store at `path` migrated only up to `migration`, then changed by `change` (as a store made
  /// by an earlier version would be).
  private func storeMadeBefore(
    at path: String, upTo migration: String, _ change: (Database) throws -> Void
  ) throws {
    let old = try DatabaseQueue(path: path)
    try Store.migrator.migrate(old, upTo: migration)
    try old.write(change)
  }
}
