import Foundation
import Records
import Testing

@testable import Reports

/// Checks a parsed GeoJSON text against RFC 7946 by walking it, so the test does not trust the
/// writer's own types: the structure, closed rings of ≥ 4 positions, counter-clockwise outer
/// rings and clockwise holes, finite [lon, lat] positions in range.
enum RFC7946 {
  static func problems(in text: String) -> [String] {
    guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      return ["not a JSON object"]
    }
    var found: [String] = []
    if root["type"] as? String != "FeatureCollection" { found.append("type is not FeatureCollection") }
    guard let features = root["features"] as? [[String: Any]] else { return found + ["no features array"] }
    for (i, feature) in features.enumerated() {
      if feature["type"] as? String != "Feature" { found.append("feature \(i): type") }
      if !(feature["properties"] is [String: Any]) { found.append("feature \(i): properties") }
      if feature["geometry"] is NSNull { continue }
      guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String
      else {
        found.append("feature \(i): geometry")
        continue
      }
      switch type {
      case "Polygon":
        found += polygon(geometry["coordinates"], "feature \(i)")
      case "MultiPolygon":
        guard let polygons = geometry["coordinates"] as? [Any], !polygons.isEmpty else {
          found.append("feature \(i): empty MultiPolygon")
          continue
        }
        for (k, p) in polygons.enumerated() { found += polygon(p, "feature \(i) polygon \(k)") }
      case "Point":
        if position(geometry["coordinates"]) == nil { found.append("feature \(i): point") }
      default:
        found.append("feature \(i): unexpected geometry \(type)")
      }
    }
    return found
  }

  static func polygon(_ value: Any?, _ place: String) -> [String] {
    guard let rings = value as? [Any], !rings.isEmpty else { return ["\(place): no rings"] }
    var found: [String] = []
    for (r, ringValue) in rings.enumerated() {
      guard let raw = ringValue as? [Any] else { return found + ["\(place) ring \(r): not an array"] }
      let ring = raw.compactMap(position)
      if ring.count != raw.count { found.append("\(place) ring \(r): a position is not [lon, lat] finite") }
      if ring.count < 4 { found.append("\(place) ring \(r): fewer than 4 positions") }
      if ring.first != ring.last { found.append("\(place) ring \(r): not closed") }
      // Shoelace on (lon, lat): positive is counter-clockwise.
      var twiceArea = 0.0
      for k in 0..<(ring.count - 1) {
        twiceArea += ring[k].lon * ring[k + 1].lat - ring[k + 1].lon * ring[k].lat
      }
      if r == 0, twiceArea <= 0 { found.append("\(place): outer ring not counter-clockwise") }
      if r > 0, twiceArea >= 0 { found.append("\(place) ring \(r): hole not clockwise") }
    }
    return found
  }

  static func position(_ value: Any?) -> GeoPoint? {
    guard let pair = value as? [Any], pair.count == 2, let lon = (pair[0] as? NSNumber)?.doubleValue,
      let lat = (pair[1] as? NSNumber)?.doubleValue, lon.isFinite, lat.isFinite,
      (-180...180).contains(lon), (-90...90).contains(lat)
    else { return nil }
    return GeoPoint(lon: lon, lat: lat)
  }
}

@Suite("GeoJSON: valid RFC 7946 feature collections of grid polygons")
struct GeoJSONTests {
  @Test("the hotspot layer validates: one feature per grid, closed counter-clockwise rings")
  func hotspotLayer() throws {
    let report = SmallDistrict.report()
    let text = report.geoJSON().rendered()
    #expect(RFC7946.problems(in: text) == [])
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let features = try #require(root["features"] as? [[String: Any]])
    #expect(features.count == 9)
    #expect(root["as_of"] as? String == "2024-06-01")
    let first = try #require(
      features.first { ($0["properties"] as? [String: Any])?["grid_id"] as? String == "G00" })
    let properties = try #require(first["properties"] as? [String: Any])
    for key in ["grid_id", "name", "score", "rank", "level", "gi_z", "trend", "reasons"] {
      #expect(properties[key] != nil, "property \(key)")
    }
    #expect(properties["level"] as? String == "红")
    #expect(properties["rank"] as? Int == 1)
    #expect(properties["reasons"] as? [String] == ["近30天案事件9起", "物业纠纷"])
    let bbox = try #require(root["bbox"] as? [Double])
    #expect(bbox.count == 4)
    #expect(abs(bbox[0] - 116.4) < 1e-9 && abs(bbox[3] - (39.9 + 3 * SmallDistrict.side)) < 1e-9)
  }

  @Test("a clockwise, unclosed outer ring is closed and turned; a hole is turned clockwise")
  func winding() throws {
    let outer = SmallDistrict.square(0, 0)  // clockwise in lon/lat, not closed
    #expect(GeoJSON.signedDoubleArea(outer) < 0)
    let hole = [
      GeoPoint(lon: 116.401, lat: 39.901), GeoPoint(lon: 116.402, lat: 39.901),
      GeoPoint(lon: 116.402, lat: 39.902),
    ]  // counter-clockwise
    let fixed = try #require(GeoJSON.normalized([outer, hole]))
    #expect(fixed[0].first == fixed[0].last && fixed[0].count == 5)
    #expect(GeoJSON.signedDoubleArea(Array(fixed[0].dropLast())) > 0)
    #expect(fixed[1].first == fixed[1].last && fixed[1].count == 4)
    #expect(GeoJSON.signedDoubleArea(Array(fixed[1].dropLast())) < 0)
    let text = GeoJSON.featureCollection([GeoFeature(id: "A", polygons: [[outer, hole]], properties: [])])
      .rendered()
    #expect(RFC7946.problems(in: text) == [])
  }

  @Test("several polygons make a MultiPolygon; a centroid alone a Point; nothing at all a null geometry")
  func geometries() throws {
    let features = [
      GeoFeature(
        id: "M", polygons: [[SmallDistrict.square(0, 0)], [SmallDistrict.square(2, 2)]], properties: []),
      GeoFeature(id: "P", polygons: [], point: SmallDistrict.centre(1, 1), properties: []),
      GeoFeature(id: "N", polygons: [], properties: [("score", .number(.nan))]),
      // A degenerate ring (all points on a line) is dropped rather than written invalid.
      GeoFeature(
        id: "D",
        polygons: [
          [[GeoPoint(lon: 116, lat: 39), GeoPoint(lon: 116.1, lat: 39), GeoPoint(lon: 116.2, lat: 39)]]
        ],
        properties: []),
    ]
    let text = GeoJSON.featureCollection(features).rendered()
    #expect(RFC7946.problems(in: text) == [])
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let list = try #require(root["features"] as? [[String: Any]])
    let types = list.map { ($0["geometry"] as? [String: Any])?["type"] as? String }
    #expect(types == ["MultiPolygon", "Point", nil, nil])
    #expect((list[2]["properties"] as? [String: Any])?["score"] is NSNull)
  }

  @Test("the collection written straight to bytes is the JSONValue's pretty text, byte for byte")
  func writtenStraight() throws {
    let hole = [
      GeoPoint(lon: 116.401, lat: 39.901), GeoPoint(lon: 116.402, lat: 39.901),
      GeoPoint(lon: 116.402, lat: 39.902),
    ]
    let features = [
      GeoFeature(id: "H", polygons: [[SmallDistrict.square(0, 0), hole]], properties: [("n", .integer(1))]),
      GeoFeature(
        id: "M", polygons: [[SmallDistrict.square(0, 0)], [SmallDistrict.square(2, 2)]],
        properties: [("reasons", .array([.string("近30天 \"案\" 3 起"), .string("b")])), ("z", .number(-1.25))]),
      GeoFeature(id: "P", polygons: [], point: GeoPoint(lon: 116.123456789, lat: 39.5), properties: []),
      GeoFeature(id: "N\n", polygons: [], properties: [("score", .number(.nan)), ("e", .array([]))]),
    ]
    let members: [(String, JSONValue)] = [("as_of", .string("2026-11-01")), ("model_version", .null)]
    for list in [features, [features[2]], [features[3]], []] {
      #expect(
        GeoJSON.featureCollectionUTF8(list, foreignMembers: members)
          == GeoJSON.featureCollection(list, foreignMembers: members).utf8())
    }
    let report = SmallDistrict.report()
    #expect(report.geoJSONUTF8() == report.geoJSON().utf8())
  }
}
