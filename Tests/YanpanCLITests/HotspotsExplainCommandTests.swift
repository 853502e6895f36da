import Foundation
import Records
import Store
import TestSupport
import Testing

@testable import YanpanCLI

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `yanpan hotspots` and `yanpan explain` against a small store: 2 × 3 grids with boundaries, one
/// shop, a few records and one stored score snapshot.
@Suite("hotspots and explain commands")
struct HotspotsExplainCommandTests {
  static let asOf = Day(year: 2024, month: 6, day: 1)
  static let pseudonym = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"

  /// A store in a fresh folder; the caller removes the folder.
  static func makeStore() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("hotspots")
    let db = folder.appendingPathComponent("test.sqlite")
    let store = try Store(path: db.path)
    var scores: [RiskScore] = []
    try store.write { w in
      try w.beginFile(path: "fixture", kind: "grids", contentHash: nil)
      for r in 0..<2 {
        for c in 0..<3 {
          let id = "G\(r)\(c)"
          let (x, y) = (116.4 + Double(c) * 0.01, 39.9 + Double(r) * 0.01)
          try w.put(
            Grid(
              id: id, name: "网格\(r)\(c)", subdistrictID: "S\(c / 2)", communityID: "C\(c)", households: 100),
            fingerprint: id, line: 1)
          let ring = [
            GeoPoint(lon: x, lat: y), GeoPoint(lon: x + 0.01, lat: y), GeoPoint(lon: x + 0.01, lat: y + 0.01),
            GeoPoint(lon: x, lat: y + 0.01),
          ]
          try w.put(GridBoundary(gridID: id, polygons: [[ring]]), fingerprint: id, line: 1)
          let i = r * 3 + c
          scores.append(
            RiskScore(
              entity: .grid, id: id, score: 1 - Double(i) / 10, rank: i + 1, level: i == 0 ? .red : .blue,
              giZ: 2 - Double(i) / 2, trend: "persistent",
              contributions: [Contribution(feature: "incidents.all.hl30", value: 2, contribution: 0.4)],
              reasons: [Reason(zh: "近30天案事件\(6 - i)起", en: "\(6 - i) incidents")]))
        }
      }
      try w.put(
        Shop(id: "SH1", name: "便民超市", streetID: "ST1", gridID: "G00", category: "shop.retail"),
        fingerprint: "SH1", line: 1)
      try w.put(
        Incident(
          id: "E1", occurredAt: Fixtures.date(2024, 5, 20), category: "public_order.fight", severity: 2,
          gridID: "G00"), fingerprint: "E1", line: 1)
      try w.put(
        Petition(
          id: "P1", receivedAt: Fixtures.date(2024, 5, 10), category: "petition.housing",
          petitionerKey: pseudonym, gridID: "G00"), fingerprint: "P1", line: 1)
      try w.put(
        Inspection(id: "I1", inspectedAt: Fixtures.date(2024, 4, 2), shopID: "SH1", hazardsFound: 1),
        fingerprint: "I1", line: 1)
      try w.endFile()
    }
    scores.append(RiskScore(entity: .shop, id: "SH1", score: 0.5, rank: 1, level: .orange))
    try store.saveScores(
      run: ScoreRun(asOf: asOf, modelVersion: "test-1", dataFingerprint: "f"), scores: scores)
    return db
  }

  static func run(_ arguments: [String]) -> Int32 { YanpanMain.run(arguments) }

  @Test("CSV: BOM, the contract's header, one row per grid, reasons joined by the full-width semicolon")
  func csv() throws {
    let db = try Self.makeStore()
    defer { try? FileManager.default.removeItem(at: db.deletingLastPathComponent()) }
    let out = db.deletingLastPathComponent().appendingPathComponent("hotspots.csv")
    let code = Self.run([
      "hotspots", "--db", db.path, "--as-of", "2024-06-01", "--format", "csv", "--out", out.path, "--quiet",
    ])
    #expect(code == 0)
    let data = try Data(contentsOf: out)
    #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let lines = String(decoding: data.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
    #expect(lines.first == "rank,grid_id,name,subdistrict_id,score,gi_z,trend,reasons,level")
    #expect(lines.count == 7)
    #expect(lines[1].hasPrefix("1,G00,网格00,S0,1.0000,2.00,持续热点,近30天案事件6起,红"))
  }

  @Test("shop level columns; community level; GB18030 output decodes back")
  func levels() throws {
    let db = try Self.makeStore()
    let folder = db.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    let shop = folder.appendingPathComponent("shops.csv")
    #expect(
      Self.run([
        "hotspots", "--db", db.path, "--as-of", "2024-06-01", "--level", "shop", "--format", "csv",
        "--encoding", "utf8", "--out", shop.path, "--quiet",
      ]) == 0)
    let shopLines = try String(contentsOf: shop, encoding: .utf8).split(separator: "\r\n")
    #expect(shopLines.first == "rank,shop_id,name,street_id,grid_id,score,last_inspected,reasons,level")
    #expect(shopLines[1] == "1,SH1,便民超市,ST1,G00,0.5000,2024-04-02,,橙")
    let community = folder.appendingPathComponent("communities.csv")
    #expect(
      Self.run([
        "hotspots", "--db", db.path, "--as-of", "2024-06-01", "--level", "community", "--format", "csv",
        "--encoding", "gb18030", "--out", community.path, "--quiet",
      ]) == 0)
    let decoded = try #require(try gb18030(community))
    #expect(decoded.hasPrefix("rank,community_id,name,score,grids,red,orange,max_gi_z,reasons"))
    #expect(decoded.contains("红色网格 1 个"))
  }

  /// GB18030 decoded by iconv(1), independently of the writer's own iconv(3) call.
  func gb18030(_ url: URL) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "GB18030", "-t", "UTF-8", url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(data: data, encoding: .utf8)
  }

  @Test("GeoJSON and SVG cover every grid; the SVG parses as XML with one path per grid")
  func maps() throws {
    let db = try Self.makeStore()
    let folder = db.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    let geo = folder.appendingPathComponent("hotspots.geojson")
    let svg = folder.appendingPathComponent("hotspots.svg")
    #expect(
      Self.run([
        "hotspots", "--db", db.path, "--as-of", "2024-06-01", "--format", "geojson", "--out", geo.path,
        "--quiet",
      ]) == 0)
    #expect(
      Self.run([
        "hotspots", "--db", db.path, "--as-of", "2024-06-01", "--format", "svg", "--out", svg.path, "--quiet",
      ]) == 0)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: geo)) as? [String: Any])
    #expect(root["type"] as? String == "FeatureCollection")
    #expect((root["features"] as? [Any])?.count == 6)
    final class Paths: NSObject, XMLParserDelegate {
      var count = 0
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
      ) { if name == "path" { count += 1 } }
    }
    let parser = try #require(XMLParser(contentsOf: svg))
    let paths = Paths()
    parser.delegate = paths
    #expect(parser.parse())
    #expect(paths.count == 6)
  }

  @Test("explain lists the score, rank, contributions and record ids, never the petitioner's pseudonym")
  func explain() throws {
    let db = try Self.makeStore()
    let folder = db.deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    let capture = folder.appendingPathComponent("explain.json")
    let code = Self.run([
      "explain", "G00", "--db", db.path, "--as-of", "2024-06-01", "--format", "json", "--lang", "en", "--out",
      capture.path,
    ])
    #expect(code == 0)
    let text = try String(contentsOf: capture, encoding: .utf8)
    #expect(!text.contains(Self.pseudonym))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(root["rank"] as? Int == 1 && root["of"] as? Int == 6 && root["level"] as? String == "red")
    let records = try #require(root["records"] as? [String: Any])
    let petitions = try #require((records["petitions"] as? [String: Any])?["listed"] as? [[String: Any]])
    #expect(petitions.map { $0["petition_id"] as? String } == ["P1"])
    let inspections = try #require((records["inspections"] as? [String: Any])?["listed"] as? [[String: Any]])
    #expect(inspections.map { $0["inspection_id"] as? String } == ["I1"])
  }

  @Test("no snapshot on or before the date, an unknown id, a map of shops: one clear failure each")
  func failures() throws {
    let db = try Self.makeStore()
    defer { try? FileManager.default.removeItem(at: db.deletingLastPathComponent()) }
    #expect(Self.run(["hotspots", "--db", db.path, "--as-of", "2024-01-01", "--quiet"]) == 1)
    #expect(Self.run(["explain", "NOPE", "--db", db.path, "--as-of", "2024-06-01"]) == 2)
    #expect(Self.run(["hotspots", "--db", db.path, "--level", "shop", "--format", "svg"]) == 2)
    #expect(Self.run(["hotspots", "--db", db.path, "--as-of", "June"]) == 2)
  }
}
