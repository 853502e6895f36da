/// A street-front shop (底店商铺), managed by its street team and located in a grid.
public struct Shop: Hashable, Sendable {
  public enum Status: String, Sendable, Codable, CaseIterable {
    case open
    case closed
  }

  public var id: String
  public var name: String
  public var streetID: String
  public var gridID: String
  /// A taxonomy code such as `shop.restaurant`, or `other`.
  public var category: String
  /// Key-place tags: `hazmat` (涉危涉爆), `crowded` (人员密集), `food` (食品药品), …
  public var flags: Set<String>
  public var location: GeoPoint?
  public var openedOn: Day?
  public var status: Status

  public init(
    id: String, name: String, streetID: String, gridID: String, category: String,
    flags: Set<String> = [], location: GeoPoint? = nil, openedOn: Day? = nil, status: Status = .open
  ) {
    self.id = id
    self.name = name
    self.streetID = streetID
    self.gridID = gridID
    self.category = category
    self.flags = flags
    self.location = location
    self.openedOn = openedOn
    self.status = status
  }
}

/// The shop flags the contract names, with their Chinese labels.
public enum ShopFlag: String, CaseIterable, Sendable {
  case hazmat
  case crowded
  case food

  public var label: String {
    switch self {
    case .hazmat: "涉危涉爆"
    case .crowded: "人员密集"
    case .food: "食品药品"
    }
  }
}
