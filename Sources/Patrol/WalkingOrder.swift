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
    var path = nearestNeighbour(xy, start: startIndex(xy))
    twoOpt(&path, xy)
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

  /// Greedy path from `start`, always to the nearest unvisited point (ties to the lower index).
  static func nearestNeighbour(_ xy: [SIMD2<Double>], start: Int) -> [Int] {
    var path = [start]
    var left = Set(xy.indices)
    left.remove(start)
    while !left.isEmpty {
      let here = xy[path.last!]
      let next = left.min { (distance(here, xy[$0]), $0) < (distance(here, xy[$1]), $1) }!
      path.append(next)
      left.remove(next)
    }
    return path
  }

  /// 2-opt on an open path: reverse `path[i...j]` whenever that shortens it, until no move does.
  /// The first point stays first.
  static func twoOpt(_ path: inout [Int], _ xy: [SIMD2<Double>]) {
    let n = path.count
    var improved = true
    while improved {
      improved = false
      for i in 1..<(n - 1) {
        for j in (i + 1)..<n {
          let a = xy[path[i - 1]]
          let b = xy[path[i]]
          let c = xy[path[j]]
          let before = distance(a, b) + (j + 1 < n ? distance(c, xy[path[j + 1]]) : 0)
          let after = distance(a, c) + (j + 1 < n ? distance(b, xy[path[j + 1]]) : 0)
          if after < before - 1e-9 {
            path[i...j].reverse()
            improved = true
          }
        }
      }
    }
  }
}
