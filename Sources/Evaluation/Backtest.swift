import Foundation
import Records

/// A rolling-origin evaluation: at each origin, rank with only what was known then, and compare
/// with what happened in the next `horizon` days (Tashman 2000, "Out-of-sample tests of
/// forecasting accuracy"; the open_cp evaluation protocol for place-based forecasts).
public struct Backtest: Sendable {
  public struct Configuration: Sendable {
    public var from: Day
    public var to: Day
    /// Days between origins.
    public var step: Int
    /// Days after an origin that count as "what happened next".
    public var horizon: Int
    /// Shares of units selected from the top (0.05 = 5%); the first one is the headline.
    public var coverages: [Double]
    /// Seed for tie-breaks and the random baseline.
    public var seed: UInt64

    public init(
      from: Day, to: Day, step: Int = 30, horizon: Int = 30, coverages: [Double] = [0.05], seed: UInt64 = 1
    ) {
      precondition(step > 0 && horizon > 0, "step and horizon are whole days ≥ 1")
      precondition(!coverages.isEmpty && coverages.allSatisfy { $0 > 0 && $0 <= 1 }, "coverages in (0, 1]")
      self.from = from
      self.to = to
      self.step = step
      self.horizon = horizon
      self.coverages = coverages
      self.seed = seed
    }

    /// The origins `from, from + step, …` up to `to`.
    public var origins: [Day] { Array(stride(from: from, through: to, by: step)) }
  }

  /// What a model says at one origin: a score per grid and per shop in the given unit order, and
  /// optionally probabilities (for the Brier score).
  public struct ModelScores: Sendable {
    public var grids: [Double]
    public var shops: [Double]
    public var gridProbabilities: [Double]?

    public init(grids: [Double], shops: [Double], gridProbabilities: [Double]? = nil) {
      self.grids = grids
      self.shops = shops
      self.gridProbabilities = gridProbabilities
    }
  }

  /// Metrics of one method at one coverage.
  public struct Metrics: Sendable, Equatable, Codable {
    public var hitRate: Double
    public var pai: Double
    public var pei: Double
    public var precisionAtK: Double
    public var recallAtK: Double
    public var lift: Double
    public var auc: Double?
    public var brier: Double?

    enum CodingKeys: String, CodingKey {
      case hitRate = "hit_rate", pai, pei, precisionAtK = "precision_at_k", recallAtK = "recall_at_k", lift,
        auc,
        brier
    }

    /// The mean of each metric over `all` (AUC and Brier over the origins that have them).
    static func mean(_ all: [Metrics]) -> Metrics {
      func avg(_ f: (Metrics) -> Double?) -> Double? {
        let values = all.compactMap(f)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
      }
      return Metrics(
        hitRate: avg(\.hitRate) ?? 0, pai: avg(\.pai) ?? 0, pei: avg(\.pei) ?? 0,
        precisionAtK: avg(\.precisionAtK) ?? 0, recallAtK: avg(\.recallAtK) ?? 0, lift: avg(\.lift) ?? 0,
        auc: avg(\.auc), brier: avg(\.brier))
    }
  }

  /// Everything measured at one origin.
  public struct OriginResult: Sendable {
    public var origin: Day
    /// method → coverage index → metrics, for grids.
    public var grid: [String: [Metrics]]
    /// method → coverage index → metrics, for shops, on all shops.
    public var shopAll: [String: [Metrics]]
    /// method → coverage index → metrics, for shops whose outcome was observed (inspected).
    public var shopObserved: [String: [Metrics]]
    /// Days earlier (model order vs actual order of the inspections done in the window).
    public var daysEarlier: DaysEarlier?
    /// Top-k grid ids of the model at the headline coverage (for stability).
    public var topGrids: [Int]
    public var exposure: ExposureAudit
    public var gridEvents: Double
    /// method → the lowest and highest grid PAI at the headline coverage over
    /// `Backtest.tieSeeds` tie-break seeds: how much of a result is the luck of breaking ties.
    public var gridPAITieRange: [String: ClosedRange<Double>]
    /// method → grid PAI at each of `Backtest.curveCoverages`.
    public var gridPAICurve: [String: [Double]]
  }

  /// The coverages (shares of grids, from the top) the PAI curve is drawn at.
  public static let curveCoverages = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0]

  /// How many tie-break seeds the tie spread is measured over.
  public static let tieSeeds = 5

  /// The methods compared at every origin, model first.
  public static let methods = ["model", "naive", "kde", "random"]

  public let configuration: Configuration
  public let origins: [OriginResult]

  /// Runs the backtest.
  /// - Parameters:
  ///   - district: every record; each origin sees only what it is given by `score`, and outcomes
  ///     are counted from the records after it.
  ///   - score: the model at an origin, scores in `gridIDs` / `shopIDs` order. It must use nothing
  ///     dated after the origin.
  /// - Complexity: origins × (scoring + O(records + units log units)).
  public init(
    district: District, configuration: Configuration, timeZone: TimeZone = .district,
    score: (Day) throws -> ModelScores
  ) rethrows {
    self.configuration = configuration
    let gridIDs = district.grids.map(\.id)
    let shopIDs = district.shops.map(\.id)
    let groups = district.grids.map(\.subdistrictID)
    var results: [OriginResult] = []
    for (o, origin) in configuration.origins.enumerated() {
      let window = origin.advanced(by: 1)...origin.advanced(by: configuration.horizon)
      let outcome = Outcomes(
        district: district, gridIDs: gridIDs, shopIDs: shopIDs, window: window, timeZone: timeZone)
      let model = try score(origin)
      let naive = Baselines.lastPeriod(
        district: district, gridIDs: gridIDs, shopIDs: shopIDs, origin: origin,
        horizon: configuration.horizon, timeZone: timeZone)
      let kde = Baselines.prospectiveHotspot(
        district: district, gridIDs: gridIDs, origin: origin, timeZone: timeZone)
      let seed = configuration.seed &+ UInt64(o)
      let gridScores: [String: [Double]] = [
        "model": model.grids, "naive": naive.grids, "kde": kde,
        "random": Baselines.random(count: gridIDs.count, seed: seed),
      ]
      let shopScores: [String: [Double]] = [
        "model": model.shops, "naive": naive.shops, "kde": Self.shopsFromGrids(district, kde),
        "random": Baselines.random(count: shopIDs.count, seed: seed ^ 0x5bd1_e995),
      ]
      var grid: [String: [Metrics]] = [:]
      var shopAll: [String: [Metrics]] = [:]
      var shopObserved: [String: [Metrics]] = [:]
      let observed = outcome.shopObserved.indices.filter { outcome.shopObserved[$0] }
      for method in Self.methods {
        let probabilities = method == "model" ? model.gridProbabilities : nil
        grid[method] = Self.metrics(
          scores: gridScores[method]!, outcomes: outcome.gridEvents, coverages: configuration.coverages,
          seed: seed, probabilities: probabilities)
        shopAll[method] = Self.metrics(
          scores: shopScores[method]!, outcomes: outcome.shopEvents, coverages: configuration.coverages,
          seed: seed)
        shopObserved[method] = Self.metrics(
          scores: observed.map { shopScores[method]![$0] }, outcomes: observed.map { outcome.shopEvents[$0] },
          coverages: configuration.coverages, seed: seed)
      }
      let done = outcome.inspections
      let earlier = DaysEarlier(
        days: done.map(\.day), scores: done.map { model.shops[$0.shop] }, found: done.map(\.found), seed: seed
      )
      let n = Ranking.selectionSize(coverage: configuration.coverages[0], count: gridIDs.count)
      let top = Array(Ranking(scores: model.grids, seed: seed).top(n))
      var tieRange: [String: ClosedRange<Double>] = [:]
      for method in Self.methods {
        let pais = (0..<Self.tieSeeds).map { t in
          RankingMetrics.pai(
            Ranking(scores: gridScores[method]!, seed: seed &+ UInt64(t) &* 0x9e37_79b9),
            outcomes: outcome.gridEvents,
            selected: n)
        }
        tieRange[method] = pais.min()!...pais.max()!
      }
      var curve: [String: [Double]] = [:]
      for method in Self.methods {
        curve[method] = RankingMetrics.paiCurve(
          Ranking(scores: gridScores[method]!, seed: seed), outcomes: outcome.gridEvents,
          coverages: Self.curveCoverages
        ).map(\.pai)
      }
      results.append(
        OriginResult(
          origin: origin, grid: grid, shopAll: shopAll, shopObserved: shopObserved, daysEarlier: earlier,
          topGrids: top, exposure: ExposureAudit(groups: groups, selected: top, outcomes: outcome.gridEvents),
          gridEvents: outcome.gridEvents.reduce(0, +), gridPAITieRange: tieRange, gridPAICurve: curve))
    }
    origins = results
  }

  /// Metrics of one score vector at each coverage.
  static func metrics(
    scores: [Double], outcomes: [Double], coverages: [Double], seed: UInt64, probabilities: [Double]? = nil
  ) -> [Metrics] {
    let ranking = Ranking(scores: scores, seed: seed)
    let auc = outcomes.isEmpty ? nil : RankingMetrics.auc(scores: scores, outcomes: outcomes)
    let brier = probabilities.map { RankingMetrics.brier(probabilities: $0, outcomes: outcomes) }
    return coverages.map { c in
      let n = Ranking.selectionSize(coverage: c, count: outcomes.count)
      return Metrics(
        hitRate: RankingMetrics.hitRate(ranking, outcomes: outcomes, selected: n),
        pai: RankingMetrics.pai(ranking, outcomes: outcomes, selected: n),
        pei: RankingMetrics.pei(ranking, outcomes: outcomes, selected: n),
        precisionAtK: RankingMetrics.precision(ranking, outcomes: outcomes, selected: n),
        recallAtK: RankingMetrics.recall(ranking, outcomes: outcomes, selected: n),
        lift: RankingMetrics.lift(ranking, outcomes: outcomes, selected: n), auc: auc, brier: brier)
    }
  }

  /// A shop baseline from a grid one: each shop takes its grid's score.
  static func shopsFromGrids(_ district: District, _ gridScores: [Double]) -> [Double] {
    let index = Dictionary(uniqueKeysWithValues: district.grids.enumerated().map { ($1.id, $0) })
    return district.shops.map { index[$0.gridID].map { gridScores[$0] } ?? 0 }
  }

  // MARK: - Summaries

  /// method → mean metrics over origins at coverage index `c`, for grids.
  public func meanGrid(coverage c: Int = 0) -> [String: Metrics] {
    Dictionary(
      uniqueKeysWithValues: Self.methods.map { m in (m, Metrics.mean(origins.map { $0.grid[m]![c] })) })
  }

  /// method → mean metrics over origins at coverage index `c`, for shops (all or observed only).
  public func meanShop(coverage c: Int = 0, observedOnly: Bool) -> [String: Metrics] {
    Dictionary(
      uniqueKeysWithValues: Self.methods.map { m in
        (m, Metrics.mean(origins.map { (observedOnly ? $0.shopObserved : $0.shopAll)[m]![c] }))
      })
  }

  /// method → the mean over origins of (highest − lowest) grid PAI across tie-break seeds at the
  /// headline coverage: 0 when no ties straddle the cut, large for count baselines full of ties.
  public var gridPAITieSpread: [String: Double] {
    Dictionary(
      uniqueKeysWithValues: Self.methods.map { m in
        let spreads = origins.compactMap { $0.gridPAITieRange[m] }.map { $0.upperBound - $0.lowerBound }
        return (m, spreads.isEmpty ? 0 : spreads.reduce(0, +) / Double(spreads.count))
      })
  }

  /// method → the grid PAI curve averaged over origins, at `Backtest.curveCoverages` (Chainey,
  /// Tompson and Uhlig 2008, "The utility of hotspot mapping for predicting spatial patterns of
  /// crime": PAI against the share of area covered).
  public var meanGridPAICurve: [String: [Double]] {
    Dictionary(
      uniqueKeysWithValues: Self.methods.map { m in
        let curves = origins.compactMap { $0.gridPAICurve[m] }
        let mean = Self.curveCoverages.indices.map { i in
          curves.isEmpty ? 0 : curves.map { $0[i] }.reduce(0, +) / Double(curves.count)
        }
        return (m, mean)
      })
  }

  /// Jaccard overlap of the model's top grid lists at consecutive origins.
  public var stability: [Double] {
    zip(origins, origins.dropFirst()).map { RankingMetrics.jaccard($0.topGrids, $1.topGrids) }
  }

  /// How many origins the model's grid PAI beat the naive baseline's at coverage index `c`.
  public func originsModelBeatsNaive(coverage c: Int = 0) -> Int {
    origins.filter { $0.grid["model"]![c].pai > $0.grid["naive"]![c].pai }.count
  }
}
