import Records

extension ChoroplethMap {
  /// The edges two regions of different groups share, as one `<polyline>` each inside
  /// `<g id="borders">`: subdistrict borders over the grid mosaic. Edges are matched by their
  /// projected end points (to 0.01 picture units), so neighbours must share vertices, as grids
  /// laid on a lattice or cut from one map do; unmatched edges (the district's outline, or
  /// boundaries digitised apart) are not drawn, so the map never shows a border that is not one.
  /// - Complexity: O(total edges) expected (hashing).
  func borders(_ projection: MapProjection) -> String {
    struct Point: Hashable, Comparable {
      var x: Int
      var y: Int
      static func < (a: Point, b: Point) -> Bool { (a.x, a.y) < (b.x, b.y) }
    }
    struct Edge: Hashable {
      var a: Point
      var b: Point
    }
    func point(_ p: GeoPoint) -> Point? {
      guard p.lon.isFinite, p.lat.isFinite else { return nil }
      let (x, y) = projection.project(p)
      return Point(x: Int((x * 100).rounded()), y: Int((y * 100).rounded()))
    }
    var owners: [Edge: [String]] = [:]
    for region in regions {
      guard let group = region.group else { continue }
      for polygon in region.polygons {
        for ring in polygon {
          let points = ring.compactMap { point($0) }
          guard points.count >= 2 else { continue }
          for i in points.indices {
            let p = points[i]
            let q = points[(i + 1) % points.count]
            if p == q { continue }
            owners[Edge(a: min(p, q), b: max(p, q)), default: []].append(group)
          }
        }
      }
    }
    let edges = owners.filter { $0.value.count == 2 && $0.value[0] != $0.value[1] }.keys
      .sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    guard !edges.isEmpty else { return "" }
    func text(_ v: Int) -> String { Self.coordinate(Double(v) / 100) }
    var out =
      "<g id=\"borders\" fill=\"none\" stroke=\"#343a40\" stroke-width=\"1.6\" stroke-linecap=\"round\">\n"
    for edge in edges {
      out +=
        "<polyline points=\"\(text(edge.a.x)),\(text(edge.a.y)) \(text(edge.b.x)),\(text(edge.b.y))\"/>\n"
    }
    out += "</g>\n"
    return out
  }
}
