import Records

/// Which part of the district to plan for: everything, one street team, or one subdistrict.
public enum PatrolScope: Sendable, Hashable {
  case district
  case street(String)
  case subdistrict(String)

  /// Whether `shop` falls inside the scope. A shop belongs to a subdistrict through its street's
  /// record, or, when the street is unknown, through its grid's.
  func contains(_ shop: Shop, streets: [String: Street], grids: [String: Grid]) -> Bool {
    switch self {
    case .district: true
    case .street(let id): shop.streetID == id
    case .subdistrict(let id):
      (streets[shop.streetID]?.subdistrictID ?? grids[shop.gridID]?.subdistrictID) == id
    }
  }
}
