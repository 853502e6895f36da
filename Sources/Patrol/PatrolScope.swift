import Records

/// Which part of the district to plan for: everything, one street team, or one subdistrict.
public enum PatrolScope: Sendable, Hashable {
  case district
  case street(String)
  case subdistrict(String)

  /// Whether roster row i falls inside the scope, decided once per street and grid id. A
  /// shop belongs to a subdistrict through its street's record, or, when the street is unknown,
  /// through its grid's.
  /// - Complexity: O(streets + grids + roster streets and grids).
  func members(of shops: ShopRoster, streets: [Street], grids: [Grid]) -> (Int) -> Bool {
    switch self {
    case .district:
      return { _ in true }
    case .street(let id):
      let inStreet = shops.streetIDs.map { $0 == id }
      return { inStreet[Int(shops.street[$0])] }
    case .subdistrict(let id):
      let streetRecords = Dictionary(streets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      let gridRecords = Dictionary(grids.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      // Per street: in, out, or unknown (then the grid decides).
      let byStreet = shops.streetIDs.map { streetRecords[$0].map { $0.subdistrictID == id } }
      let byGrid = shops.gridIDs.map { gridRecords[$0]?.subdistrictID == id }
      return { byStreet[Int(shops.street[$0])] ?? byGrid[Int(shops.grid[$0])] }
    }
  }
}
