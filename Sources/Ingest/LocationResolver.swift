import Records

/// Resolves a record's location to a grid: `grid_id` as given; else `lon`/`lat` by point in
/// polygon against the grid boundaries; else `address` through the address table; else (incidents)
/// the grid of the shop named by `shop_id`.
///
/// Built by the caller from what the store already holds (boundaries, address table, shops), so
/// that reading a file stays free of database access; or, for a file much smaller than those
/// tables, reading them key by key from a `LocationSource` (`readingOnDemand`).
public struct LocationResolver: Sendable {
  private var polygons: Boundaries
  private var addressTable: Addresses
  private var shopGrids: Shops
  private var knownGrids: KnownGrids

  // Each part is built whole, or read on demand from a `LocationSource` (`readingOnDemand`).
  private enum Boundaries {
    case index(PolygonIndex)
    case onDemand(OnDemandBoundaries)
  }
  private enum Addresses {
    case table(AddressTable)
    case onDemand(OnDemandAddresses)
  }
  private enum Shops {
    case grids([String: String])
    case onDemand(OnDemandShops)
  }
  private enum KnownGrids {
    case any
    case ids(Set<String>)
    case onDemand(OnDemandGrids)
  }

  /// - Parameters:
  ///   - boundaries: grid boundaries, in WGS-84.
  ///   - addresses: the address table.
  ///   - shopGrids: shop id → grid id, for incidents that name only a shop.
  ///   - knownGrids: when given, a `grid_id` not in it is rejected as unknown; nil accepts any.
  public init(
    boundaries: [GridBoundary] = [], addresses: [AddressEntry] = [], shopGrids: [String: String] = [:],
    knownGrids: Set<String>? = nil
  ) {
    polygons = .index(PolygonIndex(boundaries))
    addressTable = .table(AddressTable(addresses))
    self.shopGrids = .grids(shopGrids)
    self.knownGrids = knownGrids.map { .ids($0) } ?? .any
  }

  /// A copy with the given parts rebuilt and the others kept as they were built (an ingest run
  /// reloads only what its last file changed: rebuilding the address table or polygon index of a
  /// big district costs seconds). `knownGrids: .some(nil)` accepts any grid again.
  public func replacing(
    boundaries: [GridBoundary]? = nil, addresses: [AddressEntry]? = nil, shopGrids: [String: String]? = nil,
    knownGrids: Set<String>?? = nil
  ) -> LocationResolver {
    var copy = self
    if let boundaries { copy.polygons = .index(PolygonIndex(boundaries)) }
    if let addresses { copy.addressTable = .table(AddressTable(addresses)) }
    if let shopGrids { copy.shopGrids = .grids(shopGrids) }
    if let knownGrids { copy.knownGrids = knownGrids.map { .ids($0) } ?? .any }
    return copy
  }

  /// A copy whose `parts` are read from `source` as rows ask for them, giving the same answers as
  /// a resolver built from the whole tables: a grid id, a shop or an address prefix is read by its
  /// key, a point is tested only against the polygons whose stored boxes hold it. Each part reads
  /// its whole table once it has read `budget` single keys (a file big enough for that to be
  /// cheaper). For a file of a few thousand rows beside tables of a million.
  ///
  /// One caveat on addresses: stored keys are compared as bytes, where a whole table compares
  /// them as Swift strings (canonical equivalence); the two differ only for an address written
  /// once precomposed and once decomposed (`é` and `e` + U+0301), never in Chinese text.
  public func readingOnDemand(
    _ parts: LocationParts, from source: any LocationSource, budget: Int = 20_000
  ) -> LocationResolver {
    var copy = self
    if parts.contains(.grids) { copy.knownGrids = .onDemand(OnDemandGrids(source, budget: budget)) }
    if parts.contains(.boundaries) { copy.polygons = .onDemand(OnDemandBoundaries(source)) }
    if parts.contains(.addresses) { copy.addressTable = .onDemand(OnDemandAddresses(source, budget: budget)) }
    if parts.contains(.shops) { copy.shopGrids = .onDemand(OnDemandShops(source, budget: budget)) }
    return copy
  }

  /// The grid whose boundary contains a WGS-84 point.
  public func grid(containing point: GeoPoint) -> String? {
    switch polygons {
    case .index(let index): index.grid(containing: point)
    case .onDemand(let part): part.grid(containing: point)
    }
  }

  /// The grid of the longest address-table entry prefixing `address`.
  public func grid(forAddress address: String) -> String? {
    switch addressTable {
    case .table(let table): table.grid(for: address)
    case .onDemand(let part): part.grid(for: address)
    }
  }

  /// The grid of a shop.
  public func grid(ofShop shopID: String) -> String? {
    switch shopGrids {
    case .grids(let grids): grids[shopID]
    case .onDemand(let part): part.grid(ofShop: shopID)
    }
  }

  /// Whether a given `grid_id` is acceptable (always, when no set of known grids was given).
  public func isKnown(grid id: String) -> Bool {
    switch knownGrids {
    case .any: true
    case .ids(let ids): ids.contains(id)
    case .onDemand(let part): part.isKnown(id)
    }
  }

  /// Whether lon/lat can resolve at all (boundaries were given).
  public var hasBoundaries: Bool {
    switch polygons {
    case .index(let index): !index.isEmpty
    case .onDemand(let part): !part.isEmpty
    }
  }
  /// Whether addresses can resolve at all (an address table was given).
  public var hasAddresses: Bool {
    switch addressTable {
    case .table(let table): !table.isEmpty
    case .onDemand(let part): !part.isEmpty
    }
  }
}
