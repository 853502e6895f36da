import Foundation
import Ingest
import Records
import Testing

@Suite struct ReaderFormatTests {
  typealias Kit = IngestTestKit

  @Test("CSV: quoted commas, line breaks and quotes, CRLF endings; lines count the embedded breaks")
  func rfc4180() throws {
    let text =
      "street_id,name,subdistrict_id,chief,members,partner\r\n"
      + "S1,\"长江路, 东段\",SD1,张三,\"李四:城管;王五:民警\",\"自治会\"\"一号\"\"\"\r\n"
      + "S2,\"黄河\r\n路\",SD1,赵六,,\r\n"
      + "S3,淮河路,SD2,钱七,,\r\n"
    let (rows, summary) = try Kit.read(try Kit.file("streets.csv", text))
    #expect(summary.kind == .records(.streets))
    #expect(summary.format == .csv)
    #expect(rows.map(\.line) == [2, 3, 5])
    guard case .street(let s1) = try rows[0].result.get(), case .street(let s2) = try rows[1].result.get()
    else {
      Issue.record("not streets")
      return
    }
    #expect(s1.name == "长江路, 东段")
    #expect(s1.members == [Street.Member(name: "李四", role: "城管"), Street.Member(name: "王五", role: "民警")])
    #expect(s1.partner == "自治会\"一号\"")
    #expect(s1.dailyCapacity == Street.defaultDailyCapacity)
    #expect(s2.name == "黄河\r\n路")
  }

  @Test("TSV by extension and by a tab-separated header in a .csv file")
  func tsv() throws {
    let text = "grid_id\tneighbor_id\nG1\tG2\nG2\tG3\n"
    for name in ["adj.tsv", "adj.csv"] {
      let (rows, summary) = try Kit.read(try Kit.file(name, text))
      #expect(summary.format == .tsv)
      #expect(
        Kit.records(rows) == [
          .adjacency(GridAdjacency(gridID: "G1", neighborID: "G2")),
          .adjacency(GridAdjacency(gridID: "G2", neighborID: "G3")),
        ])
    }
  }

  @Test("JSON Lines: keys as headers, numbers and nulls as cells, a bad line rejected in place")
  func jsonLines() throws {
    let text = """
      {"inspection_id":"I1","inspected_at":"2023-05-07 10:00","shop_id":"P1","hazards_found":2,"result":"存在隐患","extra":1}
      not json
      {"inspection_id":"I2","inspected_at":"2023-05-08","shop_id":"P2","hazards_found":0,"major_hazards":null}
      """
    let (rows, summary) = try Kit.read(try Kit.file("inspections.jsonl", text))
    #expect(summary.kind == .records(.inspections))
    #expect(summary.unknownColumns == ["extra"])
    #expect(rows.count == 3)
    #expect(rows.map(\.line) == [1, 2, 3])
    guard case .inspection(let i1) = try rows[0].result.get() else { return }
    #expect(i1.hazardsFound == 2 && i1.result == .hazard)
    #expect((try? rows[1].result.get()) == nil)
    #expect(rows[1].raw == "not json")
    guard case .inspection(let i2) = try rows[2].result.get() else { return }
    #expect(i2.result == .pass && i2.majorHazards == 0)
  }

  @Test(".gz files are read directly, and give the same records as the plain file")
  func gzip() throws {
    var text = "grid_id,neighbor_id\n"
    for i in 0..<5000 { text += "G\(i),G\(i + 1)\n" }
    let plain = try Kit.file("adjacency.csv", text)
    let gz = try Kit.gzip(plain)
    let (plainRows, _) = try Kit.read(plain)
    let (gzRows, summary) = try Kit.read(gz)
    #expect(summary.compressed)
    #expect(gzRows.count == 5000)
    #expect(Kit.records(gzRows) == Kit.records(plainRows))
  }

  @Test("a .gz file cut short is an error naming the file, not a shorter file read as whole")
  func truncatedGzip() throws {
    var text = "grid_id,neighbor_id\n"
    for i in 0..<20000 { text += "G\(i),G\(i + 1)\n" }
    let gz = try Kit.gzip(try Kit.file("cut.csv", text))
    let bytes = try Data(contentsOf: gz)
    try bytes.prefix(bytes.count / 2).write(to: gz)
    #expect {
      _ = try Kit.read(gz)
    } throws: { error in
      (error as? InputError).map { $0.file == gz.path && $0.problem.contains("cannot read") } ?? false
    }
  }

  @Test("GeoJSON: Polygon and MultiPolygon features become boundaries; a feature without grid_id is rejected")
  func geoJSON() throws {
    let text = """
      {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"grid_id":"G1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
        {"type":"Feature","properties":{"网格编号":"G2"},"geometry":{"type":"MultiPolygon","coordinates":[[[[2,0],[3,0],[3,1],[2,0]]],[[[4,0],[5,0],[5,1],[4,0]]]]}},
        {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
      ]}
      """
    let (rows, summary) = try Kit.read(try Kit.file("grids.geojson", text))
    #expect(summary.kind == .boundaries)
    guard case .boundary(let g1) = try rows[0].result.get(), case .boundary(let g2) = try rows[1].result.get()
    else {
      Issue.record("not boundaries")
      return
    }
    #expect(g1.gridID == "G1" && g1.polygons.count == 1 && g1.polygons[0][0].count == 5)
    #expect(g2.gridID == "G2" && g2.polygons.count == 2)
    #expect((try? rows[2].result.get()) == nil)
  }

  @Test("Blank lines and rows of empty cells are not rows; a row with extra non-empty cells is rejected")
  func blankAndRagged() throws {
    let text = "grid_id,neighbor_id\n\nG1,G2\n,\nG3,G4,extra\nG5,G6,\n"
    let (rows, summary) = try Kit.read(try Kit.file("adj.csv", text))
    #expect(rows.count == 3)
    #expect(summary.rows == 3 && summary.rejected == 1)
    #expect((try? rows[1].result.get()) == nil)
    #expect(rows[1].raw == "G3,G4,extra")
  }

  @Test("A file read in many small chunks gives the same rows as one read (streaming across boundaries)")
  func largeQuotedFile() throws {
    var text = "street_id,name,subdistrict_id,chief,members\n"
    for i in 0..<20_000 { text += "S\(i),\"路\(i),\"\"东\"\"\nB\",SD,长\(i),\"a:b;c:d\"\r\n" }
    let (rows, _) = try Kit.read(try Kit.file("streets.csv", text))
    #expect(rows.count == 20_000)
    #expect(rows.allSatisfy { (try? $0.result.get()) != nil })
    #expect(rows.last?.line == 2 + 2 * 19_999)
    if case .street(let s) = try rows[12_345].result.get() { #expect(s.name == "路12345,\"东\"\nB") }
  }
}
