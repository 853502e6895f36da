/// A point in WGS-84 degrees: longitude east, latitude north.
public struct GeoPoint: Hashable, Sendable, Codable {
  public var lon: Double
  public var lat: Double

  public init(lon: Double, lat: Double) {
    self.lon = lon
    self.lat = lat
  }
}

/// A polygon with holes: the first ring is the outer boundary, the rest are holes.
/// Rings are closed or not; consumers treat the last vertex as joined to the first.
public typealias PolygonRings = [[GeoPoint]]

/// A grid's boundary: one or more polygons (GeoJSON Polygon or MultiPolygon).
public struct GridBoundary: Hashable, Sendable {
  public var gridID: String
  public var polygons: [PolygonRings]

  public init(gridID: String, polygons: [PolygonRings]) {
    self.gridID = gridID
    self.polygons = polygons
  }
}
