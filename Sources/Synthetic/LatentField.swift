import Foundation

/// Spatially correlated random fields over the lattice, standardized to mean 0 and sd 1.
/// Pure: values in, values out.
package enum LatentField {
  /// White noise smoothed by `passes` rounds of neighbour averaging (each cell becomes
  /// (2·self + Σ neighbours) / (2 + #neighbours), a discrete heat-equation step), which gives a
  /// correlation length of about √passes cells.
  /// - Complexity: O(cells · passes).
  package static func smooth(_ lattice: Lattice, passes: Int, rng: inout Xoshiro256StarStar) -> [Double] {
    var field = (0..<lattice.count).map { _ in rng.normal() }
    var next = field
    for _ in 0..<passes {
      for c in 0..<lattice.count {
        var sum = 2 * field[c]
        var weight = 2.0
        for nb in lattice.neighbours(c) {
          sum += field[nb]
          weight += 1
        }
        next[c] = sum / weight
      }
      swap(&field, &next)
    }
    return standardized(field)
  }

  /// Noise on a coarse lattice of `block`-cell squares, bilinearly interpolated to every cell:
  /// variation over several kilometres (neighbourhoods, the town/country gradient).
  /// - Complexity: O(cells).
  package static func coarse(_ lattice: Lattice, block: Int, rng: inout Xoshiro256StarStar) -> [Double] {
    let nx = lattice.columns / block + 2
    let ny = lattice.rows / block + 2
    let knots = (0..<(nx * ny)).map { _ in rng.normal() }
    var field = [Double](repeating: 0, count: lattice.count)
    for c in 0..<lattice.count {
      let x = Double(lattice.column(c)) / Double(block)
      let y = Double(lattice.row(c)) / Double(block)
      let i = Int(x)
      let j = Int(y)
      let fx = x - Double(i)
      let fy = y - Double(j)
      let k00 = knots[j * nx + i]
      let k10 = knots[j * nx + i + 1]
      let k01 = knots[(j + 1) * nx + i]
      let k11 = knots[(j + 1) * nx + i + 1]
      field[c] = (1 - fy) * ((1 - fx) * k00 + fx * k10) + fy * ((1 - fx) * k01 + fx * k11)
    }
    return standardized(field)
  }

  /// `values` shifted and scaled to mean 0, sd 1 (unchanged when constant).
  package static func standardized(_ values: [Double]) -> [Double] {
    guard values.count > 1 else { return values.map { _ in 0 } }
    let mean = values.reduce(0, +) / Double(values.count)
    var ss = 0.0
    for v in values { ss += (v - mean) * (v - mean) }
    let sd = (ss / Double(values.count)).squareRoot()
    return values.map { sd > 0 ? ($0 - mean) / sd : 0 }
  }
}
