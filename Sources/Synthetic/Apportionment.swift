/// Splitting a whole number among parts in proportion to weights, exactly.
package enum Apportionment {
  /// Integers that sum to `total`, each in `minimum…caps[i]`, as close as possible to the quotas
  /// `total · wᵢ / Σw` (Hamilton's largest-remainder method, with floors and caps).
  /// - Precondition: `minimum · count ≤ total ≤ Σ caps`.
  /// - Complexity: O(n · k), k = units moved after flooring (at most n).
  package static func largestRemainder(total: Int, weights: [Double], minimum: Int = 0, caps: [Int]? = nil)
    -> [Int]
  {
    let n = weights.count
    let caps = caps ?? [Int](repeating: Int.max, count: n)
    precondition(n > 0 && minimum * n <= total, "cannot give every part its minimum")
    var sum = 0.0
    for w in weights { sum += w }
    let quotas = weights.map { sum > 0 ? Double(total) * $0 / sum : Double(total) / Double(n) }
    var result = (0..<n).map { min(caps[$0], max(minimum, Int(quotas[$0].rounded(.down)))) }
    var given = result.reduce(0, +)
    while given < total {
      var best = -1
      var bestGap = -Double.infinity
      for i in 0..<n where result[i] < caps[i] {
        let gap = quotas[i] - Double(result[i])
        if gap > bestGap {
          bestGap = gap
          best = i
        }
      }
      precondition(best >= 0, "caps leave no room for the total")
      result[best] += 1
      given += 1
    }
    while given > total {
      var best = -1
      var bestGap = Double.infinity
      for i in 0..<n where result[i] > minimum {
        let gap = quotas[i] - Double(result[i])
        if gap < bestGap {
          bestGap = gap
          best = i
        }
      }
      result[best] -= 1
      given -= 1
    }
    return result
  }

  /// Integer counts summing to round(Σ expected), each within one of its expected value:
  /// systematic rounding of the running sum from a random start `offset` ∈ [0, 1)
  /// (Madow 1949, systematic sampling with unequal probabilities).
  /// - Complexity: O(n).
  package static func systematic(_ expected: [Double], offset: Double) -> [Int] {
    var result = [Int](repeating: 0, count: expected.count)
    var cumulative = offset
    var previous = Int(cumulative.rounded(.down))
    for i in expected.indices {
      cumulative += expected[i]
      let now = Int(cumulative.rounded(.down))
      result[i] = now - previous
      previous = now
    }
    return result
  }
}
