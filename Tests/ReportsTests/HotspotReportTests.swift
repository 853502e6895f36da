import Foundation
import Records
import Synchronization
import Testing

@testable import Reports

@Suite("Hotspot lists: the contract's columns, roll-ups, levels")
struct HotspotReportTests {
  @Test("grid list columns are the contract's, plus level, in order")
  func gridColumns() throws {
    let table = SmallDistrict.report().table(level: .grid, top: 3)
    #expect(
      table.columns.map(\.key) == [
        "rank", "grid_id", "name", "subdistrict_id", "score", "gi_z", "trend", "reasons", "level",
      ])
    #expect(table.rows.count == 3)
    let csv = table.csvText().split(separator: "\r\n").map(String.init)
    #expect(csv[0] == "rank,grid_id,name,subdistrict_id,score,gi_z,trend,reasons,level")
    #expect(csv[1] == "1,G00,网格00号,S1,0.9000,3.00,加剧热点,近30天案事件9起；物业纠纷,红")
  }

  @Test("English lists use the engine's codes for level and trend")
  func english() {
    let table = SmallDistrict.report(.en).table(level: .grid, top: 1)
    #expect(table.rows[0][6] == .text("intensifying"))
    #expect(table.rows[0][8] == .text("red"))
    #expect(table.rows[0][7] == .list(["9 incidents in 30 days", "disputes"]))
  }

  @Test("shop list columns; last_inspected ignores inspections after the as-of date; names quoted")
  func shopColumns() {
    let table = SmallDistrict.report().table(level: .shop)
    #expect(
      table.columns.map(\.key) == [
        "rank", "shop_id", "name", "street_id", "grid_id", "score", "last_inspected", "reasons", "level",
      ])
    let csv = table.csvText().split(separator: "\r\n").map(String.init)
    #expect(csv[1] == "1,SH1,\"老王烧烤, \"\"夜宵\"\"\",ST1,G00,0.7000,2024-05-20,逾期未整改隐患1处,红")
    #expect(csv[2] == "2,SH2,便民超市,ST1,G01,0.2000,,,蓝")
  }

  @Test("communities: household-weighted mean score, counts of red and orange grids, max Gi*")
  func communities() throws {
    let report = SmallDistrict.report()
    let standings = report.areaStandings(.community)
    #expect(standings.map(\.id) == ["C1", "C2"] || standings.map(\.id) == ["C2", "C1"])
    // C2 holds column 2: G02, G12, G22 with scores 0.7, 0.4, 0.1 and households 100, 200, 300.
    let c2 = try #require(standings.first { $0.id == "C2" })
    let expected = (0.7 * 100 + 0.4 * 200 + 0.1 * 300) / 600
    #expect(abs(c2.score - expected) < 1e-12)
    #expect(c2.grids == 3 && c2.red == 0 && c2.orange == 1)
    #expect(c2.maxGiZ == 2.0 && c2.maxGiZGrid == "G02")
    // C1 (columns 0–1): scores 0.9, 0.8, 0.6, 0.5, 0.3, 0.2 with households 100,100,200,200,300,300.
    let c1 = try #require(standings.first { $0.id == "C1" })
    let c1Expected = (0.9 * 100 + 0.8 * 100 + 0.6 * 200 + 0.5 * 200 + 0.3 * 300 + 0.2 * 300) / 1200
    #expect(abs(c1.score - c1Expected) < 1e-12)
    #expect(c1.red == 2 && c1.orange == 1)
    #expect(standings.first?.id == (c1Expected > expected ? "C1" : "C2"))
    #expect(standings.map(\.rank) == [1, 2])
    let table = report.table(level: .community)
    #expect(
      table.columns.map(\.key) == [
        "rank", "community_id", "name", "score", "grids", "red", "orange", "max_gi_z", "reasons",
      ])
  }

  @Test("without households everywhere, an area's score is the plain mean of its grids")
  func plainMean() throws {
    var report = SmallDistrict.report()
    report.district.grids[0].households = nil  // G00, in C1 and S1
    let s1 = try #require(report.areaStandings(.subdistrict).first)
    let mean = (0..<9).map { 0.9 - 0.1 * Double($0) }.reduce(0, +) / 9
    #expect(abs(s1.score - mean) < 1e-12)
    #expect(s1.grids == 9 && s1.red == 2 && s1.orange == 2)
  }

  @Test("atomic writes replace the file whole and leave no temporary file")
  func atomicWrite() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("sub/hotspots.csv")
    try AtomicFile.write("old", to: url)
    try AtomicFile.write("新内容", encoding: .utf8BOM, to: url)
    #expect(try TextEncoding.utf8BOM.decode(Data(contentsOf: url)) == "新内容")
    let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
    #expect(names == ["hotspots.csv"])
  }

  @Test("scores by rank then id, whether given in that order or shuffled")
  func rankOrder() {
    let report = SmallDistrict.report()
    var shuffled = report
    var generator = SystemRandomNumberGenerator()
    shuffled.scores.shuffle(using: &generator)
    for (ordered, mixed) in [
      (report.gridScores, shuffled.gridScores), (report.shopScores, shuffled.shopScores),
    ] {
      #expect(ordered.count > 1)
      #expect(ordered.map(\.id) == mixed.map(\.id))
      #expect(zip(ordered, ordered.dropFirst()).allSatisfy { ($0.rank, $0.id) < ($1.rank, $1.id) })
    }
  }

  @Test("a batch touches no target before commit, then replaces them all; a discarded one leaves nothing")
  func atomicBatch() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = folder.appendingPathComponent("a.csv")
    let b = folder.appendingPathComponent("patrol/b.csv")
    try AtomicFile.write("old a", to: a)
    var batch = AtomicFile.Batch()
    try batch.add(Data("new a".utf8), to: a)
    try batch.add(Data("新 b".utf8), to: b)
    #expect(try String(contentsOf: a, encoding: .utf8) == "old a")
    #expect(!FileManager.default.fileExists(atPath: b.path))
    try batch.commit()
    #expect(try String(contentsOf: a, encoding: .utf8) == "new a")
    #expect(try String(contentsOf: b, encoding: .utf8) == "新 b")
    var dropped = AtomicFile.Batch()
    try dropped.add(Data("never".utf8), to: folder.appendingPathComponent("c.csv"))
    dropped.discard()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.csv", "patrol"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: b.deletingLastPathComponent().path) == ["b.csv"])
  }

  @Test("files staged on several threads are only temporaries until a batch that adopted them commits")
  func stagedFiles() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let names = (0..<8).map { "list-\($0).csv" }
    let staged = try concurrentStage(names.map { (Data("行 \($0)".utf8), folder.appendingPathComponent($0)) })
    let hidden = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(hidden.count == names.count && hidden.allSatisfy { $0.hasPrefix(".") && $0.hasSuffix(".tmp") })
    var batch = AtomicFile.Batch()
    for file in staged { batch.adopt(file) }
    #expect(batch.targets.map(\.lastPathComponent) == names)
    try batch.commit()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names.sorted())
    #expect(
      try String(contentsOf: folder.appendingPathComponent("list-3.csv"), encoding: .utf8) == "行 list-3.csv")
    // A staged file adopted by a batch that is discarded leaves nothing behind.
    let unwanted = try AtomicFile.stage(Data("x".utf8), to: folder.appendingPathComponent("sub/never.csv"))
    var abandoned = AtomicFile.Batch()
    abandoned.adopt(unwanted)
    abandoned.discard()
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("sub").path).isEmpty)
  }

  @Test("a staged file's temporary goes in its target's folder: the text before the last slash")
  func stagedFolder() {
    #expect(AtomicFile.folder(of: "/data/lists/2026-11-02/patrol/ST1.csv") == "/data/lists/2026-11-02/patrol")
    #expect(AtomicFile.folder(of: "/summary.md") == "/")
    #expect(AtomicFile.folder(of: "summary.md") == ".")
  }

  /// Stages each file on the available cores (every other one by its path), returned in the order
  /// given.
  private func concurrentStage(_ files: [(Data, URL)]) throws -> [AtomicFile.Staged] {
    let results = Mutex([Result<AtomicFile.Staged, Error>?](repeating: nil, count: files.count))
    DispatchQueue.concurrentPerform(iterations: files.count) { k in
      let result = Result {
        k.isMultiple(of: 2)
          ? try AtomicFile.stage(files[k].0, to: files[k].1, makeFolder: false)
          : try AtomicFile.stage(files[k].0, atPath: files[k].1.path)
      }
      results.withLock { $0[k] = result }
    }
    return try results.withLock { $0 }.map { try $0!.get() }
  }
}

@Suite("Levels per subdistrict")
struct LevelsBySubdistrictTests {
  @Test("counts of grids at each level and of red/orange shops, per subdistrict")
  func counts() {
    var report = SmallDistrict.report()
    // Move the last column of grids (G02, G12, G22: orange, yellow, blue) to a second subdistrict.
    for i in report.district.grids.indices where report.district.grids[i].id.hasSuffix("2") {
      report.district.grids[i].subdistrictID = "S2"
    }
    let table = report.levelsBySubdistrict()
    #expect(
      table.columns.map(\.key) == [
        "subdistrict_id", "grids", "red", "orange", "yellow", "blue", "shops_red", "shops_orange",
      ])
    // S1: G00 G01 (red), G10 (orange), G11 (yellow), G20 G21 (blue); shop SH1 red, SH2 blue.
    #expect(
      table.rows == [
        [
          .text("S1"), .integer(6), .integer(2), .integer(1), .integer(1), .integer(2), .integer(1),
          .integer(0),
        ],
        [
          .text("S2"), .integer(3), .integer(0), .integer(1), .integer(1), .integer(1), .integer(0),
          .integer(0),
        ],
      ])
    // The shops' grids from a roster count the same; a shop moved to S2's grid counts there.
    #expect(report.levelsBySubdistrict(shops: ShopRoster(report.district.shops)).rows == table.rows)
    var moved = report.district.shops
    for i in moved.indices where moved[i].id == "SH1" { moved[i].gridID = "G02" }
    let rows = report.levelsBySubdistrict(shops: ShopRoster(moved)).rows
    #expect(rows[0][6] == .integer(0) && rows[1][6] == .integer(1))
  }
}
