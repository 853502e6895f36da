import Foundation
import Records
import Testing

@testable import Reports

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects what the tests look for while XMLParser reads an SVG.
final class SVGCollector: NSObject, XMLParserDelegate {
  var elements: [String: Int] = [:]
  var pathIDs: [String] = []
  var pathFills: [String: String] = [:]
  var texts: [String] = []
  private var text = ""

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    elements[name, default: 0] += 1
    if name == "path", let id = attributes["id"] {
      pathIDs.append(id)
      pathFills[id] = attributes["fill"]
    }
    text = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
  {
    if name == "text" { texts.append(text) }
    text = ""
  }

  /// Parses `svg`; nil when it is not well-formed XML.
  static func parse(_ svg: String) -> SVGCollector? {
    let collector = SVGCollector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    return parser.parse() ? collector : nil
  }
}

@Suite("SVG map: well-formed XML, one path per grid, coloured by level, legend and labels")
struct ChoroplethMapTests {
  @Test("the map parses as XML and holds exactly one path per grid, filled by its level")
  func onePathPerGrid() throws {
    let report = SmallDistrict.report()
    let svg = report.map(labelTop: 3).svg()
    let parsed = try #require(SVGCollector.parse(svg))
    #expect(parsed.elements["svg"] == 1)
    #expect(parsed.elements["path"] == report.district.grids.count)
    #expect(Set(parsed.pathIDs) == Set(report.district.grids.map { "grid-\($0.id)" }))
    for score in report.gridScores {
      #expect(parsed.pathFills["grid-\(score.id)"] == LevelStyle.fill(score.level))
    }
    // Legend: each level with its count of grids.
    #expect(parsed.texts.contains("红 重大风险  2"))
    #expect(parsed.texts.contains("蓝 低风险  3"))
    // The top three are labelled with their rank and name; the fourth is not.
    for rank in 1...3 { #expect(parsed.texts.contains("\(rank)")) }
    #expect(parsed.texts.contains("网格00号"))
    #expect(!parsed.texts.contains("网格10号"))
    // Title with the as-of date and model; a scale bar with a round length.
    #expect(parsed.texts.contains { $0.contains("2024-06-01") && $0.contains("test-1") })
    #expect(parsed.texts.contains { $0.hasSuffix(" m") || $0.hasSuffix(" km") })
  }

  @Test("edges between grids of different subdistricts are drawn as borders, outside paths")
  func borders() throws {
    var report = SmallDistrict.report()
    // Column 2 (G02, G12, G22) becomes a second subdistrict: three edges border column 1.
    for i in report.district.grids.indices where report.district.grids[i].id.hasSuffix("2") {
      report.district.grids[i].subdistrictID = "S2"
    }
    let parsed = try #require(SVGCollector.parse(report.map().svg()))
    #expect(parsed.elements["polyline"] == 3)
    #expect(parsed.elements["path"] == 9)
    // One subdistrict: no borders at all (the district's outline is not a border).
    let single = try #require(SVGCollector.parse(SmallDistrict.report().map().svg()))
    #expect(single.elements["polyline"] == nil)
  }

  @Test("names with XML's special characters are escaped and still parse")
  func escaping() throws {
    var report = SmallDistrict.report()
    report.district.grids[0].name = "A&B <网格> \"引号\" 'x'\u{1}"
    let svg = report.map().svg()
    let parsed = try #require(SVGCollector.parse(svg))
    #expect(parsed.texts.contains("A&B <网格> \"引号\" 'x'"))
  }

  @Test("a grid known only by its centroid is drawn as a marker path; one with nothing is noted")
  func withoutBoundaries() throws {
    var report = SmallDistrict.report()
    report.district.boundaries.removeAll { $0.gridID == "G11" }
    report.district.boundaries.removeAll { $0.gridID == "G22" }
    report.district.grids[8].location = nil  // G22
    let parsed = try #require(SVGCollector.parse(report.map().svg()))
    #expect(parsed.elements["path"] == 8)
    #expect(parsed.pathIDs.contains("grid-G11"))
    #expect(parsed.texts.contains { $0.contains("1 个网格无边界") })
  }

  @Test("the projection keeps squares square: east–west scaled by cos(latitude)")
  func projection() throws {
    // A square of 0.01° latitude by 0.01°/cos(40°) longitude is about as wide as it is tall.
    let lat = 40.0
    let dLon = 0.01 / cos(lat * .pi / 180)
    let corners = [GeoPoint(lon: 116, lat: lat - 0.005), GeoPoint(lon: 116 + dLon, lat: lat + 0.005)]
    let p = try #require(MapProjection(fitting: corners, into: (0, 0, 500, 500)))
    let a = p.project(corners[0])
    let b = p.project(corners[1])
    #expect(abs(abs(b.x - a.x) - abs(b.y - a.y)) < 0.5)
    #expect(b.y < a.y)  // north is up
    // 0.01° of latitude is ~1112 m; tolerance 1 m.
    #expect(abs(abs(b.y - a.y) * p.metresPerUnit - 0.01 * MapProjection.metresPerDegree) < 1)
  }

  @Test("coordinates are written with one decimal at most, as Cell.fixed writes the rounded value")
  func coordinates() {
    var generator = SeededNumbers(seed: 7)
    let samples =
      [0, -0.04, 0.05, -0.05, 0.25, -0.25, 1.95, 999.95, -12.349, 760, 0.1, 1e-9, -1e-9]
      + (0..<20_000).map { _ in (Double(generator.next() % 2_000_000) - 1_000_000) / 997 }
    for x in samples {
      let r = Cell.rounded(x, digits: 1)
      let expected = r == r.rounded() ? String(Int(r)) : Cell.fixed(r, digits: 1)
      #expect(ChoroplethMap.coordinate(x) == expected, "\(x)")
    }
  }
}

/// A small deterministic generator for sample values (SplitMix64, Steele, Lea and Flood 2014).
private struct SeededNumbers {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
