import Foundation
import Records

/// The coordinate systems Chinese map exports use. Everything is stored in WGS-84.
///
/// - GCJ-02 (国测局坐标, "Mars coordinates") is WGS-84 plus a deliberate, smooth offset of a few
///   hundred metres inside China; AMap/Gaode and Tencent export it.
/// - BD-09 (Baidu) is GCJ-02 further rotated and shifted.
///
/// The forward formulas are the ones published in the open-source `eviltransform` project
/// (github.com/googollee/eviltransform, MIT; Krasovsky-1940 ellipsoid a = 6378245 m,
/// e² = 0.00669342162296594323) and Baidu's GCJ→BD-09 formula as circulated in the same family of
/// libraries (`coordtransform`, `gcoord`). The inverses are computed by fixed-point iteration on
/// the forward formula, which converges to well under a centimetre in a few steps, so a round
/// trip is exact to float precision rather than to the ~1–2 m of the one-step approximations.
public enum CoordinateSystem: String, Sendable, CaseIterable, Hashable {
  case wgs84
  case gcj02
  case bd09

  /// The WGS-84 point this system's `(lon, lat)` names.
  public func toWGS84(_ p: GeoPoint) -> GeoPoint {
    switch self {
    case .wgs84: p
    case .gcj02: CoordinateSystem.gcj02ToWGS84(p)
    case .bd09: CoordinateSystem.gcj02ToWGS84(CoordinateSystem.bd09ToGCJ02(p))
    }
  }

  /// This system's `(lon, lat)` for a WGS-84 point.
  public func fromWGS84(_ p: GeoPoint) -> GeoPoint {
    switch self {
    case .wgs84: p
    case .gcj02: CoordinateSystem.wgs84ToGCJ02(p)
    case .bd09: CoordinateSystem.gcj02ToBD09(CoordinateSystem.wgs84ToGCJ02(p))
    }
  }

  // MARK: - GCJ-02

  private static let a = 6_378_245.0
  private static let ee = 0.006_693_421_622_965_943_23

  /// Whether GCJ-02 applies an offset here: the rough bounding box of China used by eviltransform.
  static func isOutsideChina(_ p: GeoPoint) -> Bool {
    p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
  }

  /// WGS-84 → GCJ-02 (eviltransform `wgs2gcj`).
  public static func wgs84ToGCJ02(_ p: GeoPoint) -> GeoPoint {
    guard !isOutsideChina(p) else { return p }
    let x = p.lon - 105.0
    let y = p.lat - 35.0
    var dLat = transformLat(x, y)
    var dLon = transformLon(x, y)
    let radLat = p.lat / 180.0 * .pi
    var magic = sin(radLat)
    magic = 1 - ee * magic * magic
    let sqrtMagic = magic.squareRoot()
    dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
    dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
    return GeoPoint(lon: p.lon + dLon, lat: p.lat + dLat)
  }

  /// GCJ-02 → WGS-84 by fixed-point iteration: w ← w − (f(w) − g), starting at w = g.
  /// - Complexity: at most 30 forward evaluations; typically 3–5 to reach 1e-10°.
  public static func gcj02ToWGS84(_ g: GeoPoint) -> GeoPoint {
    guard !isOutsideChina(g) else { return g }
    return invert(wgs84ToGCJ02, at: g, from: g)
  }

  /// Solves `forward(x) = target` by fixed-point iteration x ← x − (forward(x) − target), which
  /// converges because both offsets are small, smooth and nearly constant over metres.
  /// - Complexity: at most 30 evaluations of `forward`; stops below 1e-10° (≈ 0.01 mm).
  private static func invert(_ forward: (GeoPoint) -> GeoPoint, at target: GeoPoint, from start: GeoPoint)
    -> GeoPoint
  {
    var x = start
    for _ in 0..<30 {
      let f = forward(x)
      let dLon = f.lon - target.lon
      let dLat = f.lat - target.lat
      x = GeoPoint(lon: x.lon - dLon, lat: x.lat - dLat)
      if abs(dLon) < 1e-10 && abs(dLat) < 1e-10 { break }
    }
    return x
  }

  private static func transformLat(_ x: Double, _ y: Double) -> Double {
    var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
    r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
    r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
    r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
    return r
  }

  private static func transformLon(_ x: Double, _ y: Double) -> Double {
    var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
    r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
    r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
    r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
    return r
  }

  // MARK: - BD-09

  private static let xPi = Double.pi * 3000.0 / 180.0

  /// GCJ-02 → BD-09 (Baidu's published formula).
  public static func gcj02ToBD09(_ g: GeoPoint) -> GeoPoint {
    let x = g.lon
    let y = g.lat
    let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
    let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
    return GeoPoint(lon: z * cos(theta) + 0.0065, lat: z * sin(theta) + 0.006)
  }

  /// BD-09 → GCJ-02: the published one-step inverse, refined by fixed-point iteration on
  /// `gcj02ToBD09`.
  public static func bd09ToGCJ02(_ b: GeoPoint) -> GeoPoint {
    let x = b.lon - 0.0065
    let y = b.lat - 0.006
    let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
    let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
    return invert(gcj02ToBD09, at: b, from: GeoPoint(lon: z * cos(theta), lat: z * sin(theta)))
  }
}
