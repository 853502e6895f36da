import Foundation
import Records
import Testing

@testable import Store

/// How many of `columns`' entries are the shops' (they come first).
private let shopColumnCount = 14

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
    b(shops.open), shops.names.joined(separator: ","), shops.streetIDs.joined(separator: ","),
    n(shops.street), b(shops.located), d(shops.lon), d(shops.lat),
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

/// Stores `records` as one more ingest file's rows.
private func ingest(_ store: Store, path: String, _ body: (Store.Writer) throws -> Void) throws {
  try store.write { w in
    try w.beginFile(path: path, kind: "mixed", contentHash: path)
    try body(w)
    try w.endFile()
  }
}

private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

@Suite("Scoring tables kept beside the store")
struct ScoringInputsCacheTests {
  let cut = Day(year: 2023, month: 5, day: 12)

  @Test("a second read comes from the file and equals the read from the tables, whatever the as-of day")
  func anyDay() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    let first = try store.loadScoringColumns(asOf: cut)
    #expect(exists(cache.path) && !exists(cache.changesPath))
    #expect(columns(first.shops, first.events) == (try fromTables(store, asOf: cut)))
    let stamp = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    #expect(cache.states()?.base == stamp && cache.states()?.through == stamp)
    // Every later read is cut from the kept file: before, between and after the events' times.
    for day in [2, 4, 8, 12, 20, 31].map({ Day(year: 2023, month: 5, day: $0) }) {
      let read = try store.loadScoringColumns(asOf: day)
      #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: day)), "as of \(day.iso)")
      #expect(read.district.grids == first.district.grids)
    }
    // Resolutions after the cut read as not yet happened, as from the tables.
    let second = try store.loadScoringColumns(asOf: cut)
    #expect(second.events.incidents.resolvedAt[1].isNaN && !second.events.incidents.settled[1])
    #expect(
      try store.loadScoringColumns(asOf: Day(year: 2023, month: 5, day: 31)).events.incidents.settled[1])
  }

  @Test("a read that is not to be kept leaves no file")
  func notKept() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    let read = try store.loadScoringColumns(asOf: cut, keep: false)
    #expect(!exists(cache.path))
    #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: cut)))
  }

  @Test("after an ingest, only its rows are read from the tables and kept as changes beside the base")
  func ingestMerges() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    _ = try store.loadScoringColumns(asOf: cut)
    let base = try Data(contentsOf: URL(fileURLWithPath: cache.path))
    // New rows after the last key, one before the first, and a replaced one (I2 now resolved in
    // time, moved to grid G2), of every kind; a new shop in a new grid, category and street, with
    // no place.
    try ingest(store, path: "night1.csv") { w in
      for incident in [
        StoreTestData.incident("I0", day: 11, grid: "G2"), StoreTestData.incident("I9", day: 12, shop: "SH2"),
        StoreTestData.incident("I2", day: 8, grid: "G2", resolvedDay: 10),
      ] {
        try w.put(incident, fingerprint: StoreTestData.fingerprint(incident), line: 2)
      }
      for petition in [
        StoreTestData.petition("P0", day: 11, key: "k-new"),
        StoreTestData.petition("P2", day: 6, closedDay: 9),
      ] {
        try w.put(petition, fingerprint: StoreTestData.fingerprint(petition), line: 2)
      }
      let inspection = StoreTestData.inspection("S2", day: 12)
      try w.put(inspection, fingerprint: StoreTestData.fingerprint(inspection), line: 2)
      var shop = StoreTestData.shop
      (shop.id, shop.gridID, shop.category) = ("SH2", "G2", "shop.hazmat")
      (shop.name, shop.streetID, shop.location) = ("李记五金", "ST2", nil)
      try w.put(shop, fingerprint: StoreTestData.fingerprint(shop), line: 2)
    }
    for day in [cut, Day(year: 2023, month: 5, day: 9), Day(year: 2023, month: 5, day: 31)] {
      let read = try store.loadScoringColumns(asOf: day)
      #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: day)), "as of \(day.iso)")
    }
    let after = try store.loadScoringColumns(asOf: cut)
    #expect(after.events.incidents.count == 5 && after.events.petitions.count == 3)
    #expect(after.shops.ids == ["SH1", "SH2"])
    #expect(after.shops.names == ["老王烧烤", "李记五金"] && after.shops.streetIDs == ["ST1", "ST2"])
    #expect(after.shops.located == [true, false])
    // The base is untouched; the changes file brings it to the store's state now.
    #expect(try Data(contentsOf: URL(fileURLWithPath: cache.path)) == base)
    let now = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    #expect(cache.states()?.through == now && cache.states()?.base != now)
    // A second night merges into the changes, and reads agree with the tables still.
    // (A key after every kept one: appended.)
    try StoreTestData.ingest(
      [StoreTestData.incident("K5", day: 12, grid: "G2")], into: store, path: "night2.csv")
    let third = try store.loadScoringColumns(asOf: cut)
    #expect(third.events.incidents.count == 6)
    #expect(columns(third.shops, third.events) == (try fromTables(store, asOf: cut)))
    #expect(try Data(contentsOf: URL(fileURLWithPath: cache.path)) == base)
  }

  @Test(
    "files read ahead of an ingest are taken by the read after it, which equals the tables; read ahead of another state, they are not"
  )
  func readAhead() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(ScoringInputsReadAhead(store: store.path) == nil)
    _ = try store.loadScoringColumns(asOf: cut)
    // Read ahead, then a night's ingest: the read merges its rows into what was read ahead.
    let ahead = try #require(ScoringInputsReadAhead(store: store.path))
    try StoreTestData.ingest(
      [StoreTestData.incident("K5", day: 12, grid: "G2")], into: store, path: "night1.csv")
    let read = try store.loadScoringColumns(asOf: cut, readAhead: ahead)
    #expect(ahead.taken && !ahead.holding)
    #expect(read.events.incidents.count == 4)
    #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: cut)))
    // Read ahead, then the files move on (another night read and kept its rows): not taken.
    let stale = try #require(ScoringInputsReadAhead(store: store.path))
    try StoreTestData.ingest(
      [StoreTestData.incident("K6", day: 12, grid: "G1")], into: store, path: "night2.csv")
    _ = try store.loadScoringColumns(asOf: cut)
    let later = try store.loadScoringColumns(asOf: cut, readAhead: stale)
    #expect(!stale.taken && !stale.holding)
    #expect(later.events.incidents.count == 5)
    #expect(columns(later.shops, later.events) == (try fromTables(store, asOf: cut)))
  }

  @Test("changes past an eighth of the base (and past 4,096 rows) are folded into a new base")
  func rebase() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    _ = try store.loadScoringColumns(asOf: cut)
    try StoreTestData.ingest(
      (10..<4_200).map { StoreTestData.incident("I\($0)", day: 10) }, into: store, path: "many.csv")
    let read = try store.loadScoringColumns(asOf: cut)
    #expect(columns(read.shops, read.events) == (try fromTables(store, asOf: cut)))
    let now = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    #expect(cache.states()?.base == now && !exists(cache.changesPath))
  }

  @Test("a read of some parts skips the others in the files, and says the same of the parts it reads")
  func parts() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    _ = try store.loadScoringColumns(asOf: cut)
    let stamp = try store.queue.read { try ScoringInputsCache.Stamp($0) }
    let some = ScoringInputsCache.Parts(shops: false, petitions: false, keys: false)
    let read = try #require(cache.read(base: stamp, through: stamp, parts: some)).base
    #expect(read.shops.count == 0 && read.events.petitions.count == 0 && read.incidentKeys.count == 0)
    let all = try #require(cache.read(base: stamp, through: stamp)).base
    #expect(read.events.incidents.time == all.events.incidents.time)
    #expect(read.events.inspections.shopIDs == all.events.inspections.shopIDs)
    let kept = try #require(
      try store.keptScoringInputs(asOf: cut, timeZone: .district, parts: some) { _ in 0 })
    let full = try store.loadScoringColumns(asOf: cut)
    #expect(
      columns(ShopColumns(), kept.events).dropFirst(shopColumnCount).prefix(10)
        == columns(ShopColumns(), full.events).dropFirst(shopColumnCount).prefix(10))
  }

  @Test("a store made anew at the same path does not read the old store's files")
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

  @Test("a damaged or truncated base or changes file is read as absent, and the tables are read instead")
  func damaged() throws {
    let (store, directory) = try smallStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = ScoringInputsCache(store: store.path)
    _ = try store.loadScoringColumns(asOf: cut)
    try StoreTestData.ingest([StoreTestData.incident("I4", day: 10)], into: store, path: "more.csv")
    let good = try store.loadScoringColumns(asOf: cut)
    let states = try #require(cache.states())
    #expect(states.base != states.through)
    for file in [cache.path, cache.changesPath] {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
      // One bit flipped a quarter, half and three quarters in (the two halves of a file are read
      // by two readers at once), the end cut off, nothing left.
      let flipped = [1, 2, 3].map { quarters in
        var damaged = bytes
        damaged[bytes.count * quarters / 4] ^= 0x40
        return damaged
      }
      for damage in flipped + [bytes.prefix(bytes.count - 24), Data()] {
        try damage.write(to: URL(fileURLWithPath: file))
        // A damaged base is never read; damaged changes are (the rows since the base's state
        // are read from the tables again).
        if file == cache.path {
          #expect(cache.states().map { cache.read(base: $0.base, through: $0.through) == nil } ?? true)
        }
        let reread = try store.loadScoringColumns(asOf: cut, keep: false)
        #expect(columns(reread.shops, reread.events) == columns(good.shops, good.events))
      }
      try bytes.write(to: URL(fileURLWithPath: file))
    }
  }
}

@Suite("Record keys")
struct RowKeysTests {
  @Test("keys are found, or placed, in SQLite's BINARY order: bytes first, then the shorter first")
  func order() throws {
    var keys = RowKeys()
    let sorted = ["A", "AB", "B", "B1", "b", "网格"]
    for key in sorted { Array(key.utf8).withUnsafeBytes { keys.append($0.baseAddress, $0.count) } }
    var probes = RowKeys()
    for key in ["AB", "AA", "", "网", "z", "网格"] {
      Array(key.utf8).withUnsafeBytes { probes.append($0.baseAddress, $0.count) }
    }
    #expect((0..<probes.count).map { keys.position(of: $0, in: probes).index } == [1, 1, 0, 5, 5, 5])
    #expect(
      (0..<probes.count).map { keys.position(of: $0, in: probes).found } == [
        true, false, false, false, false, true,
      ])
    var copy = RowKeys()
    copy.append(keys, rows: 1..<4)
    copy.append(keys, row: 5)
    #expect(
      (0..<copy.count).map { String(decoding: copy.bytes[copy.range($0)], as: UTF8.self) } == [
        "AB", "B", "B1", "网格",
      ])
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

    // A reader may skip columns; a damaged column fails when read, not when skipped.
    let skipping = try #require(ColumnFile.Reader(path: path))
    #expect(skipping.texts(false) == [])
    #expect(skipping.values(Double.self, false) == [])
    #expect(skipping.values(Int32.self) == [-1, 7, Int32.max])
    #expect(skipping.values(Bool.self, false) == [] && skipping.values(Int8.self) == [])
    #expect(skipping.verify())
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    // The first text's bytes: after the offsets column (count, 3 offsets, checksum) and the
    // bytes column's count.
    bytes[8 + 24 + 8 + 8] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(ColumnFile.Reader(path: path)?.texts() == nil)
    let past = try #require(ColumnFile.Reader(path: path))
    #expect(past.texts(false) == [] && past.values(Double.self)?.count == 3)
  }
}
