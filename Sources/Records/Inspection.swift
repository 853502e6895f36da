import Foundation

/// A safety inspection (安全检查) of a shop; hazards found must be rectified by `rectifyDue`.
public struct Inspection: Hashable, Sendable {
  public enum Result: String, Sendable, Codable, CaseIterable {
    case pass
    case hazard
    case suspended
  }

  public var id: String
  public var inspectedAt: Date
  public var shopID: String
  public var inspector: String?
  public var hazardsFound: Int
  public var majorHazards: Int
  public var hazardsRectified: Int
  public var rectifyDue: Date?
  public var rectifiedAt: Date?
  public var result: Result

  public init(
    id: String, inspectedAt: Date, shopID: String, inspector: String? = nil, hazardsFound: Int,
    majorHazards: Int = 0, hazardsRectified: Int = 0, rectifyDue: Date? = nil,
    rectifiedAt: Date? = nil, result: Result? = nil
  ) {
    self.id = id
    self.inspectedAt = inspectedAt
    self.shopID = shopID
    self.inspector = inspector
    self.hazardsFound = hazardsFound
    self.majorHazards = majorHazards
    self.hazardsRectified = hazardsRectified
    self.rectifyDue = rectifyDue
    self.rectifiedAt = rectifiedAt
    self.result = result ?? (hazardsFound > 0 ? .hazard : .pass)
  }

  /// Hazards found and not (yet) rectified.
  public var openHazards: Int { max(0, hazardsFound - hazardsRectified) }
}
