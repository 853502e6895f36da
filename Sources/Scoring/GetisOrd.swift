import Foundation

/// Getis-Ord Gi* local hot-spot statistic over the grid adjacency.
///
/// With binary weights w_ij = 1 for j = i and for each neighbour j of i (the "star" form includes
/// the grid itself), n grids and values x (Ord & Getis 1995, "Local spatial autocorrelation
/// statistics: distributional issues and an application", Geographical Analysis 27(4):286–306,
/// eq. 14.b):
///
///     Gi*_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / ( S · √[ (n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1) ] )
///     X̄ = Σ_j x_j / n,   S = √( Σ_j x_j² / n − X̄² )
///
/// Gi*_i is a z-score: large positive values mark clusters of high values (hot spots).
public enum GetisOrd {
  /// Gi* for every grid; 0 where the statistic is undefined (S = 0 or n < 2).
  /// - Complexity: O(n + adjacency pairs).
  package static func zScores(_ x: [Double], index: DistrictIndex) -> [Double] {
    zScores(x, neighborStart: index.neighborStart, neighbors: index.neighbors)
  }

  /// Gi* on a CSR neighbour list (`neighbors[neighborStart[i]..<neighborStart[i+1]]`).
  public static func zScores(_ x: [Double], neighborStart: [Int32], neighbors: [Int32]) -> [Double] {
    let n = x.count
    precondition(neighborStart.count == n + 1, "GetisOrd: one CSR row per value")
    guard n > 1 else { return [Double](repeating: 0, count: n) }
    let nd = Double(n)
    let mean = x.reduce(0, +) / nd
    let s = (x.reduce(0) { $0 + $1 * $1 } / nd - mean * mean).squareRoot()
    guard s > 0, s.isFinite else { return [Double](repeating: 0, count: n) }
    var z = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var sum = x[i]
      let lo = Int(neighborStart[i])
      let hi = Int(neighborStart[i + 1])
      for k in lo..<hi { sum += x[Int(neighbors[k])] }
      let w = Double(hi - lo + 1)  // Σ w_ij = Σ w_ij² for binary weights
      let denominator = s * ((nd * w - w * w) / (nd - 1)).squareRoot()
      z[i] = denominator > 0 ? (sum - mean * w) / denominator : 0
    }
    return z
  }

  /// Two-sided p-value of a standard-normal z: 2 · (1 − Φ(|z|)) = erfc(|z| / √2).
  public static func pValue(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }
}

/// Benjamini–Hochberg false-discovery-rate control.
///
/// Benjamini & Hochberg (1995, "Controlling the false discovery rate", JRSS B 57:289–300): sort
/// the m p-values ascending, find the largest k with p_(k) ≤ k·q/m, and reject the k smallest.
public enum FalseDiscoveryRate {
  /// Which hypotheses are rejected (significant) at FDR level `q`.
  /// - Complexity: O(m log m).
  public static func significant(_ p: [Double], q: Double = 0.05) -> [Bool] {
    let m = p.count
    guard m > 0 else { return [] }
    let order = p.indices.sorted { p[$0] < p[$1] }
    var cutoff = -1
    for (rank, i) in order.enumerated() where p[i] <= Double(rank + 1) * q / Double(m) {
      cutoff = rank
    }
    var out = [Bool](repeating: false, count: m)
    if cutoff >= 0 { for rank in 0...cutoff { out[order[rank]] = true } }
    return out
  }
}
