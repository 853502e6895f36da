/// The kinds of input record the engine reads (CONTRACT.md §1).
public enum RecordKind: String, CaseIterable, Codable, Sendable {
  case grids
  case gridAdjacency = "grid_adjacency"
  case streets
  case shops
  case incidents
  case petitions
  case inspections

  /// The field that identifies a row of this kind, used by the ledger to tell
  /// new, updated and duplicate rows apart. Adjacency rows are identified by the pair.
  public var idField: String {
    switch self {
    case .grids: "grid_id"
    case .gridAdjacency: "grid_id"
    case .streets: "street_id"
    case .shops: "shop_id"
    case .incidents: "incident_id"
    case .petitions: "petition_id"
    case .inspections: "inspection_id"
    }
  }
}
