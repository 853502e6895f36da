import Foundation

/// A case or event (案事件); disputes (矛盾纠纷) are incidents whose category starts with `dispute.`.
public struct Incident: Hashable, Sendable {
  public enum Status: String, Sendable, Codable, CaseIterable {
    case open
    case resolved
    case mediated
    case failed
    case escalated
  }

  public var id: String
  public var occurredAt: Date
  /// A taxonomy code such as `dispute.neighbor` or `public_order.fight`, or `other`.
  public var category: String
  /// 1 (minor) … 4 (major).
  public var severity: Int
  /// The grid the location resolved to.
  public var gridID: String
  public var location: GeoPoint?
  public var shopID: String?
  public var status: Status
  public var resolvedAt: Date?
  public var source: String?

  public init(
    id: String, occurredAt: Date, category: String, severity: Int, gridID: String,
    location: GeoPoint? = nil, shopID: String? = nil, status: Status = .open,
    resolvedAt: Date? = nil, source: String? = nil
  ) {
    self.id = id
    self.occurredAt = occurredAt
    self.category = category
    self.severity = severity
    self.gridID = gridID
    self.location = location
    self.shopID = shopID
    self.status = status
    self.resolvedAt = resolvedAt
    self.source = source
  }

  /// Disputes are incidents with a `dispute.*` category.
  public var isDispute: Bool { category.hasPrefix("dispute.") }
}
