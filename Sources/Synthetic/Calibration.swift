import Foundation

/// The maths that turns targets into parameters. Pure.
package enum Calibration {
  /// Expected event counts per grid once near-repeat excitation is added to the background
  /// counts `background`: the fixed point x = b + M x, where an event in grid h adds
  /// α_self/(1−ρ) expected events to h and α_nb/(1−ρ) to each neighbour (the time integral of a
  /// kernel decaying by ρ per day). This is the mean of a linear Hawkes process,
  /// x = (I − M)⁻¹ b (Hawkes 1971), solved by fixed-point iteration (it converges because the
  /// branching ratio (α_self + 4 α_nb)/(1−ρ) < 1).
  /// - Complexity: O(grids · iterations).
  package static func withExcitation(
    _ background: [Double], layout: DistrictLayout, alphaSelf: Double, alphaNeighbour: Double, decay: Double
  ) -> [Double] {
    let mSelf = alphaSelf / (1 - decay)
    let mNeighbour = alphaNeighbour / (1 - decay)
    precondition(mSelf + 4 * mNeighbour < 1, "excitation must be subcritical")
    var x = background
    for _ in 0..<200 {
      var next = background
      var change = 0.0
      for g in 0..<x.count {
        var sum = mSelf * x[g]
        for h in layout.neighbours(g) { sum += mNeighbour * x[Int(h)] }
        next[g] += sum
        change = max(change, abs(next[g] - x[g]))
      }
      x = next
      if change < 1e-9 * (1 + (x.max() ?? 0)) { break }
    }
    return x
  }

  /// The intercept a with Σ wᵢ σ(a + xᵢ) / Σ wᵢ = `mean`, σ the logistic function, by bisection
  /// (σ is increasing, so the weighted mean is monotone in a).
  /// - Complexity: O(n · 60).
  package static func logisticIntercept(logits: [Float], weights: [Double], mean: Double) -> Double {
    precondition(mean > 0 && mean < 1, "a share must be in (0, 1)")
    var total = 0.0
    for w in weights { total += w }
    var lo = -30.0
    var hi = 30.0
    for _ in 0..<60 {
      let a = (lo + hi) / 2
      var sum = 0.0
      for i in logits.indices { sum += weights[i] / (1 + exp(-(a + Double(logits[i])))) }
      if sum / total < mean { lo = a } else { hi = a }
    }
    return (lo + hi) / 2
  }

  /// The logistic function σ(x) = 1 / (1 + e^(−x)).
  @inline(__always) package static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

  /// Share of hazards still waiting for rectification at the end when inspections arrive evenly
  /// over `days` and rectification takes T days: P(pending) = (1/days) Σₖ P(T > k) = E[T]/days
  /// (for T shorter than the span).
  package static func pendingShare(meanDaysToRectify: Double, days: Int) -> Double {
    min(1, meanDaysToRectify / Double(days))
  }
}
