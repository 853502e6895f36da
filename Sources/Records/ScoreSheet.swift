/// The scores of one entity kind of one scoring run as columns: what `RiskScore` holds per grid or
/// shop, without a value, two arrays and a dozen strings per unit (a million shops make a million
/// of each).
///
/// Unit `i` (0 ≤ i < `count`) is `ids[i]`, `scores[i]`, `ranks[i]`, `levels[i]`; its Gi* z-score
/// and trend are `giZ[i]` and `texts[trends[i]]` (empty columns: none for any unit, as for shops;
/// a trend number −1: none). Its contributions are the first `contributionCounts[i]` entries of
/// the slots `i · contributionStride ..< (i + 1) · contributionStride` of `contributionFeatures`
/// (numbers in `features`), `contributionValues` and `contributionAmounts`; its reasons the first
/// `reasonCounts[i]` slots of `i · reasonStride ..< (i + 1) · reasonStride` of `reasonZh` and
/// `reasonEn` (numbers in `texts`). Every text and feature name is kept once: `texts` and
/// `features` hold no two equal strings.
///
/// `score(at:)` gives unit i as a `RiskScore`, equal to the value the sheet was made from.
public struct ScoreSheet: Sendable {
  public let entity: RiskScore.Entity
  package var ids: [String]
  package var scores: [Double]
  package var ranks: [Int]
  package var levels: [RiskLevel]
  /// One per unit, or empty when no unit has one.
  package var giZ: [Double?]
  /// A number in `texts` per unit (−1: none), or empty when no unit has a trend.
  package var trends: [Int32]
  /// Distinct texts: reason sentences and trends.
  package var texts: [String]
  /// Distinct feature names.
  package var features: [String]
  package var contributionStride: Int
  package var contributionCounts: [UInt8]
  package var contributionFeatures: [Int32]
  package var contributionValues: [Double]
  package var contributionAmounts: [Double]
  package var reasonStride: Int
  package var reasonCounts: [UInt8]
  package var reasonZh: [Int32]
  package var reasonEn: [Int32]

  /// An empty sheet with room for `count` units of at most `contributions` contributions and
  /// `reasons` reasons each (at most 255 each), every column sized and zeroed.
  package init(entity: RiskScore.Entity, count: Int, contributions: Int, reasons: Int) {
    precondition(contributions <= 255 && reasons <= 255, "ScoreSheet: at most 255 per unit")
    self.entity = entity
    ids = [String](repeating: "", count: count)
    scores = [Double](repeating: 0, count: count)
    ranks = [Int](repeating: 0, count: count)
    levels = [RiskLevel](repeating: .blue, count: count)
    giZ = []
    trends = []
    texts = []
    features = []
    contributionStride = contributions
    contributionCounts = [UInt8](repeating: 0, count: count)
    contributionFeatures = [Int32](repeating: 0, count: count * contributions)
    contributionValues = [Double](repeating: 0, count: count * contributions)
    contributionAmounts = [Double](repeating: 0, count: count * contributions)
    reasonStride = reasons
    reasonCounts = [UInt8](repeating: 0, count: count)
    reasonZh = [Int32](repeating: 0, count: count * reasons)
    reasonEn = [Int32](repeating: 0, count: count * reasons)
  }

  /// The sheet of `scores`, all of kind `entity`, in their order (at most 255 contributions and
  /// 255 reasons each are kept).
  /// - Complexity: O(scores · (contributions + reasons)), one hash lookup per text.
  public init(_ scores: [RiskScore], entity: RiskScore.Entity) {
    let contributions = min(255, scores.map(\.contributions.count).max() ?? 0)
    let reasons = min(255, scores.map(\.reasons.count).max() ?? 0)
    self.init(entity: entity, count: scores.count, contributions: contributions, reasons: reasons)
    var textNumbers = TextNumbering()
    var featureNumbers = TextNumbering()
    if scores.contains(where: { $0.giZ != nil }) { giZ = scores.map(\.giZ) }
    let hasTrends = scores.contains { $0.trend != nil }
    if hasTrends { trends = [Int32](repeating: -1, count: scores.count) }
    for (i, s) in scores.enumerated() {
      precondition(s.entity == entity, "ScoreSheet: a \(s.entity) score in a sheet of \(entity)s")
      ids[i] = s.id
      self.scores[i] = s.score
      ranks[i] = s.rank
      levels[i] = s.level
      if let trend = s.trend { trends[i] = textNumbers.number(trend) }
      let kept = s.contributions.prefix(contributions)
      contributionCounts[i] = UInt8(kept.count)
      for (k, c) in kept.enumerated() {
        let slot = i * contributions + k
        contributionFeatures[slot] = featureNumbers.number(c.feature)
        contributionValues[slot] = c.value
        contributionAmounts[slot] = c.contribution
      }
      let said = s.reasons.prefix(reasons)
      reasonCounts[i] = UInt8(said.count)
      for (k, r) in said.enumerated() {
        reasonZh[i * reasons + k] = textNumbers.number(r.zh)
        reasonEn[i * reasons + k] = textNumbers.number(r.en)
      }
    }
    (texts, features) = (textNumbers.texts, featureNumbers.texts)
  }

  /// The units of `parts` (sheets of one entity kind) one after another, in order: the sheet whose
  /// `score(at:)` gives each part's scores in turn. Texts and feature names equal across parts are
  /// kept once.
  /// - Complexity: O(units · (reasons + contributions) + texts + features), one hash lookup per
  ///   text of each part.
  package static func joined(_ parts: [ScoreSheet], entity: RiskScore.Entity) -> ScoreSheet {
    let count = parts.reduce(0) { $0 + $1.count }
    let contributions = parts.map(\.contributionStride).max() ?? 0
    let reasons = parts.map(\.reasonStride).max() ?? 0
    var sheet = ScoreSheet(entity: entity, count: count, contributions: contributions, reasons: reasons)
    var textNumbers = TextNumbering()
    var featureNumbers = TextNumbering()
    let hasGiZ = parts.contains { !$0.giZ.isEmpty }
    let hasTrends = parts.contains { !$0.trends.isEmpty }
    if hasGiZ { sheet.giZ.reserveCapacity(count) }
    if hasTrends { sheet.trends.reserveCapacity(count) }
    var start = 0
    for part in parts {
      precondition(part.entity == entity, "ScoreSheet.joined: a sheet of \(part.entity)s among \(entity)s")
      let texts = part.texts.map { textNumbers.number($0) }
      let features = part.features.map { featureNumbers.number($0) }
      for i in 0..<part.count {
        let to = start + i
        sheet.ids[to] = part.ids[i]
        sheet.scores[to] = part.scores[i]
        sheet.ranks[to] = part.ranks[i]
        sheet.levels[to] = part.levels[i]
        if hasGiZ { sheet.giZ.append(part.giZ.isEmpty ? nil : part.giZ[i]) }
        if hasTrends {
          let trend = part.trends.isEmpty ? -1 : part.trends[i]
          sheet.trends.append(trend < 0 ? -1 : texts[Int(trend)])
        }
        sheet.reasonCounts[to] = part.reasonCounts[i]
        for k in 0..<Int(part.reasonCounts[i]) {
          sheet.reasonZh[to * reasons + k] = texts[Int(part.reasonZh[i * part.reasonStride + k])]
          sheet.reasonEn[to * reasons + k] = texts[Int(part.reasonEn[i * part.reasonStride + k])]
        }
        sheet.contributionCounts[to] = part.contributionCounts[i]
        for k in 0..<Int(part.contributionCounts[i]) {
          let (from, slot) = (i * part.contributionStride + k, to * contributions + k)
          sheet.contributionFeatures[slot] = features[Int(part.contributionFeatures[from])]
          sheet.contributionValues[slot] = part.contributionValues[from]
          sheet.contributionAmounts[slot] = part.contributionAmounts[from]
        }
      }
      start += part.count
    }
    (sheet.texts, sheet.features) = (textNumbers.texts, featureNumbers.texts)
    return sheet
  }

  /// How many grids or shops the sheet holds.
  public var count: Int { ids.count }

  /// Unit `i` as a `RiskScore` (its strings shared with the sheet's).
  public func score(at i: Int) -> RiskScore {
    score(at: i, contributions: true)
  }

  /// `score(at:)`, with no contributions when `contributions` is false (for lists, which print
  /// the reasons only: one array less to make per unit).
  public func score(at i: Int, contributions: Bool) -> RiskScore {
    let c = i * contributionStride
    let r = i * reasonStride
    return RiskScore(
      entity: entity, id: ids[i], score: scores[i], rank: ranks[i], level: levels[i],
      giZ: giZ.isEmpty ? nil : giZ[i],
      trend: trends.isEmpty || trends[i] < 0 ? nil : texts[Int(trends[i])],
      contributions: (c..<(contributions ? c + Int(contributionCounts[i]) : c)).map { k in
        Contribution(
          feature: features[Int(contributionFeatures[k])], value: contributionValues[k],
          contribution: contributionAmounts[k])
      },
      reasons: (r..<(r + Int(reasonCounts[i]))).map { k in
        Reason(zh: texts[Int(reasonZh[k])], en: texts[Int(reasonEn[k])])
      })
  }

  /// Every unit as a `RiskScore`, in the sheet's order.
  public var riskScores: [RiskScore] { (0..<count).map(score(at:)) }

  /// How many units have each level.
  public func count(of level: RiskLevel) -> Int { levels.reduce(0) { $0 + ($1 == level ? 1 : 0) } }

  /// The units in rank order (then id): `order[k]` is the unit ranked k-th.
  /// - Complexity: O(n) when the ranks are 1…n each once (as a scoring run gives them), else
  ///   O(n log n).
  package func rankOrder() -> [Int] {
    let n = count
    var order = [Int](repeating: -1, count: n)
    var permutation = true
    for i in 0..<n {
      let r = ranks[i] - 1
      guard r >= 0, r < n, order[r] < 0 else {
        permutation = false
        break
      }
      order[r] = i
    }
    if permutation { return order }
    return (0..<n).sorted { (ranks[$0], ids[$0]) < (ranks[$1], ids[$1]) }
  }
}
