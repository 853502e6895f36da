import Foundation
import Records

/// An equirectangular projection fitted to a rectangle: x = (λ − λ₀)·cos φ₀, y = φ₀' − φ, scaled
/// uniformly so the whole extent fits and centred. With φ₀ the middle latitude of the extent,
/// distances east–west and north–south are in the same proportion near φ₀ (Snyder, "Map
/// Projections: A Working Manual", USGS PP 1395, §12), which is exact enough for a district a few
/// kilometres across.
struct MapProjection {
  /// Metres per degree of latitude on the sphere of mean radius 6 371 008.8 m (IUGG): 2πR/360.
  static let metresPerDegree = 2 * Double.pi * 6_371_008.8 / 360

  let minLon: Double
  let maxLat: Double
  let cosLat: Double
  /// Pixels per projected degree.
  let scale: Double
  let offsetX: Double
  let offsetY: Double

  /// Fits the extent of `points` into the rectangle (x, y, width, height); nil without points.
  init?(fitting points: [GeoPoint], into frame: (x: Double, y: Double, width: Double, height: Double)) {
    let finite = points.filter { $0.lon.isFinite && $0.lat.isFinite }
    guard let first = finite.first else { return nil }
    var (minLon, maxLon, minLat, maxLat) = (first.lon, first.lon, first.lat, first.lat)
    for p in finite {
      minLon = min(minLon, p.lon)
      maxLon = max(maxLon, p.lon)
      minLat = min(minLat, p.lat)
      maxLat = max(maxLat, p.lat)
    }
    let cosLat = cos((minLat + maxLat) / 2 * .pi / 180)
    // A single point or a line gets a tiny extent so the scale stays finite.
    let spanX = max((maxLon - minLon) * cosLat, 1e-6)
    let spanY = max(maxLat - minLat, 1e-6)
    let scale = min(frame.width / spanX, frame.height / spanY)
    self.minLon = minLon
    self.maxLat = maxLat
    self.cosLat = cosLat
    self.scale = scale
    offsetX = frame.x + (frame.width - (maxLon - minLon) * cosLat * scale) / 2
    offsetY = frame.y + (frame.height - (maxLat - minLat) * scale) / 2
  }

  /// The picture coordinates of a point (y grows downwards).
  func project(_ p: GeoPoint) -> (x: Double, y: Double) {
    (offsetX + (p.lon - minLon) * cosLat * scale, offsetY + (maxLat - p.lat) * scale)
  }

  /// Metres on the ground per picture unit.
  var metresPerUnit: Double { MapProjection.metresPerDegree / scale }
}
