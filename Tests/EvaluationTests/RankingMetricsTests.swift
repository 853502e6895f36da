import Testing

@testable import Evaluation

/// Five units, ranked by these scores: unit 3 (0.9), 0 (0.8), 2 (0.5), 4 (0.3), 1 (0.1).
/// Next-period events: unit 0: 2, unit 1: 5, unit 2: 0, unit 3: 3, unit 4: 0 — 10 in all.
private let scores = [0.8, 0.1, 0.5, 0.9, 0.3]
private let events = [2.0, 5, 0, 3, 0]

@Suite("Ranking metrics against hand-computed values")
struct RankingMetricsTests {
  let ranking = Ranking(scores: scores, seed: 1)

  @Test("the ranking orders by descending score")
  func order() {
    #expect(ranking.order == [3, 0, 2, 4, 1])
    #expect(Ranking.selectionSize(coverage: 0.2, count: 5) == 1)
    #expect(Ranking.selectionSize(coverage: 0.3, count: 5) == 2)  // ⌈1.5⌉
    #expect(Ranking.selectionSize(coverage: 0.01, count: 5) == 1)  // at least one
    #expect(Ranking.selectionSize(coverage: 0.5, count: 0) == 0)
  }

  @Test("hit rate, PAI and PEI at the top two units")
  func placeMetrics() {
    // Top 2 = units 3 and 0: 3 + 2 = 5 of 10 events.
    #expect(RankingMetrics.hitRate(ranking, outcomes: events, selected: 2) == 0.5)
    // Area share 2/5: PAI = 0.5 / 0.4 = 1.25.
    #expect(abs(RankingMetrics.pai(ranking, outcomes: events, selected: 2) - 1.25) < 1e-12)
    // Best two units hold 5 + 3 = 8: PEI = 5 / 8.
    #expect(RankingMetrics.pei(ranking, outcomes: events, selected: 2) == 0.625)
    // Unequal areas: units 3 and 0 cover 1 + 1 of 10 → share 0.2, PAI = 0.5 / 0.2 = 2.5.
    let areas = [1.0, 4, 2, 1, 2]
    #expect(abs(RankingMetrics.pai(ranking, outcomes: events, selected: 2, areas: areas) - 2.5) < 1e-12)
  }

  @Test("precision, recall and lift at the top two")
  func shopMetrics() {
    // Both selected units had events: precision 1; 2 of 3 positive units: recall 2/3;
    // base rate 3/5, lift = 1 / 0.6.
    #expect(RankingMetrics.precision(ranking, outcomes: events, selected: 2) == 1)
    #expect(abs(RankingMetrics.recall(ranking, outcomes: events, selected: 2) - 2.0 / 3) < 1e-12)
    #expect(abs(RankingMetrics.lift(ranking, outcomes: events, selected: 2) - 1 / 0.6) < 1e-12)
  }

  @Test("AUC by Mann–Whitney: positives {0.8, 0.1, 0.9} against negatives {0.5, 0.3}")
  func auc() {
    // Pairs (pos, neg) where pos > neg: 0.8 beats both, 0.9 beats both, 0.1 beats none: 4 of 6.
    #expect(abs(RankingMetrics.auc(scores: scores, outcomes: events)! - 4.0 / 6) < 1e-12)
    // A tie between a positive and a negative counts one half: (1 + 0.5) / 2.
    #expect(abs(RankingMetrics.auc(scores: [0.5, 0.5, 0.2], outcomes: [1, 0, 0])! - 0.75) < 1e-12)
    // All scores equal: 0.5.
    #expect(RankingMetrics.auc(scores: [1, 1, 1, 1], outcomes: [1, 0, 1, 0]) == 0.5)
    // One class only: undefined.
    #expect(RankingMetrics.auc(scores: [1, 2], outcomes: [0, 0]) == nil)
  }

  @Test("Brier score and Jaccard")
  func brierJaccard() {
    // (0.9−1)² + (0.2−0)² + (0.5−1)² = 0.01 + 0.04 + 0.25 = 0.30, over 3.
    #expect(abs(RankingMetrics.brier(probabilities: [0.9, 0.2, 0.5], outcomes: [3, 0, 1]) - 0.1) < 1e-12)
    #expect(RankingMetrics.jaccard([1, 2, 3], [2, 3, 4]) == 0.5)
    #expect(RankingMetrics.jaccard([Int](), []) == 1)
  }

  @Test("an empty window (no events) scores zero rather than dividing by zero")
  func emptyWindow() {
    let none = [0.0, 0, 0, 0, 0]
    #expect(RankingMetrics.hitRate(ranking, outcomes: none, selected: 2) == 0)
    #expect(RankingMetrics.pai(ranking, outcomes: none, selected: 2) == 0)
    #expect(RankingMetrics.pei(ranking, outcomes: none, selected: 2) == 0)
    #expect(RankingMetrics.recall(ranking, outcomes: none, selected: 2) == 0)
    #expect(RankingMetrics.lift(ranking, outcomes: none, selected: 2) == 0)
    #expect(RankingMetrics.auc(scores: scores, outcomes: none) == nil)
  }

  @Test("ties are broken by the seed, reproducibly, and differently for another seed")
  func ties() {
    let flat = [Double](repeating: 1, count: 20)
    let a = Ranking(scores: flat, seed: 7).order
    #expect(a == Ranking(scores: flat, seed: 7).order)
    #expect(a != Ranking(scores: flat, seed: 8).order)
    #expect(a.sorted() == Array(0..<20))
    // A NaN score ranks last.
    #expect(Ranking(scores: [.nan, 0, 1], seed: 1).order == [2, 1, 0])
  }
}

@Suite("Days earlier and the exposure audit")
struct DaysEarlierTests {
  @Test("reordering by score hands the earliest dates to the riskiest shops")
  func daysEarlier() throws {
    // Visits on days 1, 2, 3, 4; the one on day 4 found a hazard and has the top score.
    // Reordered, it takes day 1: found 3 days earlier. Actual: in the second half; reordered: first.
    let result = try #require(
      DaysEarlier(
        days: [1, 2, 3, 4], scores: [0.1, 0.2, 0.3, 0.9], found: [false, false, false, true], seed: 1))
    #expect(result.meanDaysEarlier == 3)
    #expect(result.positives == 1)
    #expect(result.firstHalfActual == 0)
    #expect(result.firstHalfReordered == 1)
    // A useless score (the reverse) makes them later: the day-1 finding moves to day 4.
    let worse = try #require(
      DaysEarlier(
        days: [1, 2, 3, 4], scores: [0.1, 0.2, 0.3, 0.9], found: [true, false, false, false], seed: 1))
    #expect(worse.meanDaysEarlier == -3)
    #expect(DaysEarlier(days: [1], scores: [1], found: [false], seed: 1) == nil)
  }

  @Test("exposure ratios outside 0.8–1.25 are flagged only when an exact binomial test says more than chance")
  func exposure() {
    // Units 0, 1 in A; 2, 3 in B. The list holds 0, 1, 2 (A: 2/3, B: 1/3); events A 5, B 5.
    let small = ExposureAudit(groups: ["A", "A", "B", "B"], selected: [0, 1, 2], outcomes: [3, 2, 5, 0])
    #expect(small.rows.map(\.group) == ["A", "B"])
    #expect(small.rows.map(\.listCount) == [2, 1])
    #expect(abs(small.rows[0].ratio! - (2.0 / 3) / 0.5) < 1e-12)  // 1.33: over-served
    #expect(abs(small.rows[1].ratio! - (1.0 / 3) / 0.5) < 1e-12)  // 0.67: under-served
    // Outside the band, but 2 of 3 against a fair coin is what chance gives (p = 1): not flagged.
    #expect(small.rows.allSatisfy { $0.outsideBand && !$0.flagged })
    #expect(small.rows.allSatisfy { abs($0.pValue - 1) < 1e-12 })
    let fair = ExposureAudit(groups: ["A", "B"], selected: [0, 1], outcomes: [1, 1])
    #expect(fair.rows.allSatisfy { !$0.outsideBand && !$0.flagged })
    // 100 units each, one event each; the list takes 70 of A and 30 of B. R: binom.test(70, 100)
    // gives p = 7.85e-05 (2 · P(X ≥ 70), X ~ Binomial(100, 1/2)); both groups alike, q = p.
    let groups = Array(repeating: "A", count: 100) + Array(repeating: "B", count: 100)
    let large = ExposureAudit(
      groups: groups, selected: Array(0..<70) + Array(100..<130), outcomes: Array(repeating: 1, count: 200))
    for row in large.rows {
      #expect(abs(row.pValue - 7.8502e-5) < 1e-8)
      #expect(abs(row.qValue - row.pValue) < 1e-15)
      #expect(row.flagged)
    }
  }

  @Test("the exact binomial test and Benjamini–Hochberg q-values against hand-worked values")
  func binomialAndFDR() {
    // Binomial(3, 1/2): probabilities 1/8, 3/8, 3/8, 1/8.
    #expect(abs(ExposureAudit.binomialTest(0, of: 3, share: 0.5) - 0.25) < 1e-12)
    #expect(abs(ExposureAudit.binomialTest(1, of: 3, share: 0.5) - 1) < 1e-12)
    // R: binom.test(3, 10) → p = 0.3438 (= 2 · 176/1024).
    #expect(abs(ExposureAudit.binomialTest(3, of: 10, share: 0.5) - 352.0 / 1024) < 1e-12)
    // Listed without any event: impossible under the null.
    #expect(ExposureAudit.binomialTest(2, of: 5, share: 0) == 0)
    // p = 0.01, 0.04, 0.03, 0.2 (m = 4): p·m/rank = 0.04, 0.06, 0.0533, 0.2 by rank, then the
    // running minimum from the largest: 0.04, 0.0533, 0.0533, 0.2.
    let q = ExposureAudit.benjaminiHochberg([0.01, 0.04, 0.03, 0.2])
    let expected = [0.04, 0.16 / 3, 0.16 / 3, 0.2]
    #expect(zip(q, expected).allSatisfy { abs($0 - $1) < 1e-12 })
  }
}
