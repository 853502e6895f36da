import Foundation

/// Does the top list over- or under-serve a part of the district relative to where the harm was?
///
/// For each group (subdistrict), `ratio = (group's share of the selected units) ÷ (group's share
/// of next-period events)`. A ratio outside [0.8, 1.25] (the four-fifths rule and its
/// reciprocal, as in disparate-impact audits) is *flagged* only when it is also more than chance:
/// with a list of a few dozen grids over a dozen subdistricts, most ratios fall outside the band
/// by noise alone.
///
/// Chance is an exact binomial test per group: were the list drawn in proportion to the events,
/// the group's count in a list of n units would be Binomial(n, event share). The two-sided
/// p-value sums the probabilities of every count no more likely than the one observed (the
/// minimum-likelihood rule of R's `binom.test`; Clopper & Pearson's test family), and the
/// p-values of all groups are adjusted by Benjamini & Hochberg (1995) to q-values: flagged means
/// outside the band with q < 0.05.
public struct ExposureAudit: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var group: String
    /// How many of the selected units are in the group.
    public var listCount: Int
    public var listShare: Double
    public var eventShare: Double
    /// nil when the group had no events (its list share is then reported alone).
    public var ratio: Double?
    /// Whether the ratio is outside `band` (or the group is listed without any event).
    public var outsideBand: Bool
    /// Two-sided exact binomial p-value of `listCount` against the event share.
    public var pValue: Double
    /// `pValue` adjusted for the number of groups (Benjamini–Hochberg).
    public var qValue: Double
    /// Outside the band and `qValue` below `significance`.
    public var flagged: Bool
  }

  public static let band: ClosedRange<Double> = 0.8...1.25
  public static let significance = 0.05

  public var rows: [Row]

  /// - Parameters:
  ///   - groups: each unit's group.
  ///   - selected: the units in the top list.
  ///   - outcomes: each unit's events in the window.
  /// - Complexity: O(units + groups · selected) (one binomial sum per group).
  public init(groups: [String], selected: some Sequence<Int>, outcomes: [Double]) {
    var listCount: [String: Int] = [:]
    var total = 0
    for unit in selected {
      listCount[groups[unit], default: 0] += 1
      total += 1
    }
    var events: [String: Double] = [:]
    for (unit, y) in outcomes.enumerated() { events[groups[unit], default: 0] += y }
    let totalEvents = outcomes.reduce(0, +)
    var rows = Set(groups).sorted().map { group in
      let count = listCount[group] ?? 0
      let listShare = total > 0 ? Double(count) / Double(total) : 0
      let eventShare = totalEvents > 0 ? (events[group] ?? 0) / totalEvents : 0
      let ratio = eventShare > 0 ? listShare / eventShare : nil
      let outside = ratio.map { !ExposureAudit.band.contains($0) } ?? (listShare > 0)
      return Row(
        group: group, listCount: count, listShare: listShare, eventShare: eventShare, ratio: ratio,
        outsideBand: outside,
        pValue: totalEvents > 0 ? ExposureAudit.binomialTest(count, of: total, share: eventShare) : 1,
        qValue: 1, flagged: false)
    }
    let q = ExposureAudit.benjaminiHochberg(rows.map(\.pValue))
    for k in rows.indices {
      rows[k].qValue = q[k]
      rows[k].flagged = rows[k].outsideBand && q[k] < ExposureAudit.significance
    }
    self.rows = rows
  }

  /// The two-sided exact binomial p-value of `x` successes in `n` trials of probability `p`: the
  /// sum of P(X = k) over every k with P(X = k) ≤ P(X = x), up to a relative 1e-7 (as R's
  /// `binom.test`).
  /// - Complexity: O(n).
  static func binomialTest(_ x: Int, of n: Int, share p: Double) -> Double {
    guard n > 0 else { return 1 }
    if p <= 0 { return x == 0 ? 1 : 0 }
    if p >= 1 { return x == n ? 1 : 0 }
    func logProbability(_ k: Int) -> Double {
      lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p)
        + Double(n - k) * log1p(-p)
    }
    let observed = logProbability(x) + log1p(1e-7)
    var sum = 0.0
    for k in 0...n {
      let l = logProbability(k)
      if l <= observed { sum += exp(l) }
    }
    return min(1, sum)
  }

  /// Benjamini–Hochberg q-values of `p`, in the same order: q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎ · m / j
  /// for the p-values sorted ascending (Benjamini & Hochberg 1995), at most 1.
  static func benjaminiHochberg(_ p: [Double]) -> [Double] {
    let m = p.count
    let order = p.indices.sorted { p[$0] < p[$1] }
    var q = [Double](repeating: 1, count: m)
    var running = 1.0
    for rank in stride(from: m, through: 1, by: -1) {
      let i = order[rank - 1]
      running = min(running, p[i] * Double(m) / Double(rank))
      q[i] = running
    }
    return q
  }
}
