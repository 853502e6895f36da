import Records

/// Point-in-polygon lookup over grid boundaries with a uniform bucket grid over their bounding
/// boxes, so a query tests only the few polygons whose boxes overlap its bucket.
///
/// - Complexity: building O(Σ vertices + Σ buckets each box covers); a query O(1) to find the
///   bucket plus O(vertices) of each candidate polygon. With ~one polygon per bucket (the grid is
///   sized ⌈√n⌉ × ⌈√n⌉ over the extent) a query tests a handful of polygons instead of all n.
struct PolygonIndex: Sendable {
  /// One polygon a point can lie in: its grid, its place in the grid's boundary, the box it is
  /// looked up by, and its rings (empty when they are read on demand).
  struct Part: Sendable {
    var gridID: String
    var polygon: Int
    var box: GeoBox
    var rings: PolygonRings = []
  }

  private var parts: [Part] = []
  /// The parts of bucket `b` are `members[starts[b]..<starts[b + 1]]`, in part order (one array
  /// for all buckets: a district's ~90 000 buckets would otherwise be as many small arrays).
  private var starts: [Int32] = []
  private var members: [Int32] = []
  private var columns = 0
  private var rows = 0
  private var minLon = 0.0
  private var minLat = 0.0
  private var cellWidth = 1.0
  private var cellHeight = 1.0

  var isEmpty: Bool { parts.isEmpty }

  /// Indexes every polygon of `boundaries` (`GridBoundary.parts`) with its rings, in order.
  init(_ boundaries: [GridBoundary]) {
    self.init(
      parts: boundaries.flatMap { b in
        b.parts.map {
          Part(gridID: b.gridID, polygon: $0.polygon, box: $0.box, rings: b.polygons[$0.polygon])
        }
      })
  }

  /// Indexes `parts` by their boxes; lookups visit them in this order.
  init(parts: [Part]) {
    self.parts = parts
    guard !parts.isEmpty else { return }
    minLon = parts.map(\.box.minLon).min()!
    minLat = parts.map(\.box.minLat).min()!
    let maxLon = parts.map(\.box.maxLon).max()!
    let maxLat = parts.map(\.box.maxLat).max()!
    let side = max(1, Int(Double(parts.count).squareRoot().rounded(.up)))
    columns = side
    rows = side
    cellWidth = max((maxLon - minLon) / Double(side), 1e-12)
    cellHeight = max((maxLat - minLat) / Double(side), 1e-12)
    // Counted first, then filled: each bucket's slice of `members` holds its parts in order.
    func eachBucket(_ part: Part, _ body: (Int) -> Void) {
      for r in row(part.box.minLat)...row(part.box.maxLat) {
        for c in column(part.box.minLon)...column(part.box.maxLon) { body(r * columns + c) }
      }
    }
    var next = [Int32](repeating: 0, count: columns * rows + 1)
    for part in parts { eachBucket(part) { next[$0 + 1] += 1 } }
    for b in 0..<columns * rows { next[b + 1] += next[b] }
    starts = next
    members = [Int32](repeating: 0, count: Int(next[columns * rows]))
    for (i, part) in parts.enumerated() {
      eachBucket(part) { b in
        members[Int(next[b])] = Int32(i)
        next[b] += 1
      }
    }
  }

  private func column(_ lon: Double) -> Int { min(columns - 1, max(0, Int((lon - minLon) / cellWidth))) }
  private func row(_ lat: Double) -> Int { min(rows - 1, max(0, Int((lat - minLat) / cellHeight))) }

  /// The grid whose boundary contains `p` (the first in file order when boundaries overlap).
  func grid(containing p: GeoPoint) -> String? {
    first(containing: p) { PolygonIndex.contains($0.rings, p) }?.gridID
  }

  /// The first part, in index order, whose box holds `p` and that passes `test`.
  func first(containing p: GeoPoint, where test: (Part) -> Bool) -> Part? {
    guard !parts.isEmpty, p.lon.isFinite, p.lat.isFinite else { return nil }
    let c = Int(((p.lon - minLon) / cellWidth).rounded(.down))
    let r = Int(((p.lat - minLat) / cellHeight).rounded(.down))
    // A point on the extent's far edge belongs to the last bucket.
    guard c >= 0, r >= 0, c <= columns, r <= rows else { return nil }
    let bucket = min(r, rows - 1) * columns + min(c, columns - 1)
    for i in members[Int(starts[bucket])..<Int(starts[bucket + 1])] {
      let part = parts[Int(i)]
      if part.box.contains(p), test(part) { return part }
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
