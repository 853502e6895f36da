/// The field's measures of how well a ranking of places or shops predicted what happened next.
///
/// Each takes per-unit `outcomes` (events in the evaluation window: counts, or 1/0) and a
/// `Ranking`; coverage is the share of units (or of area) selected from the top.
public enum RankingMetrics {
  /// Hit rate: the share of all events that fall in the selected units,
  /// `Σ_{i ∈ top} y_i / Σ_i y_i` (Chainey, Tompson & Uhlig 2008). 0 when there are no events.
  public static func hitRate(_ ranking: Ranking, outcomes: [Double], selected n: Int) -> Double {
    let total = outcomes.reduce(0, +)
    guard total > 0 else { return 0 }
    return ranking.top(n).reduce(0) { $0 + outcomes[$1] } / total
  }

  /// Predictive Accuracy Index: hit rate ÷ area share, `(n/N) / (a/A)` (Chainey et al. 2008).
  /// With `areas` nil every unit has equal area, so the area share is `n / N`.
  /// 0 when there are no events.
  public static func pai(_ ranking: Ranking, outcomes: [Double], selected n: Int, areas: [Double]? = nil)
    -> Double
  {
    guard n > 0, !outcomes.isEmpty else { return 0 }
    let share: Double
    if let areas {
      let total = areas.reduce(0, +)
      share = total > 0 ? ranking.top(n).reduce(0) { $0 + areas[$1] } / total : 0
    } else {
      share = Double(n) / Double(outcomes.count)
    }
    return share > 0 ? hitRate(ranking, outcomes: outcomes, selected: n) / share : 0
  }

  /// Predictive Efficiency Index: events captured ÷ the most any selection of the same size could
  /// capture, `Σ_{top} y / Σ_{best n} y` (Hunt 2016, "Do crime hot spots move?"). 0 with no events.
  public static func pei(_ ranking: Ranking, outcomes: [Double], selected n: Int) -> Double {
    let best = outcomes.sorted(by: >).prefix(n).reduce(0, +)
    guard best > 0 else { return 0 }
    return ranking.top(n).reduce(0) { $0 + outcomes[$1] } / best
  }

  /// Precision at n: the share of the selected units with an outcome (> 0).
  public static func precision(_ ranking: Ranking, outcomes: [Double], selected n: Int) -> Double {
    guard n > 0 else { return 0 }
    return Double(ranking.top(n).filter { outcomes[$0] > 0 }.count) / Double(n)
  }

  /// Recall at n: the share of units with an outcome that are selected. 0 when none has one.
  public static func recall(_ ranking: Ranking, outcomes: [Double], selected n: Int) -> Double {
    let positives = outcomes.filter { $0 > 0 }.count
    guard positives > 0 else { return 0 }
    return Double(ranking.top(n).filter { outcomes[$0] > 0 }.count) / Double(positives)
  }

  /// Lift at n: precision at n ÷ the base rate of units with an outcome. 0 when none has one.
  public static func lift(_ ranking: Ranking, outcomes: [Double], selected n: Int) -> Double {
    let positives = outcomes.filter { $0 > 0 }.count
    guard positives > 0 else { return 0 }
    let base = Double(positives) / Double(outcomes.count)
    return precision(ranking, outcomes: outcomes, selected: n) / base
  }

  /// Area under the ROC curve for "outcome > 0" by the Mann–Whitney statistic, ties in score
  /// counting one half: `AUC = (Σ ranks of positives − n₊(n₊+1)/2) / (n₊ · n₋)` with mid-ranks
  /// (Hanley & McNeil 1982). `nil` when all units are positive or all negative.
  /// - Complexity: O(n log n).
  public static func auc(scores: [Double], outcomes: [Double]) -> Double? {
    precondition(scores.count == outcomes.count, "auc: one score per outcome")
    let positives = outcomes.filter { $0 > 0 }.count
    let negatives = outcomes.count - positives
    guard positives > 0, negatives > 0 else { return nil }
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSum = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
      let midRank = Double(i + j + 2) / 2  // ranks are 1-based: (i+1 + j+1) / 2
      for k in i...j where outcomes[order[k]] > 0 { rankSum += midRank }
      i = j + 1
    }
    let p = Double(positives)
    return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
  }

  /// Brier score: mean squared difference between predicted probability and outcome (0/1),
  /// `(1/N) Σ (p_i − o_i)²` (Brier 1950). Lower is better. 0 for no units.
  public static func brier(probabilities: [Double], outcomes: [Double]) -> Double {
    precondition(probabilities.count == outcomes.count, "brier: one probability per outcome")
    guard !outcomes.isEmpty else { return 0 }
    let sum = zip(probabilities, outcomes).reduce(0.0) { acc, pair in
      let o = pair.1 > 0 ? 1.0 : 0.0
      return acc + (pair.0 - o) * (pair.0 - o)
    }
    return sum / Double(outcomes.count)
  }

  /// Jaccard overlap of two selections, `|A ∩ B| / |A ∪ B|` (1 when both are empty).
  public static func jaccard<T: Hashable>(_ a: some Sequence<T>, _ b: some Sequence<T>) -> Double {
    let sa = Set(a)
    let sb = Set(b)
    let union = sa.union(sb).count
    return union == 0 ? 1 : Double(sa.intersection(sb).count) / Double(union)
  }

  /// The PAI curve: PAI at each coverage in `coverages` (shares of units).
  public static func paiCurve(_ ranking: Ranking, outcomes: [Double], coverages: [Double]) -> [(
    coverage: Double, pai: Double
  )] {
    coverages.map { c in
      (
        c,
        pai(ranking, outcomes: outcomes, selected: Ranking.selectionSize(coverage: c, count: outcomes.count))
      )
    }
  }
}
