/// Everything the engine knows about one district at one moment: the value the store hands to
/// scoring, and the value tests build by hand.
public struct District: Sendable {
  public var grids: [Grid]
  public var adjacency: [GridAdjacency]
  public var boundaries: [GridBoundary]
  public var streets: [Street]
  public var shops: [Shop]
  public var incidents: [Incident]
  public var petitions: [Petition]
  public var inspections: [Inspection]

  public init(
    grids: [Grid] = [], adjacency: [GridAdjacency] = [], boundaries: [GridBoundary] = [],
    streets: [Street] = [], shops: [Shop] = [], incidents: [Incident] = [],
    petitions: [Petition] = [], inspections: [Inspection] = []
  ) {
    self.grids = grids
    self.adjacency = adjacency
    self.boundaries = boundaries
    self.streets = streets
    self.shops = shops
    self.incidents = incidents
    self.petitions = petitions
    self.inspections = inspections
  }
}
