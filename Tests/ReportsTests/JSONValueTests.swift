import Foundation
import Testing

@testable import Reports

@Suite("JSON: stable key order, valid text, Chinese kept readable")
struct JSONValueTests {
  @Test("keys keep the order given, and the text parses back to the same values")
  func order() throws {
    let value = JSONValue.object([
      ("rank", .integer(1)), ("grid_id", .string("G1")), ("name", .string("网格 \"一\"\n")),
      ("score", .number(0.25)), ("gi_z", .null), ("reasons", .array([.string("a"), .string("b")])),
      ("ok", .bool(true)),
    ])
    let text = value.rendered()
    let keys = ["rank", "grid_id", "name", "score", "gi_z", "reasons", "ok"]
    let positions = keys.map { text.range(of: "\"\($0)\"")!.lowerBound }
    #expect(positions == positions.sorted())
    #expect(text.contains("网格"))
    let parsed = try #require(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(parsed["name"] as? String == "网格 \"一\"\n")
    #expect(parsed["score"] as? Double == 0.25)
    #expect(parsed["gi_z"] is NSNull)
    #expect(parsed["reasons"] as? [String] == ["a", "b"])
  }

  @Test("non-finite numbers become null; control characters are escaped")
  func edges() throws {
    let text = JSONValue.array([.number(.infinity), .number(.nan), .string("\u{1}")]).rendered(pretty: false)
    #expect(text == "[null,null,\"\\u0001\"]")
    #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [Any])
  }

  @Test("input order does not leak into the output: shuffled records give the same bytes")
  func deterministic() {
    let report = SmallDistrict.report()
    var shuffled = report
    shuffled.scores.reverse()
    shuffled.district.grids.reverse()
    shuffled.district.boundaries.reverse()
    for level in HotspotLevel.allCases {
      #expect(report.table(level: level).json().rendered() == shuffled.table(level: level).json().rendered())
    }
    #expect(report.geoJSON().rendered() == shuffled.geoJSON().rendered())
    #expect(report.map().svg() == shuffled.map().svg())
  }
}
