import Foundation

/// Emerging-hot-spot classes of a grid from its weekly Gi* series, after the rules of ArcGIS's
/// Emerging Hot Spot Analysis (Esri, "How Emerging Hot Spot Analysis works"), reduced to six:
///
/// With T weekly steps (the last is the week ending on the as-of day), a step is *hot* when the
/// grid's Gi* is positive and significant after a Benjamini–Hochberg correction across the grids
/// of that week (q = 0.05), *cold* when negative and significant; the trend is the Mann–Kendall
/// test of the weekly Gi* z-scores (significant at p < 0.05).
///
/// - `new`: the last step is hot and no earlier step was.
/// - `intensifying`: hot in ≥ 90% of steps including the last, with a significant upward trend.
/// - `persistent`: hot in ≥ 90% of steps including the last, with no significant trend.
/// - `diminishing`: hot in ≥ 90% of steps including the last, with a significant downward trend.
/// - `sporadic`: the last step is hot, hot in fewer than 90% of steps, never cold.
/// - `none`: anything else (including grids hot only in the past, or hot and cold in turn).
public enum EmergingHotspot: String, Sendable, CaseIterable, Codable {
  case new
  case intensifying
  case persistent
  case diminishing
  case sporadic
  case none

  /// The class of one series of (z, hot, cold) steps, oldest first.
  public static func classify(z: [Double], hot: [Bool], cold: [Bool]) -> EmergingHotspot {
    let t = z.count
    guard t > 0, hot.count == t, cold.count == t, hot[t - 1] else { return .none }
    let hotSteps = hot.filter { $0 }.count
    if hotSteps == 1 { return .new }
    if Double(hotSteps) >= 0.9 * Double(t) {
      let trend = MannKendall(z)
      if trend.pValue < 0.05 { return trend.z > 0 ? .intensifying : .diminishing }
      return .persistent
    }
    return cold.contains(true) ? .none : .sporadic
  }

  /// Classes for every grid from the weekly incident counts of the `weeks` weeks ending on `cut`.
  /// - Complexity: O(weeks · (grids + adjacency) + incidents in the window).
  static func classify(
    tables: EventTables, index: DistrictIndex, cut: Int32, weeks: Int = 12, q: Double = 0.05
  ) -> [EmergingHotspot] {
    let n = index.gridCount
    var counts = [[Double]](repeating: [Double](repeating: 0, count: n), count: weeks)
    let first = cut - Int32(weeks * 7) + 1
    let lo = EventTables.prefix(tables.incidentDay, through: first - 1)
    let hi = EventTables.prefix(tables.incidentDay, through: cut)
    for k in lo..<hi {
      let w = Int(tables.incidentDay[k] - first) / 7
      counts[w][Int(tables.incidentGrid[k])] += 1
    }
    var z = [[Double]](repeating: [], count: weeks)
    var hot = [[Bool]](repeating: [], count: weeks)
    var cold = [[Bool]](repeating: [], count: weeks)
    for w in 0..<weeks {
      z[w] = GetisOrd.zScores(counts[w], index: index)
      let significant = FalseDiscoveryRate.significant(z[w].map(GetisOrd.pValue), q: q)
      hot[w] = (0..<n).map { significant[$0] && z[w][$0] > 0 }
      cold[w] = (0..<n).map { significant[$0] && z[w][$0] < 0 }
    }
    return (0..<n).map { g in
      classify(z: z.map { $0[g] }, hot: hot.map { $0[g] }, cold: cold.map { $0[g] })
    }
  }
}
