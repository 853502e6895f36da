import Records

/// Point-in-polygon lookup over grid boundaries with a uniform bucket grid over their bounding
/// boxes, so a query tests only the few polygons whose boxes overlap its bucket.
///
/// - Complexity: building O(Σ vertices + Σ buckets each box covers); a query O(1) to find the
///   bucket plus O(vertices) of each candidate polygon. With ~one polygon per bucket (the grid is
///   sized ⌈√n⌉ × ⌈√n⌉ over the extent) a query tests a handful of polygons instead of all n.
struct PolygonIndex: Sendable {
  private struct Part: Sendable {
    var gridID: String
    var rings: [[GeoPoint]]
    var minLon, minLat, maxLon, maxLat: Double
  }

  private var parts: [Part] = []
  private var buckets: [[Int32]] = []
  private var columns = 0
  private var rows = 0
  private var minLon = 0.0
  private var minLat = 0.0
  private var cellWidth = 1.0
  private var cellHeight = 1.0

  var isEmpty: Bool { parts.isEmpty }

  init(_ boundaries: [GridBoundary]) {
    for b in boundaries {
      for polygon in b.polygons {
        let points = polygon.first ?? []
        guard points.count >= 3 else { continue }
        var part = Part(
          gridID: b.gridID, rings: polygon, minLon: .infinity, minLat: .infinity, maxLon: -.infinity,
          maxLat: -.infinity)
        for p in points {
          part.minLon = min(part.minLon, p.lon)
          part.maxLon = max(part.maxLon, p.lon)
          part.minLat = min(part.minLat, p.lat)
          part.maxLat = max(part.maxLat, p.lat)
        }
        parts.append(part)
      }
    }
    guard !parts.isEmpty else { return }
    minLon = parts.map(\.minLon).min()!
    minLat = parts.map(\.minLat).min()!
    let maxLon = parts.map(\.maxLon).max()!
    let maxLat = parts.map(\.maxLat).max()!
    let side = max(1, Int(Double(parts.count).squareRoot().rounded(.up)))
    columns = side
    rows = side
    cellWidth = max((maxLon - minLon) / Double(side), 1e-12)
    cellHeight = max((maxLat - minLat) / Double(side), 1e-12)
    buckets = Array(repeating: [], count: columns * rows)
    for (i, part) in parts.enumerated() {
      let c0 = column(part.minLon)
      let c1 = column(part.maxLon)
      let r0 = row(part.minLat)
      let r1 = row(part.maxLat)
      for r in r0...r1 { for c in c0...c1 { buckets[r * columns + c].append(Int32(i)) } }
    }
  }

  private func column(_ lon: Double) -> Int { min(columns - 1, max(0, Int((lon - minLon) / cellWidth))) }
  private func row(_ lat: Double) -> Int { min(rows - 1, max(0, Int((lat - minLat) / cellHeight))) }

  /// The grid whose boundary contains `p` (the first in file order when boundaries overlap).
  func grid(containing p: GeoPoint) -> String? {
    guard !parts.isEmpty, p.lon.isFinite, p.lat.isFinite else { return nil }
    let c = Int(((p.lon - minLon) / cellWidth).rounded(.down))
    let r = Int(((p.lat - minLat) / cellHeight).rounded(.down))
    // A point on the extent's far edge belongs to the last bucket.
    guard c >= 0, r >= 0, c <= columns, r <= rows else { return nil }
    for i in buckets[min(r, rows - 1) * columns + min(c, columns - 1)] {
      let part = parts[Int(i)]
      guard p.lon >= part.minLon, p.lon <= part.maxLon, p.lat >= part.minLat, p.lat <= part.maxLat else {
        continue
      }
      if PolygonIndex.contains(part.rings, p) { return part.gridID }
    }
    return nil
  }

  /// Even-odd rule over all rings (outer boundary and holes), by ray casting to +lon.
  /// (W. R. Franklin, "PNPOLY – Point Inclusion in Polygon Test".)
  static func contains(_ rings: [[GeoPoint]], _ p: GeoPoint) -> Bool {
    var inside = false
    for ring in rings where ring.count >= 3 {
      var j = ring.count - 1
      for i in 0..<ring.count {
        let a = ring[i]
        let b = ring[j]
        if (a.lat > p.lat) != (b.lat > p.lat)
          && p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
        {
          inside.toggle()
        }
        j = i
      }
    }
    return inside
  }
}
