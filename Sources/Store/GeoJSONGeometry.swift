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
    if let stored = storedMultiPolygon(text) { return stored }
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

  /// The polygons of text exactly as `multiPolygon` writes it (no spaces, every point a pair),
  /// read by a scanner over its bytes, numbers by `strtod` (correctly rounded, as any JSON
  /// reader); nil for any other text, which the general JSON reader then reads. A map reads a
  /// district's boundaries, millions of coordinates, every night.
  static func storedMultiPolygon(_ text: String) -> [PolygonRings]? {
    let prefix = #"{"type":"MultiPolygon","coordinates":"#
    guard text.hasPrefix(prefix), text.hasSuffix("}") else { return nil }
    var text = text
    return text.withUTF8 { bytes -> [PolygonRings]? in
      var i = prefix.utf8.count
      let end = bytes.count - 1  // the closing brace
      func take(_ c: UInt8) -> Bool {
        guard i < end, bytes[i] == c else { return false }
        i += 1
        return true
      }
      func number() -> Double? {
        var digits = (
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        return withUnsafeMutableBytes(of: &digits) { buffer -> Double? in
          var n = 0
          while i < end, n < buffer.count - 1, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "]") {
            let c = bytes[i]
            guard
              (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ".")
            else { return nil }
            buffer[n] = c
            n += 1
            i += 1
          }
          guard n > 0, n < buffer.count - 1 else { return nil }
          buffer[n] = 0
          let start = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
          var stop: UnsafeMutablePointer<CChar>?
          let value = strtod(start, &stop)
          return stop == start + n ? value : nil
        }
      }
      /// `[` item (`,` item)* `]`, or `[]`.
      func list<T>(_ item: () -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
          guard let x = item() else { return nil }
          items.append(x)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
      }
      func point() -> GeoPoint? {
        guard take(UInt8(ascii: "[")), let lon = number(), take(UInt8(ascii: ",")), let lat = number(),
          take(UInt8(ascii: "]"))
        else { return nil }
        return GeoPoint(lon: lon, lat: lat)
      }
      let polygons = list { list { list(point) } }
      return i == end ? polygons : nil
    }
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
