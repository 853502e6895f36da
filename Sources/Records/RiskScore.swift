/// The four risk levels the district already grades by (安全风险分级管控):
/// 红 major, 橙 significant, 黄 general, 蓝 low.
public enum RiskLevel: String, Sendable, Codable, CaseIterable, Comparable {
  case red
  case orange
  case yellow
  case blue

  /// 红 / 橙 / 黄 / 蓝
  public var label: String {
    switch self {
    case .red: "红"
    case .orange: "橙"
    case .yellow: "黄"
    case .blue: "蓝"
    }
  }

  /// 重大 / 较大 / 一般 / 低
  public var meaning: String {
    switch self {
    case .red: "重大风险"
    case .orange: "较大风险"
    case .yellow: "一般风险"
    case .blue: "低风险"
    }
  }

  /// Most severe first.
  public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// One feature's part in a score: its value for this entity and what it added to the score.
public struct Contribution: Sendable, Hashable, Codable {
  /// Stable feature name, e.g. `incidents.sev2.hl30`.
  public var feature: String
  public var value: Double
  public var contribution: Double

  public init(feature: String, value: Double, contribution: Double) {
    self.feature = feature
    self.value = value
    self.contribution = contribution
  }
}

/// A short sentence saying why an entity scores as it does, in Chinese and English.
public struct Reason: Sendable, Hashable, Codable {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }
}

/// The score of one grid or shop at one as-of date: what `yanpan score` stores and every list,
/// map and explanation reads.
public struct RiskScore: Sendable, Hashable {
  public enum Entity: String, Sendable, Codable, CaseIterable {
    case grid
    case shop
  }

  public var entity: Entity
  public var id: String
  /// Higher is riskier; for fitted models the predicted probability of the outcome.
  public var score: Double
  /// 1 is the riskiest of its entity kind.
  public var rank: Int
  public var level: RiskLevel
  /// Getis-Ord Gi* z-score (grids only).
  public var giZ: Double?
  /// Emerging-hotspot class: new, intensifying, persistent, diminishing, sporadic, none (grids).
  public var trend: String?
  public var contributions: [Contribution]
  /// The top reasons, most important first.
  public var reasons: [Reason]

  public init(
    entity: Entity, id: String, score: Double, rank: Int, level: RiskLevel, giZ: Double? = nil,
    trend: String? = nil, contributions: [Contribution] = [], reasons: [Reason] = []
  ) {
    self.entity = entity
    self.id = id
    self.score = score
    self.rank = rank
    self.level = level
    self.giZ = giZ
    self.trend = trend
    self.contributions = contributions
    self.reasons = reasons
  }
}

/// What identifies a stored set of scores: the as-of date, the model and the data it saw.
public struct ScoreRun: Sendable, Hashable {
  public var asOf: Day
  public var modelVersion: String
  /// A hash of the records the scores were computed from, so a list can say what it was based on.
  public var dataFingerprint: String

  public init(asOf: Day, modelVersion: String, dataFingerprint: String) {
    self.asOf = asOf
    self.modelVersion = modelVersion
    self.dataFingerprint = dataFingerprint
  }
}
