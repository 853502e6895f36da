/// Empirical-Bayes Poisson–Gamma shrinkage of small-area rates.
///
/// Counts `y_i ~ Poisson(θ_i e_i)` with exposures `e_i` and rates `θ_i ~ Gamma(a, b)` (mean
/// m = a/b, variance A = a/b²). The prior is estimated by the method of moments of Marshall
/// (1991, "Mapping disease and mortality rates using empirical Bayes estimators", Applied
/// Statistics 40:283–294), the moment form of Clayton & Kaldor (1987, Biometrics 43:671–681):
///
///     m  = Σ y_i / Σ e_i
///     s² = Σ e_i (r_i − m)² / Σ e_i,  r_i = y_i / e_i
///     A  = max(0, s² − m / ē),        ē = Σ e_i / n
///
/// and each rate is replaced by its posterior mean
///
///     θ̂_i = m + C_i (r_i − m),  C_i = A / (A + m / e_i),
///
/// so an area with little exposure (small e_i) is pulled further toward the district rate m than
/// a large one. When A = 0 every area gets m.
public enum EmpiricalBayes {
  /// The shrunken rates, one per area; areas with exposure ≤ 0 get the prior mean.
  /// - Complexity: O(n).
  public static func shrink(counts y: [Double], exposures e: [Double]) -> [Double] {
    precondition(y.count == e.count, "EmpiricalBayes: one exposure per count")
    var sumY = 0.0
    var sumE = 0.0
    var n = 0
    for i in y.indices where e[i] > 0 {
      sumY += y[i]
      sumE += e[i]
      n += 1
    }
    guard sumE > 0, n > 0 else { return y.map { _ in 0 } }
    let m = sumY / sumE
    var s2 = 0.0
    for i in y.indices where e[i] > 0 {
      let r = y[i] / e[i] - m
      s2 += e[i] * r * r
    }
    s2 /= sumE
    let a = max(0, s2 - m / (sumE / Double(n)))
    return y.indices.map { i in
      guard e[i] > 0, a > 0 else { return m }
      let c = a / (a + m / e[i])
      return m + c * (y[i] / e[i] - m)
    }
  }

  /// Exposure in units of 100 households; a grid whose households are unknown (0) gets the mean
  /// exposure of the grids that know theirs, or 1 ("per grid") when none do.
  static func exposures(households: [Double]) -> [Double] {
    let known = households.filter { $0 > 0 }
    let fallback = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count) / 100
    return households.map { $0 > 0 ? $0 / 100 : fallback }
  }
}
