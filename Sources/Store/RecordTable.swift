/// The tables that hold input records, one per kind, and the columns each keeps besides the
/// bookkeeping every record table shares:
///
/// - `id TEXT PRIMARY KEY`: the record's identity for the ledger (`grid_id|neighbor_id` for
///   adjacency, the normalized address for an address entry);
/// - `fingerprint TEXT`: the content hash that tells a duplicate from an update;
/// - `file_id`, `line`: where this version came from (`ingest_files.id` and the 1-based line).
///
/// Times are stored as seconds since 1970-01-01T00:00:00Z (`REAL`), days as `YYYY-MM-DD` text.
enum RecordTable: String, CaseIterable, Sendable {
  case grids
  case gridBoundaries = "grid_boundaries"
  case gridAdjacency = "grid_adjacency"
  case addresses
  case streets
  case shops
  case incidents
  case petitions
  case inspections

  /// The table's position in `allCases`, found without comparing or hashing its name.
  var ordinal: Int {
    switch self {
    case .grids: 0
    case .gridBoundaries: 1
    case .gridAdjacency: 2
    case .addresses: 3
    case .streets: 4
    case .shops: 5
    case .incidents: 6
    case .petitions: 7
    case .inspections: 8
    }
  }

  struct Column {
    let name: String
    let type: String
  }

  /// The content columns, in the order records bind and read them.
  var columns: [Column] {
    func c(_ name: String, _ type: String) -> Column { Column(name: name, type: type) }
    switch self {
    case .grids:
      return [
        c("name", "TEXT NOT NULL"), c("subdistrict_id", "TEXT NOT NULL"), c("community_id", "TEXT NOT NULL"),
        c("kind", "TEXT NOT NULL"), c("households", "INTEGER"), c("population", "INTEGER"), c("lon", "REAL"),
        c("lat", "REAL"),
      ]
    case .gridBoundaries:
      // A GeoJSON MultiPolygon geometry, WGS-84.
      return [c("geometry", "TEXT NOT NULL")]
    case .gridAdjacency:
      return [c("grid_id", "TEXT NOT NULL"), c("neighbor_id", "TEXT NOT NULL")]
    case .addresses:
      return [c("address", "TEXT NOT NULL"), c("grid_id", "TEXT NOT NULL")]
    case .streets:
      return [
        c("name", "TEXT NOT NULL"), c("subdistrict_id", "TEXT NOT NULL"), c("chief", "TEXT NOT NULL"),
        c("members", "TEXT NOT NULL"), c("partner", "TEXT"), c("daily_capacity", "INTEGER NOT NULL"),
      ]
    case .shops:
      return [
        c("name", "TEXT NOT NULL"), c("street_id", "TEXT NOT NULL"), c("grid_id", "TEXT NOT NULL"),
        c("category", "TEXT NOT NULL"), c("flags", "TEXT NOT NULL"), c("lon", "REAL"), c("lat", "REAL"),
        c("opened_on", "TEXT"), c("status", "TEXT NOT NULL"),
      ]
    case .incidents:
      return [
        c("occurred_at", "REAL NOT NULL"), c("category", "TEXT NOT NULL"), c("severity", "INTEGER NOT NULL"),
        c("grid_id", "TEXT NOT NULL"), c("lon", "REAL"), c("lat", "REAL"), c("shop_id", "TEXT"),
        c("status", "TEXT NOT NULL"), c("resolved_at", "REAL"), c("source", "TEXT"),
      ]
    case .petitions:
      // `petitioner_key` is the keyed-hash pseudonym made at ingest: the raw identity is never stored.
      return [
        c("received_at", "REAL NOT NULL"), c("channel", "TEXT"), c("category", "TEXT NOT NULL"),
        c("petitioner_key", "TEXT"), c("petitioner_count", "INTEGER NOT NULL"), c("grid_id", "TEXT NOT NULL"),
        c("lon", "REAL"), c("lat", "REAL"), c("due_at", "REAL"), c("closed_at", "REAL"),
        c("satisfied", "TEXT NOT NULL"), c("accepted_at", "REAL"),
      ]
    case .inspections:
      return [
        c("inspected_at", "REAL NOT NULL"), c("shop_id", "TEXT NOT NULL"), c("inspector", "TEXT"),
        c("hazards_found", "INTEGER NOT NULL"), c("major_hazards", "INTEGER NOT NULL"),
        c("hazards_rectified", "INTEGER NOT NULL"), c("rectify_due", "REAL"), c("rectified_at", "REAL"),
        c("result", "TEXT NOT NULL"),
      ]
    }
  }

  /// The secondary indexes scoring, lists and explanations read through: `(name, columns)`, and
  /// for a partial index the condition its rows meet.
  var indexes: [(name: String, columns: String, condition: String?)] {
    let byFile = byFileIndex.map { [($0, "file_id", String?.none)] } ?? []
    switch self {
    case .grids, .gridBoundaries, .addresses, .streets: return []
    case .gridAdjacency: return [("grid_adjacency_by_grid", "grid_id", nil)]
    case .shops: return [("shops_by_grid", "grid_id", nil), ("shops_by_street", "street_id", nil)] + byFile
    case .incidents:
      // Few incidents name a shop (about 6% in the synthetic districts): only those are indexed
      // by shop (`shop_id = ?` implies the condition, so shop lookups still use it).
      return [
        ("incidents_by_grid_time", "grid_id, occurred_at", nil),
        ("incidents_by_shop", "shop_id", "shop_id IS NOT NULL"),
      ] + byFile
    case .petitions:
      return [
        ("petitions_by_grid_time", "grid_id, received_at", nil),
        ("petitions_by_petitioner", "petitioner_key", nil),
      ] + byFile
    case .inspections: return [("inspections_by_shop_time", "shop_id, inspected_at", nil)] + byFile
    }
  }

  /// The index of the rows by the ingest file that last wrote them (`file_id`), for the tables
  /// scoring keeps beside the store: a night reads the rows its own ingest wrote through it
  /// (`Store.scoringTables(changedAfter:)`), a few thousand seeks instead of a scan of every row.
  var byFileIndex: String? {
    switch self {
    case .shops, .incidents, .petitions, .inspections: "\(rawValue)_by_file"
    case .grids, .gridBoundaries, .gridAdjacency, .addresses, .streets: nil
    }
  }

  /// What a `SELECT` reads from: the table, or, when only the rows ingest files wrote after some
  /// ledger row are wanted, the table through its index by file (`INDEXED BY`: without statistics
  /// the planner would scan every row in key order, not knowing how few a night wrote).
  func source(changedOnly: Bool) -> String {
    guard changedOnly, let index = byFileIndex else { return rawValue }
    return "\(rawValue) INDEXED BY \(index)"
  }

  /// Columns added by a migration after v1, by table, with the migration that adds them: v1
  /// creates tables without them, so stores made before and after read the same.
  static let addedColumns: [(migration: String, table: RecordTable, column: String)] = [
    ("v2: petitions.accepted_at", .petitions, "accepted_at")
  ]

  /// The columns the v1 migration created.
  var v1Columns: [Column] {
    let later = Set(RecordTable.addedColumns.filter { $0.table == self }.map(\.column))
    return columns.filter { !later.contains($0.name) }
  }

  /// `CREATE TABLE` as of the v1 migration (later columns come through `ALTER TABLE`).
  var createSQL: String {
    let content = v1Columns.map { "  \($0.name) \($0.type),\n" }.joined()
    return """
      CREATE TABLE \(rawValue) (
        id TEXT NOT NULL PRIMARY KEY,
      \(content)  fingerprint TEXT NOT NULL,
        file_id INTEGER,
        line INTEGER
      ) WITHOUT ROWID
      """
  }

  var createIndexesSQL: [String] {
    indexes.map {
      "CREATE INDEX IF NOT EXISTS \($0.name) ON \(rawValue)(\($0.columns))"
        + ($0.condition.map { " WHERE \($0)" } ?? "")
    }
  }

  var dropIndexesSQL: [String] { indexes.map { "DROP INDEX IF EXISTS \($0.name)" } }

  /// `INSERT … ON CONFLICT(id) DO NOTHING`: inserts a new record, leaves an existing one alone.
  var insertSQL: String {
    let names = ["id"] + columns.map(\.name) + ["fingerprint", "file_id", "line"]
    let marks = Array(repeating: "?", count: names.count).joined(separator: ",")
    return
      "INSERT INTO \(rawValue)(\(names.joined(separator: ","))) VALUES(\(marks)) ON CONFLICT(id) DO NOTHING"
  }

  /// `UPDATE … WHERE id = ?` with the same bindings as `insertSQL` (id last there, first here).
  var replaceSQL: String {
    let names = columns.map(\.name) + ["fingerprint", "file_id", "line"]
    let sets = names.map { "\($0) = ?" }.joined(separator: ", ")
    return "UPDATE \(rawValue) SET \(sets) WHERE id = ?"
  }

  /// Copies the stored version of one record into `record_history`, its content as a JSON object.
  var archiveSQL: String {
    let pairs = columns.map { "'\($0.name)', \($0.name)" }.joined(separator: ", ")
    return """
      INSERT INTO record_history(kind, id, fingerprint, content, file_id, line, replaced_at, replaced_by_file_id)
      SELECT '\(rawValue)', id, fingerprint, json_object(\(pairs)), file_id, line, ?, ?
      FROM \(rawValue) WHERE id = ?
      """
  }

  /// `SELECT id, content columns… FROM table`.
  var selectSQL: String {
    "SELECT id, \(columns.map(\.name).joined(separator: ", ")) FROM \(rawValue)"
  }
}
