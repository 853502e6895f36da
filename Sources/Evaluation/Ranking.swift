import Records

/// An order of units (grids or shops) by descending score, with ties broken at random from a seed,
/// so that a tie never silently favours the unit that happens to come first in a file.
public struct Ranking: Sendable {
  /// Unit indices, riskiest first.
  public let order: [Int]

  /// - Parameters:
  ///   - scores: one score per unit; higher is riskier. NaN ranks last.
  ///   - seed: the tie-break seed: equal scores are ordered by a seeded random key.
  /// - Complexity: O(n log n).
  public init(scores: [Double], seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let keys = scores.map { _ in rng.next() }
    order = scores.indices.sorted { a, b in
      let sa = scores[a].isNaN ? -Double.infinity : scores[a]
      let sb = scores[b].isNaN ? -Double.infinity : scores[b]
      return sa != sb ? sa > sb : keys[a] < keys[b]
    }
  }

  /// How many units a coverage share selects: ⌈share · n⌉, at least 1 when n > 0.
  public static func selectionSize(coverage: Double, count: Int) -> Int {
    guard count > 0 else { return 0 }
    return min(count, max(1, Int((coverage * Double(count)).rounded(.up))))
  }

  /// The first `n` units.
  public func top(_ n: Int) -> ArraySlice<Int> { order.prefix(n) }
}
