import Foundation
import GRDB
import Records

extension Store {
  /// A reader of the location tables (grids, boundary boxes and boundaries, addresses, shops'
  /// grids) one key at a time, on a read-only connection of its own: for resolving the few rows of
  /// a small file without loading tables of a million rows.
  ///
  /// Each call reads the store as last committed. Opened beside a `write` (whose immediate
  /// transaction keeps every other writer out until it ends), it reads what that transaction's
  /// writer sees in every table the transaction has not changed. Calls from one thread at a time.
  public final class LocationReader: @unchecked Sendable {
    private let queue: DatabaseQueue
    /// Prepared statements by SQL text, made and used only on `queue`.
    private var statements: [String: PreparedStatement] = [:]

    init(_ queue: DatabaseQueue) {
      self.queue = queue
    }

    /// Runs `sql` with `bind`'s parameters and calls `row` for each result row.
    private func each(
      _ sql: String, bind: (PreparedStatement) -> Void = { _ in }, row: (PreparedStatement) throws -> Void
    )
      throws
    {
      try queue.inDatabase { db in
        let statement: PreparedStatement
        if let made = statements[sql] {
          statement = made
        } else {
          statement = try PreparedStatement(db, sql: sql)
          statements[sql] = statement
        }
        statement.reset()
        bind(statement)
        defer { statement.reset() }
        while try statement.next() { try row(statement) }
      }
    }

    /// Whether a query returns at least one row.
    private func exists(_ sql: String, bind: (PreparedStatement) -> Void = { _ in }) throws -> Bool {
      var found = false
      try each(sql, bind: bind) { _ in found = true }
      return found
    }

    /// Whether any grid is stored.
    public func hasGrids() throws -> Bool { try exists("SELECT 1 FROM grids LIMIT 1") }

    /// Whether the grid `id` is stored.
    /// - Complexity: one primary-key lookup, O(log n).
    public func gridExists(_ id: String) throws -> Bool {
      try exists("SELECT 1 FROM grids WHERE id = ?") { $0.bind(id) }
    }

    /// The ids of every stored grid.
    public func gridIDs() throws -> Set<String> {
      var ids = Set<String>()
      try each("SELECT id FROM grids") { ids.insert($0.text(0)) }
      return ids
    }

    /// Every stored boundary polygon's box (`grid_boundary_boxes`, each grown by a margin beyond
    /// the polygon's own box), in grid id order, then polygon order.
    public func boundaryBoxes() throws -> [(gridID: String, polygon: Int, box: GeoBox)] {
      var boxes: [(gridID: String, polygon: Int, box: GeoBox)] = []
      try each(
        "SELECT grid_id, polygon, min_lon, min_lat, max_lon, max_lat FROM grid_boundary_boxes ORDER BY grid_id, polygon"
      ) { s in
        boxes.append(
          (
            s.text(0), s.int(1),
            GeoBox(minLon: s.double(2), minLat: s.double(3), maxLon: s.double(4), maxLat: s.double(5))
          ))
      }
      return boxes
    }

    /// The stored boundary of grid `id`, if any.
    public func boundary(_ id: String) throws -> GridBoundary? {
      var found: GridBoundary?
      try each(RecordTable.gridBoundaries.selectSQL + " WHERE id = ?", bind: { $0.bind(id) }) {
        found = try GridBoundary(row: $0)
      }
      return found
    }

    /// Every stored boundary, in grid id order.
    public func boundaries() throws -> [GridBoundary] {
      try queue.inDatabase { db in try db.all(GridBoundary.self) }
    }

    /// The address entries whose id (Ingest's normalized address) is at least `lower` and, when
    /// `upper` is given, below it, in id order, at most `limit`: each one's id and grid.
    /// - Complexity: one primary-key range scan, O(log n + rows).
    public func addresses(from lower: String, below upper: String?, limit: Int) throws -> [(
      id: String, gridID: String
    )] {
      var rows: [(id: String, gridID: String)] = []
      let sql =
        upper == nil
        ? "SELECT id, grid_id FROM addresses WHERE id >= ? ORDER BY id LIMIT ?"
        : "SELECT id, grid_id FROM addresses WHERE id >= ? AND id < ? ORDER BY id LIMIT ?"
      try each(
        sql,
        bind: { s in
          s.bind(lower)
          if let upper { s.bind(upper) }
          s.bind(limit)
        }
      ) { rows.append(($0.text(0), $0.text(1))) }
      return rows
    }

    /// Every address entry, in id order.
    public func addresses() throws -> [AddressEntry] {
      try queue.inDatabase { db in try db.all(AddressEntry.self) }
    }

    /// The grid of shop `id`, if it is stored.
    /// - Complexity: one primary-key lookup, O(log n).
    public func shopGrid(_ id: String) throws -> String? {
      var grid: String?
      try each("SELECT grid_id FROM shops WHERE id = ?", bind: { $0.bind(id) }) { grid = $0.text(0) }
      return grid
    }

    /// Each stored shop's grid.
    public func shopGrids() throws -> [String: String] {
      try queue.inDatabase { db in try db.shopGrids() }
    }
  }

  /// A `LocationReader` of this store; nil when the store cannot be read beside its writer (a
  /// store in memory, or a bulk load's new file, which its writer holds exclusively).
  public func locationReader() throws -> LocationReader? {
    guard path != ":memory:",
      try queue.read({ db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) == "wal"
    else { return nil }
    return LocationReader(try readerConnection())
  }
}
