import Foundation
import Records

/// Grids on a square lattice with rook adjacency in the compressed form `GetisOrd.zScores` takes
/// (each grid's neighbours at `neighbors[neighborStart[g] ..< neighborStart[g + 1]]`), and a
/// skewed value per grid: the shape of a decayed incident count over a district.
struct RookLattice {
  let neighborStart: [Int32]
  let neighbors: [Int32]
  let values: [Double]

  /// - Parameter count: grids (87,200 = scale 100's grid count).
  init(count: Int = 87_200, seed: UInt64 = 5) {
    let side = Int(Double(count).squareRoot().rounded(.up))
    var start: [Int32] = [0]
    var list: [Int32] = []
    list.reserveCapacity(4 * count)
    for g in 0..<count {
      let (r, c) = (g / side, g % side)
      if r > 0 { list.append(Int32(g - side)) }
      if c > 0 { list.append(Int32(g - 1)) }
      if c + 1 < side, g + 1 < count { list.append(Int32(g + 1)) }
      if g + side < count { list.append(Int32(g + side)) }
      start.append(Int32(list.count))
    }
    var rng = SplitMix64(seed: seed)
    // exp of a sum of three uniforms: a right-skewed, lognormal-like positive value.
    values = (0..<count).map { _ in exp(0.8 * (rng.unit() + rng.unit() + rng.unit() - 1.5)) }
    neighborStart = start
    neighbors = list
  }
}
