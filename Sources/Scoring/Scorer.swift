import Foundation
import LinearAlgebra
import Records

/// Everything a scoring run produced: the scores, and the detail an explanation reads.
public struct ScoringResult: Sendable {
  public var run: ScoreRun
  public var method: ScoringModel.Method
  /// Every grid's and every shop's score, rank, level, contributions and reasons, as columns.
  public var gridSheet: ScoreSheet
  public var shopSheet: ScoreSheet
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

  /// Every grid's score as a `RiskScore`, in the district's grid order (made from `gridSheet`).
  public var grids: [RiskScore] { gridSheet.riskScores }
  /// Every shop's score as a `RiskScore`, in the district's shop order (made from `shopSheet`).
  public var shops: [RiskScore] { shopSheet.riskScores }
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
    // The features, the data fingerprint and the weekly trends read the same tables: side by side.
    let horizon = model.horizonDays
    let ((gf, sf), fingerprint, trends) = concurrently(
      { prepared.builder.build(at: prepared.asOf, nearRepeat: nearRepeat, horizon: horizon) },
      { prepared.dataFingerprint },
      {
        EmergingHotspot.classify(tables: prepared.tables, index: prepared.index, cut: prepared.tables.cutoff)
      })

    let gridPart = try evaluate(gf, model.grid, file: modelFile, entity: "grid")
    let shopPart = try evaluate(sf, model.shop, file: modelFile, entity: "shop")

    let index = prepared.index
    let giSource = gf.values(of: "incidents.all.hl30") ?? [Double](repeating: 0, count: gf.rows)
    let giZ = GetisOrd.zScores(giSource, index: index)
    let significant = FalseDiscoveryRate.significant(giZ.map(GetisOrd.pValue))

    let grids = explain(
      entity: .grid, ids: index.gridIDs, features: gf, part: gridPart, options: options, giZ: giZ,
      trends: trends.map(\.rawValue))
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
        dataFingerprint: fingerprint),
      method: model.method, gridSheet: grids, shopSheet: shops, gridFeatures: gf, shopFeatures: sf,
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

  /// Ranks, levels, contributions and reasons for every entity, as one sheet; `giZ` and `trends`
  /// (one per entity) go with them.
  ///
  /// Each entity keeps its `contributionsKept` largest contributions (by absolute value) and up to
  /// `reasonsKept` reasons: its positive contributions, largest first, whose display value is
  /// positive, one per feature family, each the feature's sentence with that value. A sentence is
  /// written once per distinct (feature, value), not once per entity.
  /// - Complexity: O(n log n + n · features), rows split across cores.
  static func explain(
    entity: RiskScore.Entity, ids: [String], features: FeatureMatrix, part: Part,
    options: ScoringOptions, giZ: [Double]? = nil, trends: [String]? = nil
  ) -> ScoreSheet {
    let n = ids.count
    let order = RankOrder.descending(part.scores)
    var ranks = [Int](repeating: 0, count: n)
    for (r, i) in order.enumerated() { ranks[i] = r + 1 }
    let p = part.weights.count
    let used = (0..<p).filter { part.weights[$0] != 0 }
    let descriptors = features.descriptors
    let templates = descriptors.map(ReasonTemplate.init)
    // The sheet's columns are made below and set at the end: made here, they would be zeroed
    // (and their pages first touched) only to be replaced.
    var sheet = ScoreSheet(
      entity: entity, count: 0, contributions: min(options.contributionsKept, used.count, 255),
      reasons: min(options.reasonsKept, 255))
    // Feature names and families, each once, by number.
    var featureNumber = [Int32](repeating: 0, count: p)
    var familyNumber = [Int](repeating: 0, count: p)
    var names: [String: Int32] = [:]
    var families: [String: Int] = [:]
    for (j, d) in descriptors.enumerated() {
      featureNumber[j] = names[d.name] ?? Int32(sheet.features.count)
      if names[d.name] == nil {
        names[d.name] = featureNumber[j]
        sheet.features.append(d.name)
      }
      familyNumber[j] = families[d.family] ?? families.count
      families[d.family] = familyNumber[j]
    }
    let (featureOf, familyOf) = (featureNumber, familyNumber)
    let (cStride, rStride) = (sheet.contributionStride, sheet.reasonStride)
    let rank = ranks
    sheet.levels = (0..<n).map { options.levels.level(rank: rank[$0], of: n, score: part.scores[$0]) }
    // Each chunk numbers the (feature, display value) pairs its reasons quote; the sentences are
    // written after, once per distinct pair.
    let chunks = max(1, min(64, n / 4096))
    // Each chunk zeroes its own units' slots of these columns before it fills them, so that
    // their pages are first touched (and cleared by the kernel) on both cores, not by one.
    var chunkKeys = [[ReasonKey]](repeating: [], count: chunks)
    var reasonLocal = [Int32](unzeroed: n * rStride)
    var contributionCounts = [UInt8](unzeroed: n)
    var contributionFeatures = [Int32](unzeroed: n * cStride)
    var contributionValues = [Double](unzeroed: n * cStride)
    var contributionAmounts = [Double](unzeroed: n * cStride)
    var reasonCounts = [UInt8](unzeroed: n)
    withPointers(
      &chunkKeys, &reasonLocal, &contributionCounts, &contributionFeatures, &contributionValues,
      &contributionAmounts, &reasonCounts
    ) { keysOut, localOut, cCount, cFeature, cValue, cAmount, rCount in
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let lo = n * chunk / chunks
        let hi = n * (chunk + 1) / chunks
        localOut.zero(lo * rStride..<hi * rStride)
        cCount.zero(lo..<hi)
        cFeature.zero(lo * cStride..<hi * cStride)
        cValue.zero(lo * cStride..<hi * cStride)
        cAmount.zero(lo * cStride..<hi * cStride)
        rCount.zero(lo..<hi)
        var keys: [ReasonKey] = []
        var numbers: [ReasonKey: Int32] = [:]
        // The matrices are column-major: a tile of rows is copied column by column (each a
        // contiguous run) into small row-major buffers first, so that a row's terms are read from
        // cache rather than from one cache line per feature column.
        let u = used.count
        var amount = [Double](repeating: 0, count: Scorer.explainTile * u)
        var value = [Double](repeating: 0, count: Scorer.explainTile * u)
        var shownTile = [Double](repeating: 0, count: Scorer.explainTile * u)
        let capacity = min(max(cStride, 1), u)
        var order = [Int](repeating: 0, count: capacity)
        var rest: [Int] = []
        var seen: [Int] = []
        for start in stride(from: lo, to: hi, by: Scorer.explainTile) {
          let m = min(Scorer.explainTile, hi - start)
          for (k, j) in used.enumerated() {
            let w = part.weights[j]
            let column = start + j * n
            for r in 0..<m {
              amount[r * u + k] = w * part.z.storage[column + r]
              value[r * u + k] = features.values.storage[column + r]
              shownTile[r * u + k] = features.display.storage[column + r]
            }
          }
          for r in 0..<m {
            let i = start + r
            let row = r * u
            // The `top` terms of largest absolute contribution, largest first, ties in feature
            // order (as a stable sort of all the terms would put them): an insertion into a short
            // list, which most terms do not enter.
            var top = 0
            for k in 0..<u {
              let size = abs(amount[row + k])
              if top == capacity {
                guard size > abs(amount[row + order[top - 1]]) else { continue }
                top -= 1
              }
              var at = top
              while at > 0, abs(amount[row + order[at - 1]]) < size {
                order[at] = order[at - 1]
                at -= 1
              }
              order[at] = k
              top += 1
            }
            let kept = min(cStride, top)
            cCount.buffer[i] = UInt8(kept)
            for t in 0..<kept {
              let k = order[t]
              cFeature.buffer[i * cStride + t] = featureOf[used[k]]
              cValue.buffer[i * cStride + t] = value[row + k]
              cAmount.buffer[i * cStride + t] = amount[row + k]
            }
            // Reasons: the positive terms with a positive display value, largest first, one per
            // family. Those outside the short list are smaller than every term in it, so they are
            // looked at (in the same order) only when the list does not give enough reasons.
            seen.removeAll(keepingCapacity: true)
            var said = 0
            func consider(_ k: Int) {
              let j = used[k]
              let shown = shownTile[row + k]
              guard amount[row + k] > 0, shown > 0, !seen.contains(familyOf[j]) else { return }
              seen.append(familyOf[j])
              let key = ReasonKey(column: j, shown: shown.bitPattern)
              let local = numbers[key] ?? Int32(keys.count)
              if local == Int32(keys.count) {
                numbers[key] = local
                keys.append(key)
              }
              localOut.buffer[i * rStride + said] = local
              said += 1
            }
            for t in 0..<top where said < rStride { consider(order[t]) }
            if said < rStride, top < u {
              rest.removeAll(keepingCapacity: true)
              for k in 0..<u
              where amount[row + k] > 0 && shownTile[row + k] > 0 && !order[0..<top].contains(k) {
                var at = rest.count
                rest.append(k)
                while at > 0, amount[row + rest[at - 1]] < amount[row + k] {
                  rest[at] = rest[at - 1]
                  at -= 1
                }
                rest[at] = k
              }
              for k in rest where said < rStride { consider(k) }
            }
            rCount.buffer[i] = UInt8(said)
          }
        }
        keysOut.buffer[chunk] = keys
      }
    }
    // Sentences, once per distinct (feature, value) and texts once per distinct string.
    var textNumbers: [String: Int32] = [:]
    func text(_ t: String) -> Int32 {
      if let k = textNumbers[t] { return k }
      let k = Int32(sheet.texts.count)
      textNumbers[t] = k
      sheet.texts.append(t)
      return k
    }
    var sentences: [ReasonKey: (zh: Int32, en: Int32)] = [:]
    // Every slot is written once: a reason's sentences, or 0 past the unit's reasons.
    var zh = [Int32](unzeroed: n * rStride)
    var en = [Int32](unzeroed: n * rStride)
    for chunk in 0..<chunks {
      let numbers = chunkKeys[chunk].map { key in
        if let known = sentences[key] { return known }
        let rendered = templates[key.column].render(Double(bitPattern: key.shown))
        let pair = (zh: text(rendered.zh), en: text(rendered.en))
        sentences[key] = pair
        return pair
      }
      for i in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
        for k in 0..<rStride {
          let slot = i * rStride + k
          let pair = k < Int(reasonCounts[i]) ? numbers[Int(reasonLocal[slot])] : (zh: 0, en: 0)
          zh[slot] = pair.zh
          en[slot] = pair.en
        }
      }
    }
    sheet.ids = ids
    sheet.scores = part.scores
    sheet.ranks = ranks
    sheet.contributionCounts = contributionCounts
    sheet.contributionFeatures = contributionFeatures
    sheet.contributionValues = contributionValues
    sheet.contributionAmounts = contributionAmounts
    sheet.reasonCounts = reasonCounts
    sheet.reasonZh = zh
    sheet.reasonEn = en
    if let giZ { sheet.giZ = giZ.map { $0 } }
    if let trends { sheet.trends = trends.map(text) }
    return sheet
  }
}

extension Scorer {
  /// Rows `explain` copies out of the column-major matrices at a time: 256 rows of a few dozen
  /// features, three matrices, stay within a core's L2 cache.
  static let explainTile = 256
}

/// A reason before its sentence is written: the feature column and the display value it quotes.
struct ReasonKey: Hashable {
  var column: Int
  var shown: UInt64
}

/// Runs `body` with each array's elements, for `concurrentPerform` workers that each write their
/// own elements.
private func withPointers<A, B, C, D, E, F, G>(
  _ a: inout [A], _ b: inout [B], _ c: inout [C], _ d: inout [D], _ e: inout [E], _ f: inout [F],
  _ g: inout [G],
  _ body: (
    SendableBuffer<A>, SendableBuffer<B>, SendableBuffer<C>, SendableBuffer<D>, SendableBuffer<E>,
    SendableBuffer<F>, SendableBuffer<G>
  ) -> Void
) {
  a.withUnsafeMutableBufferPointer { a in
    b.withUnsafeMutableBufferPointer { b in
      c.withUnsafeMutableBufferPointer { c in
        d.withUnsafeMutableBufferPointer { d in
          e.withUnsafeMutableBufferPointer { e in
            f.withUnsafeMutableBufferPointer { f in
              g.withUnsafeMutableBufferPointer { g in
                body(.init(a), .init(b), .init(c), .init(d), .init(e), .init(f), .init(g))
              }
            }
          }
        }
      }
    }
  }
}
