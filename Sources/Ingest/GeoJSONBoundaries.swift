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
    if let features = Typed.read(text, crs: crs, aliases: aliases) { return features }
    return try general(text, crs: crs, aliases: aliases, file: file)
  }

  /// Any FeatureCollection through `JSONSerialization`, feature by feature (bad ones rejected).
  static func general(_ text: String, crs: CoordinateSystem, aliases: AliasMap, file: String)
    throws(InputError) -> [Feature]
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

extension GeoJSONBoundaries {
  /// The common case read through `JSONDecoder` into typed coordinates: a FeatureCollection whose
  /// every feature has scalar properties with a grid id and a valid Polygon or MultiPolygon of
  /// numbers. `JSONSerialization`'s object tree costs about ten times the time and memory (over
  /// 1 GB for a 23 MB file). Anything else (a bad feature, coordinates as text, nested properties)
  /// gives nil, and the general reader decides, feature by feature, as before.
  enum Typed {
    static func read(_ text: String, crs: CoordinateSystem, aliases: AliasMap) -> [Feature]? {
      guard let collection = try? JSONDecoder().decode(Collection.self, from: Data(text.utf8)) else {
        return nil
      }
      var out: [Feature] = []
      out.reserveCapacity(collection.features.count)
      for (i, f) in collection.features.enumerated() {
        var gridID: String? = nil
        for (key, value) in (f.properties ?? [:]).sorted(by: { $0.key < $1.key })
        where aliases.field(forHeader: key, kind: .records(.grids)) == "grid_id" {
          let text = TextNormalization.clean(value.text)
          if !text.isEmpty {
            gridID = text
            break
          }
        }
        guard let gridID, let geometry = f.geometry else { return nil }
        var polygons: [PolygonRings] = []
        polygons.reserveCapacity(geometry.polygons.count)
        for polygon in geometry.polygons {
          guard !polygon.isEmpty else { return nil }
          var rings: PolygonRings = []
          rings.reserveCapacity(polygon.count)
          for ring in polygon {
            guard ring.count >= 3 else { return nil }
            var points: [GeoPoint] = []
            points.reserveCapacity(ring.count)
            for position in ring {
              guard position.count >= 2, (-180...180).contains(position[0]), (-90...90).contains(position[1])
              else { return nil }
              points.append(crs.toWGS84(GeoPoint(lon: position[0], lat: position[1])))
            }
            rings.append(points)
          }
          polygons.append(rings)
        }
        out.append(
          Feature(
            number: i + 1, raw: "",
            result: .success(.boundary(GridBoundary(gridID: gridID, polygons: polygons)))))
      }
      return out
    }

    struct Collection: Decodable {
      var features: [TypedFeature]
    }

    struct TypedFeature: Decodable {
      var properties: [String: Scalar]?
      var geometry: Geometry?
    }

    /// A Polygon (one) or MultiPolygon (several) as polygons of rings of positions.
    struct Geometry: Decodable {
      var polygons: [[[[Double]]]]

      enum CodingKeys: String, CodingKey { case type, coordinates }

      init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "Polygon": polygons = [try c.decode([[[Double]]].self, forKey: .coordinates)]
        case "MultiPolygon": polygons = try c.decode([[[[Double]]]].self, forKey: .coordinates)
        default:
          throw DecodingError.dataCorruptedError(
            forKey: .type, in: c, debugDescription: "not Polygon or MultiPolygon")
        }
      }
    }

    /// A scalar property value, as `JSONCell.text` spells it.
    struct Scalar: Decodable {
      var text: String

      init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
          text = s
        } else if c.decodeNil() {
          text = ""
        } else if let b = try? c.decode(Bool.self) {
          text = b ? "true" : "false"
        } else {
          let d = try c.decode(Double.self)
          text = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
      }
    }
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
