import Foundation
import LinearAlgebra
import Records

/// Fits the grid and shop models on rolling past cut dates of one district.
///
/// Cut dates are `c_k = asOf − H − 30k` (k = 0, 1, …, at most 12): at each, features are built
/// from what was known on c_k, and the outcome is read from the H days after it, all on or before
/// the as-of day. Outcomes:
/// - grid: any incident of severity ≥ 2 in the grid in (c, c + H] (logistic), and the number of
///   them (Poisson);
/// - shop: an inspection that found a hazard, or an incident at the shop, in (c, c + H].
///
/// History *suffices* when there are at least `minimumCuts` (4) cut dates with 180 days of
/// records before them (so about 180 + H + 90 days of records in all) and the training rows hold
/// at least `minimumPositives` (30) positive and as many negative outcomes for both grids and
/// shops. Otherwise the caller falls back to AHP weights.
///
/// The two latest cuts are held back: the model is fitted on the others, with the L2 penalty λ
/// chosen from {0.1, 1, 10, 100} by held-back log-loss, and its AUC and log-loss on the held-back
/// cuts are reported; the final coefficients are then refitted on all cuts with that λ. Each cut
/// contributes at most 20 000 grids and 40 000 shops (an even stride), so training stays fast at
/// any scale. The near-repeat parameters are estimated once, from the year up to the as-of day.
public enum ModelTrainer {
  public static let minimumCuts = 4
  public static let minimumLookback = 180
  public static let minimumPositives = 30
  public static let penalties: [Double] = [0.1, 1, 10, 100]
  static let maxGridRows = 20_000
  static let maxShopRows = 40_000

  public enum Outcome: Sendable {
    case fitted(ScoringModel, yaml: String)
    /// Why the history does not suffice, in one sentence.
    case insufficient(String)
  }

  /// One entity kind's training rows.
  struct Rows: Sendable {
    var columns: [[Double]]
    var labels: [Double] = []
    var counts: [Double] = []
    var cut: [Int] = []
    init(columns: Int) { self.columns = [[Double]](repeating: [], count: columns) }

    /// Appends `b`'s rows after these (in place: the rows gathered so far are not copied).
    mutating func append(_ b: Rows) {
      for j in columns.indices { columns[j] += b.columns[j] }
      labels += b.labels
      counts += b.counts
      cut += b.cut
    }
  }

  /// - Throws: `LinearAlgebraError` when a fit is numerically impossible.
  /// - Complexity: O(cuts · (events + entities · features) + rows · features² · iterations).
  public static func fit(
    _ prepared: PreparedDistrict, horizon: Int = 30, maxCuts: Int = 12, heldOutCuts: Int = 2,
    name: String = "fitted"
  ) throws -> Outcome {
    let t = prepared.tables
    let asOf = t.cutoff
    let cuts = (0..<maxCuts).map { asOf - Int32(horizon) - Int32(30 * $0) }
      .filter { $0 - t.firstDay >= Int32(minimumLookback) }
    guard cuts.count >= minimumCuts else {
      return .insufficient(
        "only \(cuts.count) cut dates have \(minimumLookback) days of records before them and \(horizon) after; "
          + "the fitted model needs \(minimumCuts) (about \(minimumLookback + horizon + 30 * (minimumCuts - 1)) days of records)"
      )
    }
    let nearRepeat = NearRepeatModel.fit(tables: t, index: prepared.index, through: asOf)
    // The cuts are independent: they are built on the available cores at once, and their rows
    // joined in cut order (the rows one cut after another would give).
    let builder = prepared.builder.forManyCuts()
    let parts = concurrentMap(cuts.count) { k in
      cutRows(prepared, builder: builder, cut: cuts[k], number: k, nearRepeat: nearRepeat, horizon: horizon)
    }
    var gridRows: Rows?
    var shopRows: Rows?
    var gridNames: [String] = []
    var shopNames: [String] = []
    for part in parts {
      if gridRows == nil { gridRows = part.grid } else { gridRows!.append(part.grid) }
      if shopRows == nil { shopRows = part.shop } else { shopRows!.append(part.shop) }
      (gridNames, shopNames) = (part.gridNames, part.shopNames)
    }
    guard let gridRows, let shopRows else { return .insufficient("no cut dates") }
    for (rows, what) in [(gridRows, "grid"), (shopRows, "shop")] {
      let positives = rows.labels.filter { $0 > 0 }.count
      let negatives = rows.labels.count - positives
      guard positives >= minimumPositives, negatives >= minimumPositives else {
        return .insufficient(
          "the \(what) training rows hold \(positives) positive and \(negatives) negative outcomes; "
            + "the fitted model needs \(minimumPositives) of each")
      }
    }
    let cutText = cuts.map { Day(Int($0)).iso }
    let grid = try fitEntity(
      gridRows, names: gridNames, heldOut: heldOutCuts, cuts: cutText, poisson: true,
      outcome: "any incident of severity >= 2 in the grid within \(horizon) days")
    let shop = try fitEntity(
      shopRows, names: shopNames, heldOut: heldOutCuts, cuts: cutText, poisson: false,
      outcome: "a hazard found by inspection or an incident at the shop within \(horizon) days")
    let fingerprint = prepared.dataFingerprint  // a pass over every event: made once
    let version = "\(prepared.asOf.iso)-\(fingerprint.prefix(8))"
    var model = ScoringModel(
      name: name, version: version, method: .fitted, grid: .fitted(grid), shop: .fitted(shop),
      nearRepeat: nearRepeat, horizonDays: horizon)
    model.trainedAsOf = prepared.asOf
    model.districtKey = prepared.districtKey
    let yaml = FittedModelFile.yaml(
      model: model, grid: grid, shop: shop, asOf: prepared.asOf, firstDay: Day(Int(t.firstDay)),
      fingerprint: fingerprint, district: prepared.districtKey)
    return .fitted(model, yaml: yaml)
  }

  /// One cut's training rows, grids and shops, with the feature names.
  struct CutRows: Sendable {
    var grid: Rows
    var shop: Rows
    var gridNames: [String]
    var shopNames: [String]
  }

  /// The features known at cut `c` (the `number`-th cut), made by `builder` (`prepared`'s), and the
  /// outcomes in (c, c + H], at most `maxGridRows` grids and `maxShopRows` shops.
  static func cutRows(
    _ prepared: PreparedDistrict, builder: FeatureBuilder, cut c: Int32, number k: Int,
    nearRepeat: NearRepeatModel?, horizon: Int
  ) -> CutRows {
    let t = prepared.tables
    let index = prepared.index
    // Only the shops trained on are built (every shop's pass over the events is still made: the
    // grids' features use it).
    let shops = picked(index.shopCount, limit: maxShopRows)
    let (gf, sf) = builder.build(
      at: Day(Int(c)), nearRepeat: nearRepeat, horizon: horizon, shopRows: shops)
    var gridLabel = [Double](repeating: 0, count: index.gridCount)
    var shopLabel = [Double](repeating: 0, count: index.shopCount)
    let lo = EventTables.prefix(t.incidentDay, through: c)
    let hi = EventTables.prefix(t.incidentDay, through: c + Int32(horizon))
    for e in lo..<hi {
      if t.incidentSeverity[e] >= 2 { gridLabel[Int(t.incidentGrid[e])] += 1 }
      let s = Int(t.incidentShop[e])
      if s >= 0 { shopLabel[s] = 1 }
    }
    let ilo = EventTables.prefix(t.inspectionDay, through: c)
    let ihi = EventTables.prefix(t.inspectionDay, through: c + Int32(horizon))
    for e in ilo..<ihi where t.inspectionHazards[e] > 0 { shopLabel[Int(t.inspectionShop[e])] = 1 }
    var grid: Rows?
    var shop: Rows?
    let grids = picked(gf.rows, limit: maxGridRows)
    append(&grid, gf.selectingRows(grids), grids.map { gridLabel[$0] }, cut: k)
    append(&shop, sf, shops.map { shopLabel[$0] }, cut: k)
    return CutRows(grid: grid!, shop: shop!, gridNames: gf.names, shopNames: sf.names)
  }

  /// At most `limit` of `count` rows, at an even stride from the first.
  static func picked(_ count: Int, limit: Int) -> [Int] {
    let stride = max(1, (count + limit - 1) / limit)
    return Array(Swift.stride(from: 0, to: count, by: stride))
  }

  /// Appends the rows of `features` (already the picked ones) with their outcomes `label`.
  static func append(_ rows: inout Rows?, _ features: FeatureMatrix, _ label: [Double], cut: Int) {
    if rows == nil { rows = Rows(columns: features.descriptors.count) }
    let x = features.transformed()
    for j in 0..<x.columns {
      rows!.columns[j].append(contentsOf: x.column(j))
    }
    rows!.labels.append(contentsOf: label.map { $0 > 0 ? 1 : 0 })
    rows!.counts.append(contentsOf: label)
    rows!.cut.append(contentsOf: label.map { _ in cut })
  }

  static func matrix(_ rows: Rows, _ picked: [Int]) -> Matrix {
    Matrix(columns: rows.columns.map { col in picked.map { col[$0] } })
  }

  static func fitEntity(
    _ rows: Rows, names: [String], heldOut: Int, cuts: [String], poisson: Bool, outcome: String
  ) throws -> FittedEntityModel {
    let all = Array(rows.labels.indices)
    let train = all.filter { rows.cut[$0] >= heldOut }
    let test = all.filter { rows.cut[$0] < heldOut }
    var lambda = 1.0
    var evaluation: FittedEntityModel.Evaluation?
    let trainPositives = train.filter { rows.labels[$0] > 0 }.count
    if !test.isEmpty, trainPositives > 0, trainPositives < train.count {
      let xTrain = matrix(rows, train)
      let standard = Standardization(fitting: xTrain)
      let designTrain = GeneralizedLinearModel.Design(standard.apply(xTrain))  // one for every λ
      let zTest = standard.apply(matrix(rows, test))
      let yTrain = train.map { rows.labels[$0] }
      let yTest = test.map { rows.labels[$0] }
      let base = yTrain.reduce(0, +) / Double(yTrain.count)
      // The penalties are fitted side by side on the available cores; the first with the least
      // held-back log-loss is chosen.
      let heldBack = try concurrentMap(penalties.count) { k in
        Result { () throws -> [Double] in
          let fit = try GeneralizedLinearModel.fit(
            designTrain, yTrain, family: .logistic, lambda: penalties[k])
          return fit.linearPredictor(zTest).map { 1 / (1 + exp(-$0)) }
        }
      }.map { try $0.get() }
      let losses = heldBack.map { Metrics.logLoss($0, yTest) }
      var best = 0
      for k in losses.indices where losses[k] < losses[best] { best = k }
      lambda = penalties[best]
      evaluation = .init(
        cuts: Array(cuts.prefix(heldOut)), rows: test.count,
        positives: yTest.filter { $0 > 0 }.count, auc: Metrics.auc(heldBack[best], yTest),
        log_loss: losses[best], log_loss_base_rate: Metrics.logLoss(yTest.map { _ in base }, yTest))
    }
    let x = matrix(rows, all)
    let standard = Standardization(fitting: x)
    let design = GeneralizedLinearModel.Design(standard.apply(x))
    // The outcome and, for grids, the count are fitted side by side.
    let fits = try concurrentMap(poisson ? 2 : 1) { [lambda] k in
      Result {
        try GeneralizedLinearModel.fit(
          design, k == 0 ? rows.labels : rows.counts, family: k == 0 ? .logistic : .poisson, lambda: lambda)
      }
    }.map { try $0.get() }
    let fit = fits[0]
    var poissonPart: FittedEntityModel.PoissonPart?
    if poisson {
      let counts = fits[1]
      poissonPart = .init(
        outcome: "number of incidents of severity >= 2 in the grid within the horizon",
        intercept: counts.intercept, coefficients: counts.coefficients)
    }
    return FittedEntityModel(
      outcome: outcome, lambda: lambda, intercept: fit.intercept,
      features: names.indices.map {
        .init(
          name: names[$0], mean: standard.means[$0], sd: standard.sds[$0], coefficient: fit.coefficients[$0])
      },
      training_cuts: Array(cuts.dropFirst(heldOut)) + Array(cuts.prefix(heldOut)),
      training_rows: all.count, training_positives: rows.labels.filter { $0 > 0 }.count,
      heldout: evaluation, poisson: poissonPart)
  }
}

/// Ranking and probability metrics used to report held-back performance.
public enum Metrics {
  /// Area under the ROC curve by the Mann–Whitney rank-sum (ties get mid-ranks); 0.5 when one
  /// class is absent.
  /// - Complexity: O(n log n).
  public static func auc(_ score: [Double], _ y: [Double]) -> Double {
    let n = score.count
    let order = score.indices.sorted { score[$0] < score[$1] }
    var rankSum = 0.0
    var positives = 0.0
    var i = 0
    while i < n {
      var j = i
      while j + 1 < n, score[order[j + 1]] == score[order[i]] { j += 1 }
      let mid = Double(i + j) / 2 + 1
      for k in i...j where y[order[k]] > 0 {
        rankSum += mid
        positives += 1
      }
      i = j + 1
    }
    let negatives = Double(n) - positives
    guard positives > 0, negatives > 0 else { return 0.5 }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
  }

  /// Mean negative log-likelihood of 0/1 outcomes, probabilities clipped to [1e-12, 1 − 1e-12].
  public static func logLoss(_ p: [Double], _ y: [Double]) -> Double {
    var sum = 0.0
    for i in p.indices {
      let q = min(max(p[i], 1e-12), 1 - 1e-12)
      sum -= y[i] > 0 ? log(q) : log(1 - q)
    }
    return sum / Double(max(p.count, 1))
  }

  /// Spearman's rank correlation (Pearson correlation of mid-ranks).
  public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ x: [Double]) -> [Double] {
      let order = x.indices.sorted { x[$0] < x[$1] }
      var r = [Double](repeating: 0, count: x.count)
      var i = 0
      while i < x.count {
        var j = i
        while j + 1 < x.count, x[order[j + 1]] == x[order[i]] { j += 1 }
        for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
        i = j + 1
      }
      return r
    }
    let ra = ranks(a)
    let rb = ranks(b)
    let n = Double(a.count)
    let ma = ra.reduce(0, +) / n
    let mb = rb.reduce(0, +) / n
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in a.indices {
      sab += (ra[i] - ma) * (rb[i] - mb)
      saa += (ra[i] - ma) * (ra[i] - ma)
      sbb += (rb[i] - mb) * (rb[i] - mb)
    }
    return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
  }
}
