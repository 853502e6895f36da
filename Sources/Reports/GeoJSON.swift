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
    let (geometries, box) = validGeometries(features)
    let items: [JSONValue] = zip(features, geometries).map { feature, geometry in
      .object([
        ("type", .string("Feature")), ("id", .string(feature.id)), ("geometry", geometry.json),
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

  /// `featureCollection(features, foreignMembers:).utf8(pretty: true)`, the same bytes written
  /// straight from the features: no `JSONValue` per position (a large district's map has millions
  /// of them, and building then freeing them cost more than writing the text).
  /// - Complexity: O(total vertices).
  public static func featureCollectionUTF8(
    _ features: [GeoFeature], foreignMembers: [(String, JSONValue)] = []
  )
    -> [UInt8]
  {
    // The box is written before the features: every geometry is made valid first.
    let (geometries, box) = validGeometries(features)
    var out: [UInt8] = []
    out.reserveCapacity(256 + features.count * 2048)
    // The members as `JSONValue.write` lays out an object at nesting 0: one a line, indented.
    func key(_ name: String, level: Int, first: Bool = false) {
      if !first { out.append(UInt8(ascii: ",")) }
      JSONValue.newline(&out, level)
      JSONValue.writeString(name, to: &out)
      out += ": ".utf8
    }
    out.append(UInt8(ascii: "{"))
    key("type", level: 1, first: true)
    JSONValue.string("FeatureCollection").write(to: &out, indent: 1)
    if let b = box {
      key("bbox", level: 1)
      JSONValue.array([b.minLon, b.minLat, b.maxLon, b.maxLat].map { .number(round($0)) }).write(
        to: &out, indent: 1)
    }
    key("features", level: 1)
    if features.isEmpty {
      out += "[]".utf8
    } else {
      out.append(UInt8(ascii: "["))
      for (k, (feature, geometry)) in zip(features, geometries).enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        JSONValue.newline(&out, 2)
        out.append(UInt8(ascii: "{"))
        key("type", level: 3, first: true)
        JSONValue.string("Feature").write(to: &out, indent: 3)
        key("id", level: 3)
        JSONValue.string(feature.id).write(to: &out, indent: 3)
        key("geometry", level: 3)
        geometry.write(to: &out, indent: 3)
        key("properties", level: 3)
        JSONValue.object(feature.properties).write(to: &out, indent: 3)
        JSONValue.newline(&out, 2)
        out.append(UInt8(ascii: "}"))
      }
      JSONValue.newline(&out, 1)
      out.append(UInt8(ascii: "]"))
    }
    for (name, value) in foreignMembers {
      key(name, level: 1)
      value.write(to: &out, indent: 1)
    }
    JSONValue.newline(&out, 0)
    out += "}\n".utf8
    return out
  }

  /// Each feature's geometry made valid (`normalized` polygons, else its finite point, else none),
  /// and the bounding box of the outer rings and points.
  private static func validGeometries(_ features: [GeoFeature]) -> (
    [Geometry], (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)?
  ) {
    var box: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)?
    func extend(_ p: GeoPoint) {
      guard let b = box else {
        box = (p.lon, p.lat, p.lon, p.lat)
        return
      }
      box = (min(b.minLon, p.lon), min(b.minLat, p.lat), max(b.maxLon, p.lon), max(b.maxLat, p.lat))
    }
    let geometries: [Geometry] = features.map { feature in
      let polygons = feature.polygons.compactMap(normalized)
      for polygon in polygons { polygon.first?.forEach(extend) }
      if !polygons.isEmpty { return .polygons(polygons) }
      if let p = feature.point, p.lon.isFinite, p.lat.isFinite {
        extend(p)
        return .point(p)
      }
      return .none
    }
    return (geometries, box)
  }

  /// A feature's geometry, made valid.
  private enum Geometry {
    case none
    case point(GeoPoint)
    /// Normalized polygons, at least one.
    case polygons([PolygonRings])

    /// A Polygon (one polygon), a MultiPolygon, a Point, or `null`.
    var json: JSONValue {
      switch self {
      case .none: .null
      case .point(let p): .object([("type", .string("Point")), ("coordinates", GeoJSON.position(p))])
      case .polygons(let polygons) where polygons.count == 1:
        .object([("type", .string("Polygon")), ("coordinates", GeoJSON.coordinates(polygons[0]))])
      case .polygons(let polygons):
        .object([
          ("type", .string("MultiPolygon")), ("coordinates", .array(polygons.map(GeoJSON.coordinates))),
        ])
      }
    }

    /// The text `json.write(to:indent:)` gives at nesting `level`.
    func write(to out: inout [UInt8], indent level: Int) {
      func member(_ name: String, first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        JSONValue.newline(&out, level + 1)
        JSONValue.writeString(name, to: &out)
        out += ": ".utf8
      }
      switch self {
      case .none:
        out += "null".utf8
        return
      case .point(let p):
        out.append(UInt8(ascii: "{"))
        member("type", first: true)
        JSONValue.writeString("Point", to: &out)
        member("coordinates")
        position(p, to: &out)
      case .polygons(let polygons):
        out.append(UInt8(ascii: "{"))
        member("type", first: true)
        JSONValue.writeString(polygons.count == 1 ? "Polygon" : "MultiPolygon", to: &out)
        member("coordinates")
        if polygons.count == 1 {
          rings(polygons[0], to: &out, level: level + 1)
        } else {
          out.append(UInt8(ascii: "["))
          for (k, polygon) in polygons.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.newline(&out, level + 2)
            rings(polygon, to: &out, level: level + 2)
          }
          JSONValue.newline(&out, level + 1)
          out.append(UInt8(ascii: "]"))
        }
      }
      JSONValue.newline(&out, level)
      out.append(UInt8(ascii: "}"))
    }

    /// A polygon's rings (each at least four positions) as an array at nesting `level`: a ring
    /// a line, each ring's positions a line each.
    private func rings(_ polygon: PolygonRings, to out: inout [UInt8], level: Int) {
      out.append(UInt8(ascii: "["))
      for (k, ring) in polygon.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        JSONValue.newline(&out, level + 1)
        out.append(UInt8(ascii: "["))
        for (j, p) in ring.enumerated() {
          if j > 0 { out.append(UInt8(ascii: ",")) }
          JSONValue.newline(&out, level + 2)
          position(p, to: &out)
        }
        JSONValue.newline(&out, level + 1)
        out.append(UInt8(ascii: "]"))
      }
      JSONValue.newline(&out, level)
      out.append(UInt8(ascii: "]"))
    }

    /// `[lon, lat]` on one line, as an array of numbers is written.
    private func position(_ p: GeoPoint, to out: inout [UInt8]) {
      out.append(UInt8(ascii: "["))
      out += JSONValue.format(p.lon).utf8
      out += ", ".utf8
      out += JSONValue.format(p.lat).utf8
      out.append(UInt8(ascii: "]"))
    }
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
