import Foundation
import Records
import Testing

@testable import Ingest

/// Grid boundaries are read through typed decoding when every feature is well formed, through the
/// general reader otherwise; both must give the same features.
@Suite("GeoJSON boundaries: the typed reader equals the general one")
struct GeoJSONReadingTests {
  /// A collection of `count` square cells, every fifth a MultiPolygon of two squares (the second
  /// with a hole), ids as text, every seventh id given as a number under the Chinese alias.
  static func collection(_ count: Int) -> String {
    func square(_ x: Double, _ y: Double, _ size: Double) -> String {
      let ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
      return "[" + ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]"
    }
    var features: [String] = []
    for i in 0..<count {
      let x = 110 + Double(i % 40) * 0.0042
      let y = 40 + Double(i / 40) * 0.0032
      let properties =
        i % 7 == 0
        ? "{\"网格编号\":\(1000 + i),\"name\":\"格\(i)\"}" : "{\"grid_id\":\"G\(i)\",\"population\":12.5}"
      let geometry =
        i % 5 == 0
        ? "{\"type\":\"MultiPolygon\",\"coordinates\":[[\(square(x, y, 0.002))],"
          + "[\(square(x + 0.002, y, 0.002)),\(square(x + 0.0025, y + 0.0005, 0.0005))]]}"
        : "{\"type\":\"Polygon\",\"coordinates\":[\(square(x, y, 0.004))]}"
      features.append("{\"type\":\"Feature\",\"properties\":\(properties),\"geometry\":\(geometry)}")
    }
    return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
  }

  /// Two readings agree: same numbers and outcomes, same grid ids and polygon shapes, and every
  /// coordinate within 1e-9° (0.1 mm). Not bit for bit: `JSONSerialization` on Linux does not
  /// round 17-digit decimals correctly (40.001000000000005 reads as 40.00100000000001), while
  /// `JSONDecoder` does.
  static func agree(_ a: [GeoJSONBoundaries.Feature], _ b: [GeoJSONBoundaries.Feature]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
      guard x.number == y.number else { return false }
      switch (x.result, y.result) {
      case (.success(.boundary(let p)), .success(.boundary(let q))):
        guard p.gridID == q.gridID, p.polygons.count == q.polygons.count else { return false }
        for (r, s) in zip(p.polygons, q.polygons) {
          guard r.count == s.count else { return false }
          for (u, v) in zip(r, s) {
            guard u.count == v.count,
              zip(u, v).allSatisfy({ abs($0.lon - $1.lon) <= 1e-9 && abs($0.lat - $1.lat) <= 1e-9 })
            else { return false }
          }
        }
      case (.failure(let p), .failure(let q)):
        guard p == q else { return false }
      default:
        return false
      }
    }
    return true
  }

  @Test("well-formed collections read the same typed and general, in every coordinate system")
  func wellFormed() throws {
    let text = Self.collection(120)
    for crs in [CoordinateSystem.wgs84, .gcj02, .bd09] {
      let typed = try #require(GeoJSONBoundaries.Typed.read(text, crs: crs, aliases: .contract))
      let general = try GeoJSONBoundaries.general(text, crs: crs, aliases: .contract, file: "g.geojson")
      #expect(typed.count == 120)
      #expect(Self.agree(typed, general), "\(crs)")
    }
  }

  @Test(
    "a collection the typed reader cannot take (a bad feature, text coordinates) goes to the general reader",
    arguments: [
      "{\"type\":\"Feature\",\"properties\":{\"grid_id\":\"GX\"},\"geometry\":null}",
      "{\"type\":\"Feature\",\"properties\":{\"grid_id\":\"GX\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[110,40]}}",
      "{\"type\":\"Feature\",\"properties\":{\"other\":\"GX\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[110,40],[110.1,40],[110,40.1],[110,40]]]}}",
      "{\"type\":\"Feature\",\"properties\":{\"grid_id\":\"GX\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\"110\",\"40\"],[110.1,40],[110,40.1],[110,40]]]}}",
      "{\"type\":\"Feature\",\"properties\":{\"grid_id\":\"GX\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[190,40],[110.1,40],[110,40.1],[190,40]]]}}",
    ])
  func badFeature(_ feature: String) throws {
    var text = Self.collection(10)
    text.removeLast(2)
    text += ",\n" + feature + "]}"
    #expect(GeoJSONBoundaries.Typed.read(text, crs: .wgs84, aliases: .contract) == nil)
    let read = try GeoJSONBoundaries.read(text, crs: .wgs84, aliases: .contract, file: "g.geojson")
    #expect(read.count == 11)
    let general = try GeoJSONBoundaries.general(text, crs: .wgs84, aliases: .contract, file: "g.geojson")
    #expect(Self.agree(read, general))
    #expect(read.filter { if case .failure = $0.result { true } else { false } }.count <= 1)
  }
}
