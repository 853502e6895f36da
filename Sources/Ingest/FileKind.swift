import Records

/// What a file holds: one of the contract's record kinds, grid boundaries (GeoJSON), or the
/// address table (`address,grid_id`) that resolves addresses to grids.
public enum FileKind: Hashable, Sendable, CustomStringConvertible {
  case records(RecordKind)
  /// A GeoJSON FeatureCollection of Polygon/MultiPolygon features with `properties.grid_id`.
  case boundaries
  /// Rows of `address,grid_id` (aliases 地址, 网格编号).
  case addresses

  /// Every kind, in the order a district is best ingested (grids before what refers to them).
  public static let all: [FileKind] =
    [.records(.grids), .boundaries, .records(.gridAdjacency), .addresses, .records(.streets)]
    + [.records(.shops), .records(.incidents), .records(.petitions), .records(.inspections)]

  /// Parses a `--kind` value: a `RecordKind` raw value (`grids`, `grid_adjacency`, …),
  /// `boundaries` or `addresses`; nil for anything else.
  public init?(name: String) {
    switch name {
    case "boundaries", "grid_boundaries": self = .boundaries
    case "addresses", "address": self = .addresses
    default:
      guard let kind = RecordKind(rawValue: name) else { return nil }
      self = .records(kind)
    }
  }

  /// The `--kind` name: `grids`, `grid_adjacency`, …, `boundaries`, `addresses`.
  public var name: String {
    switch self {
    case .records(let kind): kind.rawValue
    case .boundaries: "boundaries"
    case .addresses: "addresses"
    }
  }

  public var description: String { name }

  /// The columns a tabular file of this kind may carry (none for boundaries).
  public var fields: [FieldSpec] {
    switch self {
    case .records(let kind): kind.fields
    case .boundaries: []
    case .addresses:
      [
        FieldSpec("address", ["地址", "门牌地址", "详细地址"], required: true),
        FieldSpec("grid_id", ["网格编号", "网格编码", "所属网格"], required: true),
      ]
    }
  }

  /// The field naming a row's identity, for the ledger.
  public var idField: String {
    switch self {
    case .records(let kind): kind.idField
    case .boundaries: "grid_id"
    case .addresses: "address"
    }
  }
}
