/// A lon/lat rectangle in degrees, edges included: the bounding box of a polygon's outer ring,
/// which point-in-polygon lookups test before the polygon itself.
public struct GeoBox: Hashable, Sendable {
  public var minLon: Double
  public var minLat: Double
  public var maxLon: Double
  public var maxLat: Double

  public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
    self.minLon = minLon
    self.minLat = minLat
    self.maxLon = maxLon
    self.maxLat = maxLat
  }

  /// The smallest box holding every point of `ring`; nil when the ring has fewer than three
  /// points (it encloses nothing, so lookups skip its polygon).
  public init?(ring: [GeoPoint]) {
    guard ring.count >= 3 else { return nil }
    self.init(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)
    for p in ring {
      minLon = min(minLon, p.lon)
      maxLon = max(maxLon, p.lon)
      minLat = min(minLat, p.lat)
      maxLat = max(maxLat, p.lat)
    }
  }

  /// Whether `p` lies in the box or on its edge.
  public func contains(_ p: GeoPoint) -> Bool {
    p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
  }

  /// The box grown by `margin` degrees on every side.
  public func padded(by margin: Double) -> GeoBox {
    GeoBox(minLon: minLon - margin, minLat: minLat - margin, maxLon: maxLon + margin, maxLat: maxLat + margin)
  }
}

extension GridBoundary {
  /// The polygons a point can lie in, in order: each one's index in `polygons` and the box of its
  /// outer ring (polygons whose outer ring has fewer than three points are left out).
  public var parts: [(polygon: Int, box: GeoBox)] {
    polygons.enumerated().compactMap { n, rings in GeoBox(ring: rings.first ?? []).map { (n, $0) } }
  }
}
