import Foundation
import Records
import Store
import TestSupport
import Testing

@Suite("Reading the store for scoring")
struct StoreReadingTests {
  /// A store with grids, a shop and events around 10 May 2023.
  static func populated(at path: String = ":memory:") throws -> Store {
    let store = try Store(path: path)
    try store.write { writer in
      try writer.beginFile(path: "all", kind: "mixed", contentHash: nil)
      for g in StoreTestData.grids { try writer.put(g, fingerprint: StoreTestData.fingerprint(g), line: 1) }
      try writer.put(StoreTestData.shop, fingerprint: "shop", line: 1)
      try writer.put(GridAdjacency(gridID: "G1", neighborID: "G2"), fingerprint: "adj", line: 1)
      let square: PolygonRings = [
        [
          GeoPoint(lon: 116, lat: 39), GeoPoint(lon: 116.01, lat: 39), GeoPoint(lon: 116.01, lat: 39.01),
          GeoPoint(lon: 116, lat: 39),
        ]
      ]
      try writer.put(GridBoundary(gridID: "G1", polygons: [square]), fingerprint: "b", line: 1)
      try writer.put(AddressEntry(address: "幸福路1号", gridID: "G1"), fingerprint: "a", line: 1)
      try writer.put(
        Street(id: "ST1", name: "幸福路", subdistrictID: "S1", chief: "张"), fingerprint: "s", line: 1)
      let events: [Incident] = [
        StoreTestData.incident("E-before", day: 8, resolvedDay: 9),
        StoreTestData.incident("E-resolved-later", day: 9, resolvedDay: 12, shop: "SH1"),
        StoreTestData.incident("E-on", day: 10),
        StoreTestData.incident("E-after", day: 11),
      ]
      for e in events { try writer.put(e, fingerprint: StoreTestData.fingerprint(e), line: 1) }
      for p in [
        StoreTestData.petition("P-closed-later", day: 10, closedDay: 15),
        StoreTestData.petition("P-after", day: 12),
      ] {
        try writer.put(p, fingerprint: StoreTestData.fingerprint(p), line: 1)
      }
      for i in [
        StoreTestData.inspection("I-rectified-later", day: 5, rectifiedDay: 20),
        StoreTestData.inspection("I-after", day: 25),
      ] {
        try writer.put(i, fingerprint: StoreTestData.fingerprint(i), line: 1)
      }
      try writer.endFile()
    }
    return store
  }

  @Test("nothing dated after the as-of day is read, and later outcomes read as not yet happened")
  func asOf() throws {
    let store = try Self.populated()
    let district = try store.loadDistrict(asOf: Day(year: 2023, month: 5, day: 10))
    #expect(district.incidents.map(\.id) == ["E-before", "E-resolved-later", "E-on"])
    let before = try #require(district.incidents.first { $0.id == "E-before" })
    #expect(before.resolvedAt != nil && before.status == .resolved)
    let later = try #require(district.incidents.first { $0.id == "E-resolved-later" })
    #expect(later.resolvedAt == nil)
    #expect(later.status == .open)
    #expect(district.petitions.map(\.id) == ["P-closed-later"])
    #expect(district.petitions.first?.closedAt == nil)
    #expect(district.petitions.first?.satisfied == .unknown)
    #expect(district.inspections.map(\.id) == ["I-rectified-later"])
    #expect(district.inspections.first?.rectifiedAt == nil)
    #expect(district.inspections.first?.openHazards == 2)
  }

  @Test("without an as-of day everything is read as stored")
  func everything() throws {
    let district = try Self.populated().loadDistrict(asOf: nil)
    #expect(district.incidents.count == 4)
    #expect(district.petitions.count == 2)
    #expect(district.inspections.count == 2)
    #expect(district.grids == StoreTestData.grids)
    #expect(district.shops == [StoreTestData.shop])
    #expect(district.adjacency == [GridAdjacency(gridID: "G1", neighborID: "G2")])
    #expect(district.streets.first?.dailyCapacity == Street.defaultDailyCapacity)
    let stored = try #require(district.incidents.first { $0.id == "E-resolved-later" })
    #expect(stored == StoreTestData.incident("E-resolved-later", day: 9, resolvedDay: 12, shop: "SH1"))
  }

  @Test("a look-back start leaves out events before it")
  func lookBack() throws {
    let district = try Self.populated().loadDistrict(
      asOf: Day(year: 2023, month: 5, day: 31), from: Day(year: 2023, month: 5, day: 10))
    #expect(district.incidents.map(\.id) == ["E-on", "E-after"])
    #expect(district.inspections.map(\.id) == ["I-after"])
  }

  @Test("boundaries come back as the polygons stored, to 1e-7 degrees")
  func boundaries() throws {
    let boundaries = try Self.populated().boundaries()
    let ring = try #require(boundaries.first?.polygons.first?.first)
    #expect(boundaries.map(\.gridID) == ["G1"])
    #expect(ring.count == 4)
    #expect(abs(ring[1].lon - 116.01) < 1e-7)
    #expect(abs(ring[2].lat - 39.01) < 1e-7)
  }

  @Test("loadDistrict reads only the parts asked for; shopIncidents are the incidents naming a shop")
  func parts() throws {
    let store = try Self.populated()
    let asOf = Day(year: 2023, month: 5, day: 10)
    let full = try store.loadDistrict(asOf: asOf)
    let some = try store.loadDistrict(asOf: asOf, parts: [.grids, .shopIncidents])
    #expect(some.grids == full.grids)
    #expect(some.incidents == full.incidents.filter { $0.shopID != nil })
    #expect(some.incidents.map(\.id) == ["E-resolved-later"])
    #expect(some.incidents.first?.resolvedAt == nil)
    #expect(some.shops.isEmpty && some.petitions.isEmpty && some.inspections.isEmpty)
    #expect(some.adjacency.isEmpty && some.boundaries.isEmpty && some.streets.isEmpty)
  }

  @Test("a store on disk reads the same district on two connections as one in memory")
  func twoConnections() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanpan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let disk = try Self.populated(at: folder.appendingPathComponent("y.sqlite").path)
    let memory = try Self.populated()
    for asOf in [nil, Day(year: 2023, month: 5, day: 10)] {
      let a = try disk.loadDistrict(asOf: asOf)
      let b = try memory.loadDistrict(asOf: asOf)
      #expect(a.grids == b.grids && a.adjacency == b.adjacency && a.boundaries == b.boundaries)
      #expect(a.streets == b.streets && a.shops == b.shops)
      #expect(a.incidents == b.incidents && a.petitions == b.petitions && a.inspections == b.inspections)
      #expect(!a.incidents.isEmpty && !a.petitions.isEmpty && !a.inspections.isEmpty)
    }
  }

  @Test("the location tables ingest resolves against")
  func locationTables() throws {
    let store = try Self.populated()
    #expect(try store.gridIDs() == ["G1", "G2"])
    #expect(try store.addresses() == [AddressEntry(address: "幸福路1号", gridID: "G1")])
    #expect(try store.shopGrids() == ["SH1": "G1"])
  }

  @Test("explain's evidence: a grid's and a shop's records up to the as-of day, newest first")
  func evidence() throws {
    let store = try Self.populated()
    let asOf = Day(year: 2023, month: 5, day: 10)
    let grid = try store.evidence(for: .grid, id: "G1", asOf: asOf)
    #expect(grid.incidents.map(\.id) == ["E-on", "E-resolved-later", "E-before"])
    #expect(grid.petitions.map(\.id) == ["P-closed-later"])
    #expect(grid.shops.map(\.id) == ["SH1"])
    #expect(grid.inspections.map(\.id) == ["I-rectified-later"])
    let shop = try store.evidence(for: .shop, id: "SH1", asOf: asOf)
    #expect(shop.incidents.map(\.id) == ["E-resolved-later"])
    #expect(shop.incidents.first?.resolvedAt == nil)
    #expect(shop.inspections.map(\.id) == ["I-rectified-later"])
    #expect(shop.petitions.isEmpty)
  }
}

@Suite("Score snapshots and the run log")
struct StoreSnapshotTests {
  static let scores = [
    RiskScore(
      entity: .grid, id: "G1", score: 0.91, rank: 1, level: .red, giZ: 2.7, trend: "intensifying",
      contributions: [Contribution(feature: "incidents.sev2.hl30", value: 4, contribution: 0.5)],
      reasons: [Reason(zh: "近30天纠纷4起", en: "4 disputes in 30 days")]),
    RiskScore(entity: .grid, id: "G2", score: 0.2, rank: 2, level: .blue),
    RiskScore(
      entity: .shop, id: "SH1", score: 0.7, rank: 1, level: .orange,
      reasons: [Reason(zh: "隐患未整改", en: "open hazards")]),
  ]

  @Test("saved scores come back exactly, grids first, by rank")
  func roundTrip() throws {
    let store = try Store.inMemory()
    let run = ScoreRun(asOf: Day(year: 2023, month: 5, day: 10), modelVersion: "m1", dataFingerprint: "d1")
    try store.saveScores(run: run, scores: Self.scores.reversed())
    let latest = try #require(try store.latestScores(asOf: nil))
    #expect(latest.run == run)
    #expect(latest.scores == Self.scores)
  }

  @Test("the latest snapshot not after the as-of day is the one read; a rerun replaces its twin")
  func latest() throws {
    let store = try Store.inMemory()
    let may10 = ScoreRun(asOf: Day(year: 2023, month: 5, day: 10), modelVersion: "m1", dataFingerprint: "d1")
    let may12 = ScoreRun(asOf: Day(year: 2023, month: 5, day: 12), modelVersion: "m1", dataFingerprint: "d2")
    try store.saveScores(run: may10, scores: Self.scores)
    try store.saveScores(run: may12, scores: [Self.scores[0]])
    try store.saveScores(run: may10, scores: [Self.scores[1]])
    #expect(try store.latestScores(asOf: Day(year: 2023, month: 5, day: 11))?.run == may10)
    #expect(try store.latestScores(asOf: Day(year: 2023, month: 5, day: 11))?.scores == [Self.scores[1]])
    #expect(try store.latestScores(asOf: nil)?.run == may12)
    #expect(try store.latestScores(asOf: Day(year: 2023, month: 5, day: 1)) == nil)
    #expect(try store.scoreRuns() == [may12, may10])
  }

  @Test("scoring a day again with another model or newer data replaces that day's snapshot, keeps the others")
  func sameDayReplaced() throws {
    let store = try Store.inMemory()
    let may10 = ScoreRun(asOf: Day(year: 2023, month: 5, day: 10), modelVersion: "m1", dataFingerprint: "d1")
    let may11 = ScoreRun(asOf: Day(year: 2023, month: 5, day: 11), modelVersion: "m1", dataFingerprint: "d2")
    let may11Again = ScoreRun(asOf: may11.asOf, modelVersion: "m2", dataFingerprint: "d3")
    try store.saveScores(run: may10, scores: Self.scores)
    try store.saveScores(run: may11, scores: Self.scores)
    try store.saveScores(run: may11Again, scores: [Self.scores[0]])
    #expect(try store.scoreRuns() == [may11Again, may10])
    #expect(try store.latestScores(asOf: may11.asOf)?.scores == [Self.scores[0]])
    #expect(try store.latestScores(asOf: may10.asOf)?.scores == Self.scores)
  }

  @Test("runs are logged newest first")
  func runLog() throws {
    let store = try Store.inMemory()
    let t = Date(timeIntervalSince1970: 1_700_000_000)
    try store.recordRun(
      Store.RunLog(command: "ingest", startedAt: t, finishedAt: t + 1, detail: #"{"read":3}"#))
    try store.recordRun(
      Store.RunLog(
        command: "nightly", asOf: Day(year: 2023, month: 5, day: 10), startedAt: t + 5, finishedAt: t + 9))
    let runs = try store.runs()
    #expect(runs.map(\.command) == ["nightly", "ingest"])
    #expect(runs[0].asOf == Day(year: 2023, month: 5, day: 10))
    #expect(runs[1].detail == #"{"read":3}"#)
    #expect(try store.runs(command: "ingest").count == 1)
  }
}
