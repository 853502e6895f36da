import Foundation
import Records
import Testing

@testable import Store

@Suite("Stored grid boundaries")
struct GeoJSONGeometryTests {
  let square: PolygonRings = [
    [
      GeoPoint(lon: 109.8123456, lat: 40.6), GeoPoint(lon: 109.9, lat: 40.6),
      GeoPoint(lon: 109.9, lat: 40.7), GeoPoint(lon: -0.0000001, lat: 40.7),
      GeoPoint(lon: 109.8123456, lat: 40.6),
    ],
    [],
  ]

  @Test("a boundary reads back as written, through the byte scanner and the JSON reader alike")
  func roundTrip() throws {
    let text = GeoJSONGeometry.multiPolygon([square, []])
    let scanned = try #require(GeoJSONGeometry.storedMultiPolygon(text))
    #expect(scanned.count == 2 && scanned[1].isEmpty)
    // The JSON reader gives the same numbers, bit for bit.
    let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let read = try #require(object["coordinates"] as? [[[[Double]]]])
    let flat = scanned.flatMap { $0.flatMap { $0.flatMap { [$0.lon.bitPattern, $0.lat.bitPattern] } } }
    #expect(flat == read.flatMap { $0.flatMap { $0.flatMap { $0.map(\.bitPattern) } } })
    #expect(try GeoJSONGeometry.polygons(text).count == 2)
  }

  @Test("other GeoJSON (a Polygon, spaces, a third coordinate) is left to the JSON reader")
  func otherText() throws {
    let polygon = #"{"type": "Polygon", "coordinates": [[[1.5, 2], [3, 4.25, 10], [1.5, 2]]]}"#
    #expect(GeoJSONGeometry.storedMultiPolygon(polygon) == nil)
    let rings = try GeoJSONGeometry.polygons(polygon)
    #expect(rings.count == 1 && rings[0][0].count == 3 && rings[0][0][1].lat == 4.25)
    let spaced = #"{"type":"MultiPolygon","coordinates":[[[[1,2], [3,4],[1,2]]]]}"#
    #expect(GeoJSONGeometry.storedMultiPolygon(spaced) == nil)
    #expect(try GeoJSONGeometry.polygons(spaced)[0][0].count == 3)
    let truncated = #"{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4]]]}"#
    #expect(GeoJSONGeometry.storedMultiPolygon(truncated) == nil)
    #expect(throws: InputError.self) { try GeoJSONGeometry.polygons(truncated) }
  }
}
