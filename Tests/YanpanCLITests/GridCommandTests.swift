import Foundation
import TestSupport
import Testing

@Suite("yanpan grid: a cell grid over the points of CSV files")
struct GridCommandTests {
  /// Six points: three in one 500 m cell, one ≈ 580 m east, one ≈ 556 m north, and one 5 km east
  /// (a "lake" of empty cells lies between); a row without a location; a gzip-free TSV second file.
  static let points = """
    id,Latitude,Longitude,note
    1,41.8000,-87.7000,a
    2,41.8010,-87.6990,b
    3,41.8002,-87.6995,c
    4,41.8010,-87.6930,east
    5,41.8050,-87.6995,north
    6,,,no location

    """
  static let far = "id\tlat\tlon\n7\t41.8000\t-87.6400\n"

  func files() throws -> URL {
    let dir = try Fixtures.temporaryDirectory("grid")
    try Data(Self.points.utf8).write(to: dir.appendingPathComponent("points.csv"))
    try Data(Self.far.utf8).write(to: dir.appendingPathComponent("far.tsv"))
    return dir
  }

  @Test("writes only the cells holding points (halo 0), rook adjacency both ways, and ingests cleanly")
  func gridThenIngest() throws {
    let dir = try files()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try YanpanProcess.run(
      [
        "grid", "--cell", "500", "--from", "points.csv", "far.tsv", "--out", "g", "--halo", "0", "--prefix",
        "X",
      ],
      in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("1 of 6 rows without a usable location"))
    let gridBytes = try Data(contentsOf: dir.appendingPathComponent("g/grids.csv"))
    #expect(gridBytes.starts(with: [0xEF, 0xBB, 0xBF]), "CSV for Excel: UTF-8 with a BOM")
    let grids = String(decoding: gridBytes.dropFirst(3), as: UTF8.self)
    let gridLines = grids.split(whereSeparator: \.isNewline).map(String.init)
    #expect(
      gridLines.first == "grid_id,name,subdistrict_id,community_id,kind,households,population,lon,lat"
    )
    // Cells (0,0), (0,1), (1,0) and (0,9).
    #expect(
      gridLines.dropFirst().map { String($0.prefix(8)) }.sorted() == [
        "X000-000", "X000-001", "X000-009", "X001-000",
      ])
    // Households stay empty: rates per grid.
    #expect(
      gridLines.dropFirst().allSatisfy {
        $0.split(separator: ",", omittingEmptySubsequences: false)[5].isEmpty
      })
    #expect(gridLines.contains { $0.hasPrefix("X000-009,") && $0.contains(",XS00-01,XM000-004,") })
    let adjacency = try String(
      contentsOf: dir.appendingPathComponent("g/grid_adjacency.csv"), encoding: .utf8
    )
    .split(whereSeparator: \.isNewline).dropFirst().map(String.init)
    #expect(
      Set(adjacency) == [
        "X000-000,X000-001", "X000-001,X000-000", "X000-000,X001-000", "X001-000,X000-000",
      ])
    let geo = try JSONSerialization.jsonObject(
      with: Data(contentsOf: dir.appendingPathComponent("g/grids.geojson")))
    let features = try #require((geo as? [String: Any])?["features"] as? [[String: Any]])
    #expect(features.count == 4)
    #expect(
      features.allSatisfy {
        (($0["properties"] as? [String: Any])?["grid_id"] as? String)?.hasPrefix("X") == true
      })

    // Every point resolves into a written cell by point-in-polygon when ingested as incidents.
    let incidents = """
      incident_id,occurred_at,category,lon,lat
      1,2014-01-02,BURGLARY,-87.7000,41.8000
      2,2014-01-02,BURGLARY,-87.6990,41.8010
      3,2014-01-02,BURGLARY,-87.6995,41.8002
      4,2014-01-02,BURGLARY,-87.6930,41.8010
      5,2014-01-02,BURGLARY,-87.6995,41.8050
      7,2014-01-02,BURGLARY,-87.6400,41.8000

      """
    try Data(incidents.utf8).write(to: dir.appendingPathComponent("incidents.csv"))
    let ingest = try YanpanProcess.run(
      [
        "ingest", "g/grids.csv", "g/grids.geojson", "g/grid_adjacency.csv", "incidents.csv", "--db",
        "y.sqlite", "--json", "--quiet",
      ],
      in: dir)
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let ledger = try #require(
      try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
    #expect(ledger["rejected"] as? Int == 0)
    #expect(ledger["read"] as? Int == 4 + 4 + 4 + 6)
  }

  @Test("the default halo of one cell adds the ring around occupied cells, not the gap between")
  func halo() throws {
    let dir = try files()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try YanpanProcess.run(
      ["grid", "--cell", "500", "--from", "points.csv", "far.tsv", "--out", "g"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let rows =
      try String(contentsOf: dir.appendingPathComponent("g/grids.csv"), encoding: .utf8)
      .split(whereSeparator: \.isNewline).count - 1
    // The 3×3 blocks around (0,0), (0,1) and (1,0): rows −1…1 × columns −1…2 (12 cells) and
    // row 2 × columns −1…1 (3); the far cell (0,9) adds its own 9, the 5 km between them nothing.
    #expect(rows == 15 + 9)
  }

  @Test("bad usage exits 2; a file without coordinates exits 65 naming it")
  func errors() throws {
    let dir = try files()
    defer { try? FileManager.default.removeItem(at: dir) }
    let zero = try YanpanProcess.run(["grid", "--cell", "0", "--from", "points.csv", "--out", "g"], in: dir)
    #expect(zero.status == 2)
    try Data("a,b\n1,2\n".utf8).write(to: dir.appendingPathComponent("nolonlat.csv"))
    let bad = try YanpanProcess.run(
      ["grid", "--cell", "500", "--from", "nolonlat.csv", "--out", "g"], in: dir)
    #expect(bad.status == 65)
    #expect(bad.stderr.contains("nolonlat.csv"))
    let named = try YanpanProcess.run(
      [
        "grid", "--cell", "500", "--from", "nolonlat.csv", "--out", "g", "--lon-field", "a", "--lat-field",
        "b",
      ], in: dir)
    #expect(named.status == 0, "\(named.stderr)")
  }
}
