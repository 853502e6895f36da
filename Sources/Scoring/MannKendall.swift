import Foundation

/// The Mann–Kendall test for a monotonic trend in a series.
///
/// Mann (1945, Econometrica 13:245–259), Kendall (1975, "Rank Correlation Methods"):
///
///     S = Σ_{i<j} sign(x_j − x_i)
///     Var(S) = [ n(n−1)(2n+5) − Σ_t t(t−1)(2t+5) ] / 18   (t: sizes of tied groups)
///     Z = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0
///
/// Z is approximately standard normal under no trend.
public struct MannKendall: Sendable, Hashable {
  public var s: Double
  public var variance: Double
  public var z: Double

  /// Two-sided p-value.
  public var pValue: Double { GetisOrd.pValue(z) }

  /// - Complexity: O(n²) (series here are a dozen weeks long).
  public init(_ x: [Double]) {
    let n = x.count
    var s = 0.0
    for i in 0..<n {
      for j in (i + 1)..<max(n, i + 1) {
        s += x[j] > x[i] ? 1 : (x[j] < x[i] ? -1 : 0)
      }
    }
    var ties = 0.0
    let sorted = x.sorted()
    var i = 0
    while i < n {
      var j = i
      while j + 1 < n, sorted[j + 1] == sorted[i] { j += 1 }
      let t = Double(j - i + 1)
      if t > 1 { ties += t * (t - 1) * (2 * t + 5) }
      i = j + 1
    }
    let nd = Double(n)
    let variance = (nd * (nd - 1) * (2 * nd + 5) - ties) / 18
    self.s = s
    self.variance = variance
    if variance <= 0 || s == 0 {
      z = 0
    } else {
      z = (s > 0 ? s - 1 : s + 1) / variance.squareRoot()
    }
  }
}
