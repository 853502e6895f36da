/// A grid (网格): the smallest unit of grid-based governance, ~350 households in town, ~50 in the
/// countryside, inside a community (社区/村) inside a subdistrict (街道/镇).
public struct Grid: Hashable, Sendable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case urban
    case rural
  }

  public var id: String
  public var name: String
  public var subdistrictID: String
  public var communityID: String
  public var kind: Kind
  /// Needed for rates per household; `nil` where unknown (a cell laid over a city): rates are then per grid.
  public var households: Int?
  public var population: Int?
  /// Centroid.
  public var location: GeoPoint?

  public init(
    id: String, name: String = "", subdistrictID: String, communityID: String, kind: Kind = .urban,
    households: Int? = nil, population: Int? = nil, location: GeoPoint? = nil
  ) {
    self.id = id
    self.name = name
    self.subdistrictID = subdistrictID
    self.communityID = communityID
    self.kind = kind
    self.households = households
    self.population = population
    self.location = location
  }
}

/// Two grids that share a boundary. Stored once per ordered pair given; consumers symmetrize.
public struct GridAdjacency: Hashable, Sendable {
  public var gridID: String
  public var neighborID: String

  public init(gridID: String, neighborID: String) {
    self.gridID = gridID
    self.neighborID = neighborID
  }
}
