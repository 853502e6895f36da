import Foundation
import Records

/// The order to walk a day's shops in along the street: a short open path through their locations.
///
/// Method: project the points on the street's principal axis (the leading eigenvector of their
/// 2×2 covariance, in local metres) and start at the end with the smallest projection; go to the
/// nearest unvisited shop each time (nearest-neighbour); then remove crossings with 2-opt moves
/// (Croes 1958) until none shortens the open path. Distances are equirectangular metres about the
/// points' mean latitude, exact enough at street scale. Shops without coordinates follow the
/// located ones, in the order given.
enum WalkingOrder {
  /// A permutation of `points.indices`: the walking order.
  ///
  /// - Complexity: O(n²) for nearest-neighbour and O(n²) per 2-opt pass; n is a day's list, at
  ///   most a team's capacity.
  static func order(_ points: [GeoPoint?]) -> [Int] {
    let located = points.indices.filter { points[$0] != nil }
    let unlocated = points.indices.filter { points[$0] == nil }
    guard located.count > 2 else { return located + unlocated }
    let xy = planar(located.map { points[$0]! })
    let d = distances(xy)
    var path = nearestNeighbour(d, count: xy.count, start: startIndex(xy))
    twoOpt(&path, d)
    return path.map { located[$0] } + unlocated
  }

  /// Local planar coordinates in metres: x east, y north (equirectangular about the mean latitude;
  /// 111 320 m per degree of longitude at the equator, 110 574 m per degree of latitude).
  static func planar(_ points: [GeoPoint]) -> [SIMD2<Double>] {
    let lat0 = points.map(\.lat).reduce(0, +) / Double(points.count)
    let kx = 111_320 * cos(lat0 * .pi / 180)
    return points.map { SIMD2($0.lon * kx, $0.lat * 110_574) }
  }

  /// The point with the smallest projection on the principal axis of `xy`.
  static func startIndex(_ xy: [SIMD2<Double>]) -> Int {
    let n = Double(xy.count)
    let mean = xy.reduce(SIMD2<Double>(0, 0), +) / n
    var sxx = 0.0
    var sxy = 0.0
    var syy = 0.0
    for p in xy {
      let d = p - mean
      sxx += d.x * d.x
      sxy += d.x * d.y
      syy += d.y * d.y
    }
    // Principal axis of a symmetric 2×2 matrix [[a, b], [b, c]]: angle θ = ½·atan2(2b, a − c).
    let theta = 0.5 * atan2(2 * sxy, sxx - syy)
    let axis = SIMD2(cos(theta), sin(theta))
    let projections = xy.map { (($0 - mean) * axis).sum() }
    return projections.indices.min { (projections[$0], $0) < (projections[$1], $1) }!
  }

  static func distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
    let d = a - b
    return (d * d).sum().squareRoot()
  }

  /// Every pairwise `distance`, row-major (each computed once: the walk and its 2-opt passes read
  /// them many times).
  static func distances(_ xy: [SIMD2<Double>]) -> [Double] {
    let n = xy.count
    var d = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { d[i * n + j] = distance(xy[i], xy[j]) }
    }
    return d
  }

  /// Greedy path from `start` through `count` points with pairwise distances `d`, always to the
  /// nearest unvisited point (ties to the lower index).
  static func nearestNeighbour(_ d: [Double], count n: Int, start: Int) -> [Int] {
    var path = [start]
    path.reserveCapacity(n)
    var left = [Bool](repeating: true, count: n)
    left[start] = false
    for _ in 1..<max(1, n) {
      let here = path.last! * n
      var next = -1
      for j in 0..<n where left[j] && (next < 0 || d[here + j] < d[here + next]) { next = j }
      path.append(next)
      left[next] = false
    }
    return path
  }

  /// 2-opt on an open path with pairwise distances `d`: reverse `path[i...j]` whenever that
  /// shortens it, until no move does. The first point stays first.
  static func twoOpt(_ path: inout [Int], _ d: [Double]) {
    let n = path.count
    var improved = true
    while improved {
      improved = false
      for i in 1..<(n - 1) {
        for j in (i + 1)..<n {
          let a = path[i - 1] * n
          let b = path[i] * n
          let c = path[j] * n
          let before = d[a + path[i]] + (j + 1 < n ? d[c + path[j + 1]] : 0)
          let after = d[a + path[j]] + (j + 1 < n ? d[b + path[j + 1]] : 0)
          if after < before - 1e-9 {
            path[i...j].reverse()
            improved = true
          }
        }
      }
    }
  }
}
