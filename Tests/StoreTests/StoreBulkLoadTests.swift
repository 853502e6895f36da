import Foundation
import Records
import Store
import TestSupport
import Testing

/// A cold load fills a separate file without journal or syncs and moves it into place; the
/// ledger may recognise fingerprints written by an older fingerprint function.
@Suite("Writing: bulk loads into a new store, older fingerprints")
struct StoreBulkLoadTests {
  @Test("a bulk-loaded file moved into place is an ordinary store: WAL mode, indexes, every row")
  func bulkLoad() throws {
    let dir = try Fixtures.temporaryDirectory("bulk")
    defer { try? FileManager.default.removeItem(at: dir) }
    let loading = dir.appendingPathComponent("y.sqlite.loading").path
    let target = dir.appendingPathComponent("y.sqlite").path
    // A stale WAL beside the missing store must not be replayed into the new one.
    try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: target + "-wal"))
    let incidents = (1...1_500).map { StoreTestData.incident("E\($0)", day: $0 % 28 + 1) }
    let fresh = try Store.bulkLoad(path: loading)
    // 1 500 rows into an empty table: the indexes are dropped and rebuilt at commit.
    let ledger = try fresh.write { writer in
      try writer.beginFile(path: "e.csv", kind: "incidents", contentHash: nil, expectedRows: incidents.count)
      for (n, e) in incidents.enumerated() {
        try writer.put(e, fingerprint: StoreTestData.fingerprint(e), line: n + 2)
      }
      return try writer.endFile()
    }
    #expect(ledger.accepted == 1_500)
    try fresh.close()
    #expect(!FileManager.default.fileExists(atPath: target), "nothing at the store's path before publishing")
    try Store.publish(loading, as: target)

    #expect(!FileManager.default.fileExists(atPath: loading))
    let store = try Store(path: target)
    #expect(try store.journalMode() == "wal")
    #expect(try store.counts()["incidents"] == 1_500)
    #expect(
      try store.indexNames(table: "incidents") == [
        "incidents_by_file", "incidents_by_grid_time", "incidents_by_shop",
      ])
    #expect(try store.loadDistrict(asOf: nil).incidents.count == 1_500)
    // And it takes a normal (journaled) ingest afterwards: the same rows are duplicates.
    #expect(try StoreTestData.ingest(incidents, into: store).duplicate == 1_500)
  }

  @Test("a stored fingerprint the caller recognises (`sameAs`) is a duplicate; any other is an update")
  func olderFingerprints() throws {
    let store = try Store.inMemory()
    let a = StoreTestData.incident("E1", day: 3)
    let outcomes = try store.write { writer -> [Store.Outcome] in
      try writer.beginFile(path: "e.csv", kind: "incidents", contentHash: nil)
      let first = try writer.put(a, fingerprint: "sha-of-a", line: 2)
      let recognised = try writer.put(a, fingerprint: "fnv-of-a", line: 3) { $0 == "sha-of-a" }
      let unrecognised = try writer.put(a, fingerprint: "fnv-of-a", line: 4) { $0 == "something else" }
      _ = try writer.endFile()
      return [first, recognised, unrecognised]
    }
    #expect(outcomes == [.accepted, .duplicate, .updated])
    #expect(try store.history(kind: "incidents", id: "E1").map(\.fingerprint) == ["sha-of-a"])
  }
}
