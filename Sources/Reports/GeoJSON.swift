import Records

/// One feature of a GeoJSON map: an id, its polygons (or a point when only a centroid is known)
/// and its properties in the order they should be written.
public struct GeoFeature: Sendable {
  public var id: String
  public var polygons: [PolygonRings]
  /// Used when there are no polygons; a feature with neither gets `"geometry": null`.
  public var point: GeoPoint?
  public var properties: [(String, JSONValue)]

  public init(id: String, polygons: [PolygonRings], point: GeoPoint? = nil, properties: [(String, JSONValue)])
  {
    self.id = id
    self.polygons = polygons
    self.point = point
    self.properties = properties
  }
}

/// GeoJSON as RFC 7946 defines it: a FeatureCollection of Features whose geometries are Polygon
/// or MultiPolygon with closed linear rings (first position repeated last, at least four
/// positions), outer rings counter-clockwise and holes clockwise (§3.1.6), positions
/// `[longitude, latitude]` in WGS-84 (§3.1.1, §4), every number finite.
public enum GeoJSON {
  /// Decimal places kept in coordinates: 7 is about 1 cm on the ground (RFC 7946 §11.2 advises
  /// not to write more precision than the data has).
  public static let coordinateDigits = 7

  /// A FeatureCollection with a `bbox` (§5) and any foreign members (§6.1) after `features`.
  /// Rings that are degenerate (fewer than three distinct positions) are dropped.
  /// - Complexity: O(total vertices).
  public static func featureCollection(_ features: [GeoFeature], foreignMembers: [(String, JSONValue)] = [])
    -> JSONValue
  {
    var box: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)?
    func extend(_ p: GeoPoint) {
      guard let b = box else {
        box = (p.lon, p.lat, p.lon, p.lat)
        return
      }
      box = (min(b.minLon, p.lon), min(b.minLat, p.lat), max(b.maxLon, p.lon), max(b.maxLat, p.lat))
    }
    let items: [JSONValue] = features.map { feature in
      let polygons = feature.polygons.compactMap(normalized)
      for polygon in polygons { polygon.first?.forEach(extend) }
      var geometry: JSONValue = .null
      if polygons.count == 1 {
        geometry = .object([("type", .string("Polygon")), ("coordinates", coordinates(polygons[0]))])
      } else if polygons.count > 1 {
        geometry = .object([
          ("type", .string("MultiPolygon")), ("coordinates", .array(polygons.map(coordinates))),
        ])
      } else if let p = feature.point, p.lon.isFinite, p.lat.isFinite {
        extend(p)
        geometry = .object([("type", .string("Point")), ("coordinates", position(p))])
      }
      return .object([
        ("type", .string("Feature")), ("id", .string(feature.id)), ("geometry", geometry),
        ("properties", .object(feature.properties)),
      ])
    }
    var members: [(String, JSONValue)] = [("type", .string("FeatureCollection"))]
    if let b = box {
      members.append(("bbox", .array([b.minLon, b.minLat, b.maxLon, b.maxLat].map { .number(round($0)) })))
    }
    members.append(("features", .array(items)))
    return .object(members + foreignMembers)
  }

  /// A polygon made valid for RFC 7946: coordinates rounded, consecutive repeats and non-finite
  /// positions removed, every ring closed, the outer ring counter-clockwise and holes clockwise.
  /// Returns nil when the outer ring has fewer than three distinct positions; degenerate holes
  /// are dropped.
  public static func normalized(_ polygon: PolygonRings) -> PolygonRings? {
    guard let outer = polygon.first, let shell = ring(outer, counterClockwise: true) else { return nil }
    return [shell] + polygon.dropFirst().compactMap { ring($0, counterClockwise: false) }
  }

  /// Twice the signed area of a ring in the lon/lat plane (shoelace formula): positive when the
  /// ring turns counter-clockwise with x = longitude east and y = latitude north.
  public static func signedDoubleArea(_ ring: [GeoPoint]) -> Double {
    guard ring.count >= 3 else { return 0 }
    var sum = 0.0
    for i in ring.indices {
      let a = ring[i]
      let b = ring[(i + 1) % ring.count]
      sum += a.lon * b.lat - b.lon * a.lat
    }
    return sum
  }

  private static func ring(_ points: [GeoPoint], counterClockwise: Bool) -> [GeoPoint]? {
    var cleaned: [GeoPoint] = []
    for p in points where p.lon.isFinite && p.lat.isFinite {
      let q = GeoPoint(lon: round(p.lon), lat: round(p.lat))
      if cleaned.last != q { cleaned.append(q) }
    }
    if cleaned.count > 1, cleaned.first == cleaned.last { cleaned.removeLast() }
    guard Set(cleaned).count >= 3 else { return nil }
    let area = signedDoubleArea(cleaned)
    guard area != 0 else { return nil }
    if (area > 0) != counterClockwise { cleaned.reverse() }
    cleaned.append(cleaned[0])
    return cleaned
  }

  private static func coordinates(_ polygon: PolygonRings) -> JSONValue {
    .array(polygon.map { ring in .array(ring.map(position)) })
  }

  private static func position(_ p: GeoPoint) -> JSONValue { .array([.number(p.lon), .number(p.lat)]) }

  private static func round(_ x: Double) -> Double { Cell.rounded(x, digits: coordinateDigits) }
}
