import Foundation
import Records
import Reports
import Store
import TestSupport
import Testing

@testable import YanpanCLI

/// `yanpan patrol` against a small store: one street team of capacity 3 with eight shops (one
/// closed, one with hazards past their deadline), two grids, and one stored score snapshot.
@Suite("patrol command")
struct PatrolCommandTests {
  static let asOf = Day(year: 2024, month: 6, day: 1)

  /// A store in a fresh folder; the caller removes the folder.
  static func makeStore() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("patrol")
    let db = folder.appendingPathComponent("test.sqlite")
    let store = try Store(path: db.path)
    var scores: [RiskScore] = []
    try store.write { w in
      try w.beginFile(path: "fixture", kind: "shops", contentHash: nil)
      for g in 1...2 {
        _ = try w.put(
          Grid(id: "G\(g)", subdistrictID: "SD1", communityID: "C1"), fingerprint: "G\(g)", line: g)
      }
      _ = try w.put(GridAdjacency(gridID: "G1", neighborID: "G2"), fingerprint: "A", line: 1)
      _ = try w.put(
        Street(id: "ST1", name: "人民路", subdistrictID: "SD1", chief: "张三", dailyCapacity: 3),
        fingerprint: "ST1", line: 1)
      for i in 1...8 {
        let id = "SH\(i)"
        _ = try w.put(
          Shop(
            id: id, name: "商铺\(i)", streetID: "ST1", gridID: i <= 4 ? "G1" : "G2", category: "shop.retail",
            location: GeoPoint(lon: 116.40 + Double(i) * 0.0005, lat: 39.90), status: i == 8 ? .closed : .open
          ),
          fingerprint: id, line: i)
        _ = try w.put(
          Inspection(
            id: "I\(i)", inspectedAt: Fixtures.date(2024, 5, 10 - i), shopID: id,
            hazardsFound: i == 1 ? 2 : 0,
            rectifyDue: i == 1 ? Fixtures.date(2024, 5, 20) : nil),
          fingerprint: "I\(i)", line: i)
        // SH1 (the one overdue) has the lowest score.
        scores.append(
          RiskScore(
            entity: .shop, id: id, score: Double(i) / 10, rank: 9 - i, level: i > 6 ? .red : .blue,
            reasons: [Reason(zh: "原因\(i)", en: "reason \(i)")]))
      }
      try w.endFile()
    }
    try store.saveScores(
      run: ScoreRun(asOf: asOf, modelVersion: "test-1", dataFingerprint: "f"), scores: scores)
    return db
  }

  static func run(_ arguments: [String]) -> Int32 { YanpanMain.run(arguments) }

  @Test("CSV: BOM, the contract's columns first, capacity kept, closed shop absent, re-check first")
  func csv() throws {
    let db = try Self.makeStore()
    defer { try? FileManager.default.removeItem(at: db.deletingLastPathComponent()) }
    let out = db.deletingLastPathComponent().appendingPathComponent("patrol.csv")
    let code = Self.run([
      "patrol", "--db", db.path, "--as-of", "2024-06-01", "--days", "3", "--format", "csv", "--out", out.path,
      "--quiet",
    ])
    #expect(code == 0)
    let data = try Data(contentsOf: out)
    #expect(Array(data.prefix(3)) == TextEncoding.byteOrderMark)
    let lines = try TextEncoding.utf8BOM.decode(data).split(separator: "\r\n").map(String.init)
    #expect(lines.first?.hasPrefix("street_id,day,order,shop_id,name,score,last_inspected,reasons") == true)
    let rows = lines.dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    #expect(!rows.isEmpty)
    #expect(Dictionary(grouping: rows, by: { $0[1] }).values.allSatisfy { $0.count <= 3 })
    #expect(!rows.contains { $0[3] == "SH8" })
    let recheck = try #require(rows.first { $0[3] == "SH1" })
    #expect(recheck[1] == "2024-06-02")
    #expect(recheck.contains("逾期复查"))
  }

  @Test("JSON: an array of rows keyed by the contract's column names")
  func json() throws {
    let db = try Self.makeStore()
    defer { try? FileManager.default.removeItem(at: db.deletingLastPathComponent()) }
    let out = db.deletingLastPathComponent().appendingPathComponent("patrol.json")
    #expect(
      Self.run([
        "patrol", "--db", db.path, "--as-of", "2024-06-01", "--format", "json", "--out", out.path, "--quiet",
        "--lang", "en",
      ]) == 0)
    let rows = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [[String: Any]])
    let keys = [
      "street_id", "day", "order", "shop_id", "name", "score", "last_inspected", "reasons", "level", "kind",
    ]
    #expect(rows.allSatisfy { row in keys.allSatisfy { row[$0] != nil } })
    #expect(rows.contains { $0["kind"] as? String == "recheck" })
  }

  @Test("grid lists: B covers an away grid with the post marked")
  func gridLists() throws {
    let db = try Self.makeStore()
    defer { try? FileManager.default.removeItem(at: db.deletingLastPathComponent()) }
    let out = db.deletingLastPathComponent().appendingPathComponent("grid.csv")
    #expect(
      Self.run([
        "patrol", "--db", db.path, "--as-of", "2024-06-01", "--days", "1", "--by", "grid", "--away", "G2",
        "--format", "csv", "--out", out.path, "--quiet",
      ]) == 0)
    let text = try TextEncoding.utf8BOM.decode(Data(contentsOf: out))
    #expect(text.hasPrefix("grid_id,post,covered_by,"))
    #expect(text.contains("G2,B,G1,"))
  }

  @Test("--history: shops walked from last night's list rest for the revisit interval tonight")
  func history() throws {
    let db = try Self.makeStore()
    let folder = db.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    let lists = folder.appendingPathComponent("lists")
    try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
    let night1 = lists.appendingPathComponent("night1.csv")
    let night2 = folder.appendingPathComponent("night2.csv")
    let common = ["--db", db.path, "--format", "csv", "--quiet", "--revisit", "7"]
    #expect(Self.run(["patrol", "--as-of", "2024-06-01", "--out", night1.path] + common) == 0)
    #expect(
      Self.run(["patrol", "--as-of", "2024-06-02", "--out", night2.path, "--history", lists.path] + common)
        == 0)
    func rows(_ url: URL) throws -> [[String]] {
      try TextEncoding.utf8BOM.decode(Data(contentsOf: url)).split(separator: "\r\n").dropFirst()
        .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    let walked = Set(try rows(night1).filter { $0[1] == "2024-06-02" }.map { $0[3] })
    #expect(walked.count == 3)
    let relisted = try rows(night2).filter { walked.contains($0[3]) && $0[1] < "2024-06-09" }
    #expect(relisted.isEmpty)
  }

  @Test("bad usage exits 2; no store exits 1 and creates none")
  func failures() throws {
    let db = try Self.makeStore()
    let folder = db.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(Self.run(["patrol", "--db", db.path, "--street", "NOPE"]) == 2)
    #expect(Self.run(["patrol", "--db", db.path, "--street", "ST1", "--subdistrict", "SD1"]) == 2)
    #expect(Self.run(["patrol", "--db", db.path, "--revisit", "40", "--coverage", "30"]) == 2)
    let missing = folder.appendingPathComponent("missing.sqlite")
    #expect(Self.run(["patrol", "--db", missing.path]) == 1)
    #expect(!FileManager.default.fileExists(atPath: missing.path))
  }
}
