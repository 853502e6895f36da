import Records

/// The store's location tables as a resolver reads them on demand, a key at a time
/// (`LocationResolver.readingOnDemand`), instead of whole before the first row.
///
/// Answers describe one unchanging state of the store. Reads do not throw: an implementation
/// that fails to read keeps the error for its owner, who must then fail the run (the rows
/// resolved meanwhile got empty answers), and answers empty from then on.
public protocol LocationSource: Sendable {
  /// Whether any grid is stored.
  func hasGrids() -> Bool
  /// Whether the grid `id` is stored.
  func gridExists(_ id: String) -> Bool
  /// Every stored grid id.
  func gridIDs() -> Set<String>

  /// Each stored boundary polygon a point can lie in (`GridBoundary.parts`), ordered by grid id
  /// then polygon, with a box holding the polygon's own box (it may be larger).
  func boundaryBoxes() -> [(gridID: String, polygon: Int, box: GeoBox)]
  /// The stored boundary of grid `id`.
  func boundary(_ id: String) -> GridBoundary?

  /// The stored address entries, keyed by their normalized address (`NormalizedRecord.id`), with
  /// a key at least `lower` and, when `upper` is given, below it: in key order, at most `limit`.
  func addresses(from lower: String, below upper: String?, limit: Int) -> [(id: String, gridID: String)]
  /// Every stored address entry, in key order.
  func addresses() -> [AddressEntry]

  /// The grid of the stored shop `id`.
  func shopGrid(_ id: String) -> String?
  /// Every stored shop's grid.
  func shopGrids() -> [String: String]
}

/// The parts of location resolution, each built from one table.
public struct LocationParts: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// The known grid ids (a given `grid_id` must be one).
  public static let grids = LocationParts(rawValue: 1 << 0)
  /// Grid boundaries (lon/lat by point in polygon).
  public static let boundaries = LocationParts(rawValue: 1 << 1)
  /// The address table (an address by longest prefix).
  public static let addresses = LocationParts(rawValue: 1 << 2)
  /// Shops' grids (an incident that names only a shop).
  public static let shops = LocationParts(rawValue: 1 << 3)

  public static let all: LocationParts = [.grids, .boundaries, .addresses, .shops]
}
