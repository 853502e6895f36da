import Foundation
import Records
import Testing

@testable import Store

/// Every column of a scoring read as comparable numbers and texts (times by their bits, so that
/// "not yet happened" NaNs compare equal).
private func columns(_ shops: ShopColumns, _ e: EventColumns) -> [String] {
  func d(_ v: [Double]) -> String { v.map { String($0.bitPattern) }.joined(separator: ",") }
  func n<T: BinaryInteger>(_ v: [T]) -> String { v.map { String($0) }.joined(separator: ",") }
  func b(_ v: [Bool]) -> String { v.map { $0 ? "1" : "0" }.joined() }
  let i = e.incidents
  let p = e.petitions
  let s = e.inspections
  return [
    shops.ids.joined(separator: ","), shops.gridIDs.joined(separator: ","), n(shops.grid),
    shops.categories.joined(separator: ","), n(shops.category), n(shops.flags), n(shops.openedOn),
    b(shops.open),
    i.gridIDs.joined(separator: ","), i.shopIDs.joined(separator: ","), i.categories.joined(separator: ","),
    d(i.time), n(i.grid), n(i.shop), n(i.category), n(i.severity), d(i.resolvedAt), b(i.settled),
    p.gridIDs.joined(separator: ","), d(p.time), n(p.grid), d(p.dueAt), d(p.closedAt), n(p.satisfied),
    n(p.petitioner), n(p.petitionerCount), d(p.acceptedAt),
    s.shopIDs.joined(separator: ","), d(s.time), n(s.shop), n(s.hazardsFound), n(s.majorHazards),
    n(s.hazardsRectified), d(s.rectifyDue), d(s.rectifiedAt), b(s.suspended),
  ]
}

/// A store with a grid, a shop and a few of each event, some settled after the cut.
private func smallStore() throws -> (store: Store, directory: URL) {
  let (store, directory) = try StoreTestData.temporaryStore()
  try store.write { w in
    try w.beginFile(path: "all.csv", kind: "mixed", contentHash: "h1")
    for (n, grid) in StoreTestData.grids.enumerated() {
      try w.put(grid, fingerprint: StoreTestData.fingerprint(grid), line: n + 2)
    }
    try w.put(StoreTestData.shop, fingerprint: StoreTestData.fingerprint(StoreTestData.shop), line: 2)
    for (n, incident) in [
      StoreTestData.incident("I1", day: 3, resolvedDay: 4),
      StoreTestData.incident("I2", day: 8, resolvedDay: 20),
      StoreTestData.incident("I3", day: 9, grid: "G2", shop: "SH1"),
    ].enumerated() {
      try w.put(incident, fingerprint: StoreTestData.fingerprint(incident), line: n + 2)
    }
    for (n, petition) in [
      StoreTestData.petition("P1", day: 2, closedDay: 5), StoreTestData.petition("P2", day: 6, closedDay: 25),
    ].enumerated() {
      try w.put(petition, fingerprint: StoreTestData.fingerprint(petition), line: n + 2)
    }
    let inspection = StoreTestData.inspection("S1", day: 4, rectifiedDay: 30)
    try w.put(inspection, fingerprint: StoreTestData.fingerprint(inspection), line: 2)
    try w.endFile()
  }
  return (store, directory)
}

/// The columns as read from the tables, with no cache involved.
private func fromTables(_ store: Store, asOf: Day) throws -> [String] {
  let read = try store.loadScoringInputs(asOf: asOf)
  let shops = ShopColumns(try store.loadDistrict(asOf: asOf, parts: [.shops]).shops)
  return columns(shops, read.events)
}

@Suite("Scoring inputs kept beside the store")
struct ScoringInputsCacheTests {
  let cut = Day(year: 2023, month: 5, day: 12)

  @Test("a second read of the same day comes from the file and equals the read from the tables")
  func sameDay() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    let first = try store.loadScoringColumns(asOf: cut)
    #expect(FileManager.default.fileExists(atPath: cache.path))
    let stamp = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    let cached = try #require(cache.read(stamp: stamp, asOf: cut, timeZone: .district))
    #expect(columns(cached.shops, cached.events) == columns(first.shops, first.events))
    let second = try store.loadScoringColumns(asOf: cut)
    #expect(columns(second.shops, second.events) == columns(first.shops, first.events))
    #expect(columns(second.shops, second.events) == (try fromTables(store, asOf: cut)))
    #expect(second.district.grids == first.district.grids)
    #expect(second.district.adjacency == first.district.adjacency)
    // Resolutions after the cut read as not yet happened, from the file as from the tables.
    #expect(second.events.incidents.resolvedAt[1].isNaN && !second.events.incidents.settled[1])
  }

  @Test("a read that is not to be kept leaves no file (and does not replace one)")
  func notKept() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    let read = try store.loadScoringColumns(asOf: cut, keep: false)
    #expect(!FileManager.default.fileExists(atPath: cache.path))
    #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: cut)))
    _ = try store.loadScoringColumns(asOf: cut)
    let kept = try Data(contentsOf: URL(fileURLWithPath: cache.path))
    _ = try store.loadScoringColumns(asOf: cut.advanced(by: 1), keep: false)
    #expect(try Data(contentsOf: URL(fileURLWithPath: cache.path)) == kept)
  }

  @Test("another as-of day, or another time zone, is not read from the file")
  func otherDay() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    _ = try store.loadScoringColumns(asOf: cut)
    let stamp = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    #expect(cache.read(stamp: stamp, asOf: cut.advanced(by: 1), timeZone: .district) == nil)
    #expect(cache.read(stamp: stamp, asOf: cut, timeZone: TimeZone(identifier: "America/Chicago")!) == nil)
    let later = Day(year: 2023, month: 5, day: 31)
    let read = try store.loadScoringColumns(asOf: later)
    #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: later)))
    #expect(read.events.incidents.settled[1])
  }

  @Test("an ingest after the file was written: the next read sees the new records")
  func ingestInvalidates() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let before = try store.loadScoringColumns(asOf: cut)
    #expect(before.events.incidents.count == 3)
    try StoreTestData.ingest([StoreTestData.incident("I4", day: 10)], into: store, path: "more.csv")
    let after = try store.loadScoringColumns(asOf: cut)
    #expect(after.events.incidents.count == 4)
    #expect(columns(after.shops, after.events) == (try fromTables(store, asOf: cut)))
    // An update of a stored record (same id, new status) counts as a change too.
    try StoreTestData.ingest(
      [StoreTestData.incident("I3", day: 9, grid: "G2", resolvedDay: 10, shop: "SH1")], into: store)
    let updated = try store.loadScoringColumns(asOf: cut)
    #expect(updated.events.incidents.settled[2])
    #expect(columns(updated.shops, updated.events) == (try fromTables(store, asOf: cut)))
  }

  @Test("a store made anew at the same path does not read the old store's file")
  func newStoreSamePath() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try store.loadScoringColumns(asOf: cut)
    let path = store.path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let fresh = try Store(path: path)
    try StoreTestData.ingest([StoreTestData.incident("J1", day: 3)], into: fresh, path: "all.csv")
    let read = try fresh.loadScoringColumns(asOf: cut)
    #expect(read.events.incidents.count == 1)
    #expect(read.shops.count == 0)
  }

  @Test("a damaged or truncated file is read as absent, and the tables are read instead")
  func damaged() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    let good = try store.loadScoringColumns(asOf: cut)
    let stamp = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: cache.path))
    var flipped = bytes
    flipped[bytes.count / 2] ^= 0x40
    try flipped.write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.read(stamp: stamp, asOf: cut, timeZone: .district) == nil)
    let reread = try store.loadScoringColumns(asOf: cut)
    #expect(columns(reread.shops, reread.events) == columns(good.shops, good.events))
    try bytes.prefix(bytes.count - 24).write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.read(stamp: stamp, asOf: cut, timeZone: .district) == nil)
    try Data().write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.read(stamp: stamp, asOf: cut, timeZone: .district) == nil)
    let again = try store.loadScoringColumns(asOf: cut)
    #expect(columns(again.shops, again.events) == columns(good.shops, good.events))
  }
}

@Suite("Column files")
struct ColumnFileTests {
  @Test("columns come back as written, in order; texts keep their bytes")
  func roundTrip() throws {
    let directory = try FileManager.default.url(
      for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: "/tmp"),
      create: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("c").path
    let writer = try ColumnFile.Writer(path: path)
    try writer.put(["网格一", "", "G2"])
    try writer.put([1.5, .nan, -0.0])
    try writer.put([Int32(-1), 7, Int32.max])
    try writer.put([true, false, true])
    try writer.put([Int8]())
    try writer.finish()
    let reader = try #require(ColumnFile.Reader(path: path))
    #expect(reader.texts() == ["网格一", "", "G2"])
    #expect(reader.values(Double.self)?.map(\.bitPattern) == [1.5, .nan, -0.0].map(\.bitPattern))
    #expect(reader.values(Int32.self) == [-1, 7, Int32.max])
    #expect(reader.values(Bool.self) == [true, false, true])
    #expect(reader.values(Int8.self) == [])
    #expect(reader.verify())
    // Reading past the last column fails instead of inventing values.
    #expect(reader.values(Int32.self) == nil)
  }
}
