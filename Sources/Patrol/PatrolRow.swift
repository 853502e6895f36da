import Records

/// One line of a patrol list: a shop to visit on a day, in walking order.
///
/// The contract's columns (CONTRACT.md §2) are `street_id, day, order, shop_id, name, score,
/// last_inspected, reasons`; rows also carry the risk `level`, the `kind` of visit and, on grid
/// lists, the grid and the post (A or B) that walks it.
public struct PatrolRow: Sendable, Hashable {
  /// Why a shop is on the list.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// Hazards past their rectification deadline: go back and check.
    case recheck
    /// Chosen by risk score.
    case risk
    /// Due under the coverage floor.
    case coverage
    /// Drawn at random among shops not inspected recently.
    case explore

    /// 逾期复查 / 风险 / 覆盖 / 探索
    public var label: String {
      switch self {
      case .recheck: "逾期复查"
      case .risk: "风险"
      case .coverage: "覆盖"
      case .explore: "探索"
      }
    }
  }

  /// The post of a grid worker under the A/B post system (AB岗): A holds the grid, B covers it
  /// when A is away.
  public enum Post: String, Sendable, Codable, CaseIterable {
    case a = "A"
    case b = "B"
  }

  public var streetID: String
  public var gridID: String
  public var day: Day
  /// 1-based walking order within the team's day.
  public var order: Int
  public var shopID: String
  public var name: String
  /// The shop's risk score, when scored.
  public var score: Double?
  public var level: RiskLevel?
  /// The day of the shop's last inspection on record, if any.
  public var lastInspected: Day?
  public var kind: Kind
  /// The planner's reason first (for re-checks, coverage and exploration), then the score's.
  public var reasons: [Reason]
  /// Grid lists only: which post walks this shop.
  public var post: Post?
  /// Grid lists only, on post B: the grid whose worker covers.
  public var coveredBy: String?

  public init(
    streetID: String, gridID: String, day: Day, order: Int, shopID: String, name: String,
    score: Double?, level: RiskLevel?, lastInspected: Day?, kind: Kind, reasons: [Reason],
    post: Post? = nil, coveredBy: String? = nil
  ) {
    self.streetID = streetID
    self.gridID = gridID
    self.day = day
    self.order = order
    self.shopID = shopID
    self.name = name
    self.score = score
    self.level = level
    self.lastInspected = lastInspected
    self.kind = kind
    self.reasons = reasons
    self.post = post
    self.coveredBy = coveredBy
  }
}
