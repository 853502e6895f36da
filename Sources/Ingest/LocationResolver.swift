import Records

/// Resolves a record's location to a grid: `grid_id` as given; else `lon`/`lat` by point in
/// polygon against the grid boundaries; else `address` through the address table; else (incidents)
/// the grid of the shop named by `shop_id`.
///
/// Built by the caller from what the store already holds (boundaries, address table, shops), so
/// that reading a file stays free of database access.
public struct LocationResolver: Sendable {
  private var polygons: PolygonIndex
  private var addressTable: AddressTable
  private var shopGrids: [String: String]
  private var knownGrids: Set<String>?

  /// - Parameters:
  ///   - boundaries: grid boundaries, in WGS-84.
  ///   - addresses: the address table.
  ///   - shopGrids: shop id → grid id, for incidents that name only a shop.
  ///   - knownGrids: when given, a `grid_id` not in it is rejected as unknown; nil accepts any.
  public init(
    boundaries: [GridBoundary] = [], addresses: [AddressEntry] = [], shopGrids: [String: String] = [:],
    knownGrids: Set<String>? = nil
  ) {
    polygons = PolygonIndex(boundaries)
    addressTable = AddressTable(addresses)
    self.shopGrids = shopGrids
    self.knownGrids = knownGrids
  }

  /// A copy with the given parts rebuilt and the others kept as they were built (an ingest run
  /// reloads only what its last file changed: rebuilding the address table or polygon index of a
  /// big district costs seconds). `knownGrids: .some(nil)` accepts any grid again.
  public func replacing(
    boundaries: [GridBoundary]? = nil, addresses: [AddressEntry]? = nil, shopGrids: [String: String]? = nil,
    knownGrids: Set<String>?? = nil
  ) -> LocationResolver {
    var copy = self
    if let boundaries { copy.polygons = PolygonIndex(boundaries) }
    if let addresses { copy.addressTable = AddressTable(addresses) }
    if let shopGrids { copy.shopGrids = shopGrids }
    if let knownGrids { copy.knownGrids = knownGrids }
    return copy
  }

  /// The grid whose boundary contains a WGS-84 point.
  public func grid(containing point: GeoPoint) -> String? { polygons.grid(containing: point) }

  /// The grid of the longest address-table entry prefixing `address`.
  public func grid(forAddress address: String) -> String? { addressTable.grid(for: address) }

  /// The grid of a shop.
  public func grid(ofShop shopID: String) -> String? { shopGrids[shopID] }

  /// Whether a given `grid_id` is acceptable (always, when no set of known grids was given).
  public func isKnown(grid id: String) -> Bool { knownGrids?.contains(id) ?? true }

  /// Whether lon/lat can resolve at all (boundaries were given).
  public var hasBoundaries: Bool { !polygons.isEmpty }
  /// Whether addresses can resolve at all (an address table was given).
  public var hasAddresses: Bool { !addressTable.isEmpty }
}
