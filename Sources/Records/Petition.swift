import Foundation

/// A petition (信访). The petitioner's identity never reaches this type: `petitionerKey` is the
/// keyed hash made at ingest, so the same person links across petitions without being named.
public struct Petition: Hashable, Sendable {
  public enum Channel: String, Sendable, Codable, CaseIterable {
    case visit
    case letter
    case online
    case hotline
  }

  public enum Satisfaction: String, Sendable, Codable, CaseIterable {
    case yes
    case no
    case unknown
  }

  /// Five or more petitioners make a collective petition (集体访).
  public static let collectiveThreshold = 5

  public var id: String
  public var receivedAt: Date
  public var channel: Channel?
  /// A taxonomy code such as `petition.housing`, or `other`.
  public var category: String
  /// HMAC-SHA-256 pseudonym of the petitioner (hex), never the raw identity.
  public var petitionerKey: String?
  public var petitionerCount: Int
  public var gridID: String
  public var location: GeoPoint?
  public var dueAt: Date?
  public var closedAt: Date?
  public var satisfied: Satisfaction
  /// When the petitioner was told the petition is accepted (受理告知), if the source records it.
  /// 信访工作条例 (2022) art. 22 asks for that notice within 15 days of receipt: the 及时受理 of the 三率.
  public var acceptedAt: Date?

  /// Days allowed between receipt and the acceptance notice (信访工作条例 art. 22).
  public static let acceptanceDays = 15

  public init(
    id: String, receivedAt: Date, channel: Channel? = nil, category: String,
    petitionerKey: String? = nil, petitionerCount: Int = 1, gridID: String,
    location: GeoPoint? = nil, dueAt: Date? = nil, closedAt: Date? = nil,
    satisfied: Satisfaction = .unknown, acceptedAt: Date? = nil
  ) {
    self.id = id
    self.receivedAt = receivedAt
    self.channel = channel
    self.category = category
    self.petitionerKey = petitionerKey
    self.petitionerCount = petitionerCount
    self.gridID = gridID
    self.location = location
    self.dueAt = dueAt
    self.closedAt = closedAt
    self.satisfied = satisfied
    self.acceptedAt = acceptedAt
  }

  public var isCollective: Bool { petitionerCount >= Petition.collectiveThreshold }
}
