import Foundation
import Records
import Store
import TestSupport
import Testing

@Suite("The ledger: every row accepted, updated, duplicate or rejected")
struct StoreLedgerTests {
  @Test("new ids are accepted, the same content again is a duplicate, new content an update")
  func outcomes() throws {
    let store = try Store.inMemory()
    let a = StoreTestData.incident("E1", day: 3)
    let b = StoreTestData.incident("E2", day: 4)
    var changed = a
    changed.severity = 4
    let outcomes = try store.write { writer -> [Store.Outcome] in
      try writer.beginFile(path: "e.csv", kind: "incidents", contentHash: "h")
      let result = [
        try writer.put(a, fingerprint: StoreTestData.fingerprint(a), line: 2),
        try writer.put(b, fingerprint: StoreTestData.fingerprint(b), line: 3),
        try writer.put(a, fingerprint: StoreTestData.fingerprint(a), line: 4),
        try writer.put(changed, fingerprint: StoreTestData.fingerprint(changed), line: 5),
      ]
      writer.reject()
      let ledger = try writer.endFile()
      #expect(ledger.read == 5)
      #expect(ledger.read == ledger.accepted + ledger.updated + ledger.duplicate + ledger.rejected)
      #expect([ledger.accepted, ledger.updated, ledger.duplicate, ledger.rejected] as [Int] == [2, 1, 1, 1])
      return result
    }
    #expect(outcomes == [.accepted, .accepted, .duplicate, .updated])
    let stored = try store.loadDistrict(asOf: nil).incidents
    #expect(stored.map(\.id) == ["E1", "E2"])
    #expect(stored.first { $0.id == "E1" }?.severity == 4, "the newer version wins")
  }

  @Test("an update keeps the replaced version in history with where it came from")
  func history() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    let old = StoreTestData.incident("E1", day: 3)
    var new = old
    new.category = "public_order.fight"
    try StoreTestData.ingest([old], into: store, path: "monday.csv")
    let ledger = try StoreTestData.ingest([new], into: store, path: "tuesday.csv")
    #expect(ledger.updated == 1)
    let history = try store.history(kind: "incidents", id: "E1")
    #expect(history.count == 1)
    #expect(history.first?.sourcePath == "monday.csv")
    #expect(history.first?.sourceLine == 2)
    #expect(history.first?.content.contains("dispute.neighbor") == true)
    #expect(try store.loadDistrict(asOf: nil).incidents.first?.category == "public_order.fight")
  }

  @Test("ingesting the same records again changes nothing: every row is a duplicate")
  func idempotent() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    let incidents = (1...20).map { StoreTestData.incident("E\($0)", day: $0 % 28 + 1) }
    let first = try StoreTestData.ingest(incidents, into: store)
    let before = try store.loadDistrict(asOf: nil).incidents
    let countsBefore = try store.counts()
    let second = try StoreTestData.ingest(incidents, into: store)
    #expect(first.accepted == 20)
    #expect(second.duplicate == 20)
    #expect(second.read == 20)
    #expect(try store.loadDistrict(asOf: nil).incidents == before)
    #expect(try store.counts() == countsBefore)
  }

  @Test("a write that fails midway stores nothing, not even the file's ledger")
  func rollback() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    struct Unreadable: Error {}
    #expect(throws: Unreadable.self) {
      try store.write { writer in
        try writer.beginFile(path: "bad.csv", kind: "incidents", contentHash: nil)
        let e = StoreTestData.incident("E1", day: 3)
        try writer.put(e, fingerprint: StoreTestData.fingerprint(e), line: 2)
        throw Unreadable()
      }
    }
    #expect(try store.counts()["incidents"] == 0)
    #expect(try store.ingestedFiles().isEmpty)
  }

  @Test("the ingest_files table remembers each file's counts and unknown labels")
  func fileLedger() throws {
    let store = try Store.inMemory()
    try store.write { writer in
      try writer.beginFile(path: "shops.csv", kind: "shops", contentHash: "abc")
      let shop = StoreTestData.shop
      try writer.put(shop, fingerprint: StoreTestData.fingerprint(shop), line: 2)
      writer.reject()
      try writer.endFile(unknownColumns: ["备注"], unknownCategories: ["网吧": 3])
    }
    let files = try store.ingestedFiles()
    #expect(files.count == 1)
    #expect(files.first?.ledger.read == 2)
    #expect(files.first?.ledger.accepted == 1)
    #expect(files.first?.ledger.rejected == 1)
    #expect(files.first?.unknownColumns == ["备注"])
    #expect(files.first?.unknownCategories == ["网吧": 3])
    #expect(files.first?.contentHash == "abc")
  }

  @Test("a bulk load into an empty table drops and rebuilds its indexes within the transaction")
  func bulkLoadKeepsIndexes() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    try store.write { writer in
      try writer.beginFile(path: "big.csv", kind: "incidents", contentHash: nil, expectedRows: 1_000_000)
      for n in 1...50 {
        let e = StoreTestData.incident("E\(n)", day: n % 28 + 1)
        try writer.put(e, fingerprint: StoreTestData.fingerprint(e), line: n + 1)
      }
      // A duplicate inside the same bulk file is still recognised (the primary key stays).
      let again = StoreTestData.incident("E1", day: 2)
      #expect(try writer.put(again, fingerprint: StoreTestData.fingerprint(again), line: 99) == .duplicate)
      try writer.endFile()
    }
    #expect(
      try store.indexNames(table: "incidents") == [
        "incidents_by_file", "incidents_by_grid_time", "incidents_by_shop",
      ])
  }

  @Test(
    "a bulk-loaded table's indexes come back when another kind's file begins; more files of its kind keep loading without them"
  )
  func indexesRebuiltForTheNextKind() throws {
    let store = try Store.inMemory()
    let incidents = ["incidents_by_file", "incidents_by_grid_time", "incidents_by_shop"]
    try store.write { writer in
      try writer.beginFile(path: "a.csv", kind: "incidents", contentHash: nil, expectedRows: 1_000_000)
      for n in 1...20 {
        let e = StoreTestData.incident("E\(n)", day: n % 28 + 1)
        try writer.put(e, fingerprint: StoreTestData.fingerprint(e), line: n + 1)
      }
      try writer.endFile()
      #expect(try writer.indexNames(table: "incidents").isEmpty)
      try writer.rebuildIndexes(exceptFor: "incidents")
      #expect(try writer.indexNames(table: "incidents").isEmpty)
      try writer.beginFile(path: "b.csv", kind: "incidents", contentHash: nil, expectedRows: 1_000_000)
      let again = StoreTestData.incident("E1", day: 2)
      #expect(try writer.put(again, fingerprint: StoreTestData.fingerprint(again), line: 2) == .duplicate)
      let new = StoreTestData.incident("E21", day: 3)
      #expect(try writer.put(new, fingerprint: StoreTestData.fingerprint(new), line: 3) == .accepted)
      try writer.endFile()
      try writer.rebuildIndexes(exceptFor: "petitions")
      #expect(try writer.indexNames(table: "incidents") == incidents)
    }
    #expect(try store.counts()["incidents"] == 21)
    #expect(try store.indexNames(table: "incidents") == incidents)
  }

  @Test("rows whose texts outgrow the statement's text buffer are stored whole, and so is the next short row")
  func longTexts() throws {
    let store = try Store.inMemory()
    let long = Street(
      id: "ST1", name: String(repeating: "长江路", count: 700), subdistrictID: "S1",
      chief: String(repeating: "张", count: 500), partner: String(repeating: "x", count: 3000))
    let short = Street(id: "ST2", name: "和平路", subdistrictID: "S1", chief: "李")
    try store.write { writer in
      try writer.beginFile(path: "streets.csv", kind: "streets", contentHash: nil)
      try writer.put(long, fingerprint: "f1", line: 2)
      try writer.put(short, fingerprint: "f2", line: 3)
      try writer.endFile()
    }
    let streets = try store.loadDistrict(asOf: nil, parts: .streets).streets.sorted { $0.id < $1.id }
    #expect(streets == [long, short])
  }
}
