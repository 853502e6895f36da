import Foundation
import Ingest
import Records
import Testing

/// Known coordinate pairs from the test suites of the published implementations
/// (googollee/eviltransform for WGS-84↔GCJ-02 and BD-09→WGS-84, hujiulong/gcoord for GCJ-02→BD-09).
@Suite struct CoordinateSystemTests {
  /// Metres between two nearby points (equirectangular; exact enough below a kilometre).
  static func metres(_ a: GeoPoint, _ b: GeoPoint) -> Double {
    let r = 6_371_000.0
    let x = (a.lon - b.lon) * .pi / 180 * cos((a.lat + b.lat) / 2 * .pi / 180)
    let y = (a.lat - b.lat) * .pi / 180
    return (x * x + y * y).squareRoot() * r
  }

  static let wgsGCJ: [(wgs: GeoPoint, gcj: GeoPoint)] = [
    (GeoPoint(lon: 121.5272106, lat: 31.1774276), GeoPoint(lon: 121.531541859215, lat: 31.17530398364597)),
    (GeoPoint(lon: 113.912316, lat: 22.543847), GeoPoint(lon: 113.9171764808363, lat: 22.540796131694766)),
    (GeoPoint(lon: 116.377817, lat: 39.911954), GeoPoint(lon: 116.38404722455657, lat: 39.91334545536069)),
  ]

  @Test("WGS-84 → GCJ-02 matches the published pairs to 1e-7°", arguments: wgsGCJ.indices)
  func wgsToGCJ(_ i: Int) {
    let (wgs, gcj) = Self.wgsGCJ[i]
    let got = CoordinateSystem.gcj02.fromWGS84(wgs)
    #expect(abs(got.lon - gcj.lon) < 1e-7 && abs(got.lat - gcj.lat) < 1e-7)
  }

  @Test("GCJ-02 → WGS-84 inverts to under 1 m (iterative inversion)", arguments: wgsGCJ.indices)
  func gcjToWGS(_ i: Int) {
    let (wgs, gcj) = Self.wgsGCJ[i]
    #expect(Self.metres(CoordinateSystem.gcj02.toWGS84(gcj), wgs) < 0.01)
  }

  /// Pairs from the tests of coordtransform (wandergis/coordtransform, Rust port coordtransform_rs):
  /// its BD-09 → GCJ-02 is the one-step inverse, so ours (refined by iteration) agrees to under 1 m.
  @Test("BD-09 ↔ GCJ-02 match coordtransform's pairs")
  func bdPairs() {
    let p = GeoPoint(lon: 116.404, lat: 39.915)
    let bd = CoordinateSystem.gcj02ToBD09(p)
    #expect(abs(bd.lon - 116.41036949371029) < 1e-9 && abs(bd.lat - 39.92133699351021) < 1e-9)
    let gcj = CoordinateSystem.bd09ToGCJ02(p)
    #expect(Self.metres(gcj, GeoPoint(lon: 116.39762729119315, lat: 39.90865673957631)) < 1)
    #expect(Self.metres(CoordinateSystem.gcj02ToBD09(gcj), p) < 0.001)
  }

  @Test("GCJ-02 → BD-09 matches gcoord's pair to 1e-6°")
  func gcjToBD() {
    let got = CoordinateSystem.gcj02ToBD09(GeoPoint(lon: 123, lat: 45))
    #expect(abs(got.lon - 123.00636499) < 1e-6 && abs(got.lat - 45.00636899) < 1e-6)
  }

  @Test("Round trips through GCJ-02 and BD-09 return within 1 m across the district's region")
  func roundTrips() {
    for lon in stride(from: 100.0, through: 125.0, by: 2.5) {
      for lat in stride(from: 20.0, through: 45.0, by: 2.5) {
        let p = GeoPoint(lon: lon, lat: lat)
        for crs in CoordinateSystem.allCases {
          #expect(Self.metres(crs.toWGS84(crs.fromWGS84(p)), p) < 1)
        }
      }
    }
  }

  @Test("Outside China GCJ-02 applies no offset")
  func outside() {
    let paris = GeoPoint(lon: 2.35, lat: 48.85)
    #expect(CoordinateSystem.gcj02.fromWGS84(paris) == paris)
  }
}
