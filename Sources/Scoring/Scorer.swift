import Foundation
import LinearAlgebra
import Records

/// Everything a scoring run produced: the scores, and the detail an explanation reads.
public struct ScoringResult: Sendable {
  public var run: ScoreRun
  public var method: ScoringModel.Method
  public var grids: [RiskScore]
  public var shops: [RiskScore]
  public var gridFeatures: FeatureMatrix
  public var shopFeatures: FeatureMatrix
  /// The weight (or coefficient on standardized inputs) of every feature, by entity kind.
  public var gridWeights: [String: Double]
  public var shopWeights: [String: Double]
  public var nearRepeat: NearRepeatModel?
  /// Gi* significant after the Benjamini–Hochberg correction (q = 0.05), per grid in input order.
  public var gridHotspotSignificant: [Bool]
  /// Expected severity ≥ 2 incidents over the horizon from the fitted Poisson model, per grid.
  public var gridExpectedSevere: [Double]?
}

/// Options of a scoring run.
public struct ScoringOptions: Sendable {
  public var levels: RiskLevelPolicy
  /// How many contributions (largest in absolute value) each `RiskScore` carries.
  public var contributionsKept: Int
  /// How many reason sentences each `RiskScore` carries.
  public var reasonsKept: Int

  public init(levels: RiskLevelPolicy = .standard, contributionsKept: Int = 8, reasonsKept: Int = 3) {
    self.levels = levels
    self.contributionsKept = contributionsKept
    self.reasonsKept = reasonsKept
  }
}

/// Scores every grid and every shop of a prepared district with a model.
public enum Scorer {
  /// Computes features at the as-of day, weights them as the model says, ranks, grades, explains.
  ///
  /// Grids also get their Getis-Ord Gi* z-score (of the 30-day half-life decayed incident count)
  /// and their emerging-hot-spot class over the last 12 weeks.
  /// - Throws: `InputError` when the model names a feature the engine does not compute.
  /// - Complexity: O(events + (grids + shops) · features), plus the near-repeat fit when the model
  ///   carries no parameters.
  public static func score(
    _ prepared: PreparedDistrict, model: ScoringModel, options: ScoringOptions = .init(),
    modelFile: String = "model"
  ) throws -> ScoringResult {
    let nearRepeat =
      model.nearRepeat
      ?? NearRepeatModel.fit(tables: prepared.tables, index: prepared.index, through: prepared.tables.cutoff)
    let (gf, sf) = prepared.builder.build(
      at: prepared.asOf, nearRepeat: nearRepeat, horizon: model.horizonDays)

    let gridPart = try evaluate(gf, model.grid, file: modelFile, entity: "grid")
    let shopPart = try evaluate(sf, model.shop, file: modelFile, entity: "shop")

    let index = prepared.index
    let giSource = gf.values(of: "incidents.all.hl30") ?? [Double](repeating: 0, count: gf.rows)
    let giZ = GetisOrd.zScores(giSource, index: index)
    let significant = FalseDiscoveryRate.significant(giZ.map(GetisOrd.pValue))
    let trends = EmergingHotspot.classify(
      tables: prepared.tables, index: index, cut: prepared.tables.cutoff)

    var grids = explain(
      entity: .grid, ids: index.gridIDs, features: gf, part: gridPart, options: options)
    for i in grids.indices {
      grids[i].giZ = giZ[i]
      grids[i].trend = trends[i].rawValue
    }
    let shops = explain(
      entity: .shop, ids: index.shopIDs, features: sf, part: shopPart, options: options)

    var expected: [Double]?
    if case .fitted(let f) = model.grid, let p = f.poisson, p.coefficients.count == f.features.count {
      let (z, columns) = try standardizedInputs(gf, f, file: modelFile, entity: "grid")
      var b = [Double](repeating: 0, count: z.columns)
      for (k, j) in columns.enumerated() { b[j] = p.coefficients[k] }
      let fit = GLMFit(intercept: p.intercept, coefficients: b, iterations: 0, converged: true)
      expected = fit.linearPredictor(z).map { exp(min($0, 30)) }
    }
    return ScoringResult(
      run: ScoreRun(
        asOf: prepared.asOf, modelVersion: model.identifier,
        dataFingerprint: prepared.dataFingerprint),
      method: model.method, grids: grids, shops: shops, gridFeatures: gf, shopFeatures: sf,
      gridWeights: gridPart.weightsByName, shopWeights: shopPart.weightsByName,
      nearRepeat: nearRepeat, gridHotspotSignificant: significant, gridExpectedSevere: expected)
  }

  /// Scores of one entity kind with their per-feature weights on standardized inputs.
  struct Part {
    var scores: [Double]
    /// Standardized model inputs, one column per feature of `features` (0 for unused ones).
    var z: Matrix
    /// One weight per column of the feature matrix.
    var weights: [Double]
    var names: [String]
    var weightsByName: [String: Double] {
      Dictionary(zip(names, weights).filter { $0.1 != 0 }, uniquingKeysWith: { a, _ in a })
    }
  }

  static func evaluate(
    _ features: FeatureMatrix, _ weighting: ScoringModel.Weighting, file: String, entity: String
  ) throws -> Part {
    let names = features.names
    func column(_ name: String) throws -> Int {
      guard let j = features.column(named: name) else {
        throw unknownFeature(name, file: file, entity: entity, known: names)
      }
      return j
    }
    var w = [Double](repeating: 0, count: names.count)
    switch weighting {
    case .linear(let named):
      for (name, value) in named { w[try column(name)] = value }
      let total = w.map(abs).reduce(0, +)
      if total > 0 { w = w.map { $0 / total } }
      let z = features.standardized().z
      return Part(scores: z.multiply(w), z: z, weights: w, names: names)
    case .entropy(let chosen):
      let columns = chosen.isEmpty ? Array(names.indices) : try chosen.map(column)
      let z = features.standardized().z
      // Min–max normalization makes entropy weights blind to the affine standardization.
      let ew = EntropyWeights.weights(Matrix(columns: columns.map { z.column($0) }))
      for (k, j) in columns.enumerated() { w[j] = ew[k] }
      return Part(scores: z.multiply(w), z: z, weights: w, names: names)
    case .fitted(let f):
      let (z, columns) = try standardizedInputs(features, f, file: file, entity: entity)
      for (k, j) in columns.enumerated() { w[j] = f.features[k].coefficient }
      let fit = GLMFit(intercept: f.intercept, coefficients: w, iterations: 0, converged: true)
      let scores = fit.linearPredictor(z).map { 1 / (1 + exp(-$0)) }
      return Part(scores: scores, z: z, weights: w, names: names)
    }
  }

  /// The fitted model's features, transformed and standardized by its training means and sds, in
  /// a matrix as wide as `features` (other columns 0), and the column of each model feature.
  static func standardizedInputs(
    _ features: FeatureMatrix, _ f: FittedEntityModel, file: String, entity: String
  ) throws -> (z: Matrix, columns: [Int]) {
    var means = [Double](repeating: 0, count: features.descriptors.count)
    var sds = [Double](repeating: 1, count: features.descriptors.count)
    var columns: [Int] = []
    for feature in f.features {
      guard let j = features.column(named: feature.name) else {
        throw unknownFeature(feature.name, file: file, entity: entity, known: features.names)
      }
      means[j] = feature.mean
      sds[j] = feature.sd > 0 ? feature.sd : 1
      columns.append(j)
    }
    let z = features.standardized(Standardization(means: means, sds: sds), columns: columns).z
    return (z, columns)
  }

  static func unknownFeature(_ name: String, file: String, entity: String, known: [String]) -> InputError {
    InputError(
      file: file, field: entity, problem: "unknown \(entity) feature `\(name)`",
      fix: "use one of: " + known.joined(separator: ", "))
  }

  /// Ranks, levels, contributions and reasons for every entity.
  /// - Complexity: O(n log n + n · features), rows split across cores.
  static func explain(
    entity: RiskScore.Entity, ids: [String], features: FeatureMatrix, part: Part,
    options: ScoringOptions
  ) -> [RiskScore] {
    let n = ids.count
    let order = (0..<n).sorted {
      part.scores[$0] != part.scores[$1] ? part.scores[$0] > part.scores[$1] : $0 < $1
    }
    var ranks = [Int](repeating: 0, count: n)
    for (r, i) in order.enumerated() { ranks[i] = r + 1 }
    let rank = ranks
    let p = part.weights.count
    let used = (0..<p).filter { part.weights[$0] != 0 }
    let descriptors = features.descriptors
    let templates = descriptors.map(ReasonTemplate.init)
    let chunks = max(1, min(64, n / 4096))
    var out = [RiskScore?](repeating: nil, count: n)
    out.withUnsafeMutableBufferPointer { buffer in
      let base = UnsafeSendable(buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let lo = n * chunk / chunks
        let hi = n * (chunk + 1) / chunks
        var terms = [(Int, Double)]()
        terms.reserveCapacity(used.count)
        for i in lo..<hi {
          terms.removeAll(keepingCapacity: true)
          for j in used { terms.append((j, part.weights[j] * part.z.storage[i + j * n])) }
          terms.sort { abs($0.1) > abs($1.1) }
          let contributions = terms.prefix(options.contributionsKept).map { j, c in
            Contribution(
              feature: descriptors[j].name, value: features.values.storage[i + j * n], contribution: c)
          }
          var reasons: [Reason] = []
          var families: [String] = []
          for (j, c) in terms where c > 0 {
            if reasons.count >= options.reasonsKept { break }
            let shown = features.display.storage[i + j * n]
            let d = descriptors[j]
            guard shown > 0, !families.contains(d.family) else { continue }
            families.append(d.family)
            let text = templates[j].render(shown)
            reasons.append(Reason(zh: text.zh, en: text.en))
          }
          base.pointer[i] = RiskScore(
            entity: entity, id: ids[i], score: part.scores[i], rank: rank[i],
            level: options.levels.level(rank: rank[i], of: n, score: part.scores[i]),
            contributions: contributions, reasons: reasons)
        }
      }
    }
    return out.map { $0! }
  }
}

/// A pointer handed to `concurrentPerform` workers that write disjoint ranges.
struct UnsafeSendable<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
