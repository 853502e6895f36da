import Foundation
import Records

/// Grid boundaries are stored as GeoJSON `MultiPolygon` geometries (RFC 7946 §3.1.7): text any GIS
/// tool reads, compact enough for a district's few thousand grids.
enum GeoJSONGeometry {
  /// `{"type":"MultiPolygon","coordinates":[[[[lon,lat],…]]]}`, coordinates to 7 decimals (≈1 cm).
  static func multiPolygon(_ polygons: [PolygonRings]) -> String {
    var out = #"{"type":"MultiPolygon","coordinates":["#
    for (p, polygon) in polygons.enumerated() {
      if p > 0 { out += "," }
      out += "["
      for (r, ring) in polygon.enumerated() {
        if r > 0 { out += "," }
        out += "["
        for (i, point) in ring.enumerated() {
          if i > 0 { out += "," }
          out += "[\(degrees(point.lon)),\(degrees(point.lat))]"
        }
        out += "]"
      }
      out += "]"
    }
    return out + "]}"
  }

  /// The polygons of a stored `Polygon` or `MultiPolygon` geometry.
  /// - Throws: `InputError` when the text is not such a geometry (a store edited by hand).
  static func polygons(_ text: String) throws -> [PolygonRings] {
    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    func rings(_ value: Any?) -> PolygonRings? {
      guard let rings = value as? [[[Double]]] else { return nil }
      return rings.map { ring in ring.compactMap { $0.count >= 2 ? GeoPoint(lon: $0[0], lat: $0[1]) : nil } }
    }
    switch object?["type"] as? String {
    case "MultiPolygon":
      if let list = object?["coordinates"] as? [Any] {
        let polygons = list.compactMap(rings)
        if polygons.count == list.count { return polygons }
      }
    case "Polygon":
      if let polygon = rings(object?["coordinates"]) { return [polygon] }
    default: break
    }
    throw InputError(
      file: "grid_boundaries", problem: "a stored boundary is not a GeoJSON Polygon or MultiPolygon",
      fix: "re-ingest the boundaries file")
  }

  /// `v` as `%.7f` (what `String(format:)` writes), through C's `vsnprintf` into a stack buffer:
  /// a district's boundaries are millions of coordinates, and Foundation's formatter costs
  /// several times more per call.
  private static func degrees(_ v: Double) -> String {
    let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer -> String? in
      let n = withVaList([v]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.7f", $0) }
      guard n >= 0, Int(n) < buffer.count else { return nil }
      return String(
        decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)), as: UTF8.self)
    }
    return text ?? String(format: "%.7f", v)
  }
}
