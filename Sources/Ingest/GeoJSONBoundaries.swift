import Foundation
import Records

/// Reads grid boundaries from a GeoJSON FeatureCollection (RFC 7946): each Feature with a Polygon
/// or MultiPolygon geometry and `properties.grid_id` (or a header alias of `grid_id`) becomes one
/// `GridBoundary`, its coordinates converted to WGS-84.
enum GeoJSONBoundaries {
  /// One feature's outcome, numbered from 1 in file order, with its JSON text for a reject.
  struct Feature {
    var number: Int
    var raw: String
    var result: Result<NormalizedRecord, RowProblem>
  }

  /// - Throws: `InputError` when the text is not a GeoJSON FeatureCollection.
  static func read(_ text: String, crs: CoordinateSystem, aliases: AliasMap, file: String) throws(InputError)
    -> [Feature]
  {
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
      throw InputError(
        file: file, problem: "not valid JSON (\(error.localizedDescription))",
        fix: "export the boundaries as a GeoJSON FeatureCollection")
    }
    guard let root = object as? [String: Any], let features = root["features"] as? [Any] else {
      throw InputError(
        file: file, problem: "not a GeoJSON FeatureCollection (no `features` array)",
        fix: "export the boundaries as a GeoJSON FeatureCollection with properties.grid_id")
    }
    return features.enumerated().map { (i, feature) in
      let result = boundary(feature, crs: crs, aliases: aliases)
      // The raw text is for rejects only (serializing every feature would cost more than parsing it).
      guard case .failure = result else { return Feature(number: i + 1, raw: "", result: result) }
      let raw =
        (try? JSONSerialization.data(withJSONObject: feature, options: [.sortedKeys]))
        .map { String(decoding: $0.prefix(2000), as: UTF8.self) } ?? ""
      return Feature(number: i + 1, raw: raw, result: result)
    }
  }

  static func boundary(_ feature: Any, crs: CoordinateSystem, aliases: AliasMap) -> Result<
    NormalizedRecord, RowProblem
  > {
    guard let f = feature as? [String: Any] else {
      return .failure(RowProblem(field: nil, reason: "a feature is not a JSON object"))
    }
    let properties = f["properties"] as? [String: Any] ?? [:]
    var gridID: String? = nil
    for (key, value) in properties.sorted(by: { $0.key < $1.key })
    where aliases.field(forHeader: key, kind: .records(.grids)) == "grid_id" {
      let text = TextNormalization.clean(JSONCell.text(value))
      if !text.isEmpty {
        gridID = text
        break
      }
    }
    guard let gridID else {
      return .failure(RowProblem(field: "grid_id", reason: "the feature has no properties.grid_id"))
    }
    guard let geometry = f["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
      return .failure(RowProblem(field: "geometry", reason: "the feature has no geometry"))
    }
    let coordinates = geometry["coordinates"]
    var polygons: [PolygonRings] = []
    switch type {
    case "Polygon":
      guard let p = polygon(coordinates, crs: crs) else {
        return .failure(RowProblem(field: "geometry", reason: "bad Polygon coordinates"))
      }
      polygons = [p]
    case "MultiPolygon":
      guard let list = coordinates as? [Any] else {
        return .failure(RowProblem(field: "geometry", reason: "bad MultiPolygon coordinates"))
      }
      for item in list {
        guard let p = polygon(item, crs: crs) else {
          return .failure(RowProblem(field: "geometry", reason: "bad MultiPolygon coordinates"))
        }
        polygons.append(p)
      }
    default:
      return .failure(
        RowProblem(field: "geometry", reason: "geometry type \(type) is not Polygon or MultiPolygon"))
    }
    return .success(.boundary(GridBoundary(gridID: gridID, polygons: polygons)))
  }

  private static func polygon(_ value: Any?, crs: CoordinateSystem) -> PolygonRings? {
    guard let rings = value as? [Any], !rings.isEmpty else { return nil }
    var out: PolygonRings = []
    for ring in rings {
      guard let positions = ring as? [Any], positions.count >= 3 else { return nil }
      var points: [GeoPoint] = []
      points.reserveCapacity(positions.count)
      for position in positions {
        guard let pair = position as? [Any], pair.count >= 2, let lon = number(pair[0]),
          let lat = number(pair[1]),
          (-180...180).contains(lon), (-90...90).contains(lat)
        else { return nil }
        points.append(crs.toWGS84(GeoPoint(lon: lon, lat: lat)))
      }
      out.append(points)
    }
    return out
  }

  private static func number(_ v: Any) -> Double? {
    if let n = v as? NSNumber { return n.doubleValue }
    if let s = v as? String { return Double(s) }
    return nil
  }
}

/// The text form of a JSON value as a cell: strings as they are, numbers in their shortest form,
/// booleans as `true`/`false`, null as empty.
enum JSONCell {
  static func text(_ value: Any) -> String {
    switch value {
    case let s as String: return s
    case is NSNull: return ""
    case let n as NSNumber:
      if n.objCType.pointee == CChar(UInt8(ascii: "c")) { return n.boolValue ? "true" : "false" }
      let d = n.doubleValue
      if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
      return String(d)
    default:
      if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
        return String(decoding: data, as: UTF8.self)
      }
      return "\(value)"
    }
  }
}
