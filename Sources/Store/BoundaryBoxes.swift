import Foundation
import GRDB
import Records

/// `grid_boundary_boxes`: the bounding box of every stored boundary polygon a point can lie in
/// (`GridBoundary.parts`), one row per polygon, kept by the writer beside `grid_boundaries`.
///
/// A small ingest into a big store finds the few polygons near each of its points from these
/// boxes instead of parsing every stored boundary. Each box is grown by `margin` so that it holds
/// the stored polygon whatever the rounding of its coordinates to 7 decimals (at most 5·10⁻⁸°):
/// a box only picks the candidates, which are then tested on the stored geometry itself.
enum BoundaryBoxes {
  /// Degrees added on every side of a polygon's box (20 times the largest rounding of a stored
  /// coordinate, about 11 cm).
  static let margin = 1e-6

  static let createSQL = """
    CREATE TABLE grid_boundary_boxes (
      grid_id TEXT NOT NULL,
      polygon INTEGER NOT NULL,
      min_lon REAL NOT NULL,
      min_lat REAL NOT NULL,
      max_lon REAL NOT NULL,
      max_lat REAL NOT NULL,
      PRIMARY KEY (grid_id, polygon)
    ) WITHOUT ROWID
    """

  static let insertSQL = """
    INSERT OR REPLACE INTO grid_boundary_boxes(grid_id, polygon, min_lon, min_lat, max_lon, max_lat)
    VALUES (?, ?, ?, ?, ?, ?)
    """

  static let deleteSQL = "DELETE FROM grid_boundary_boxes WHERE grid_id = ?"

  /// Binds and runs `insert` (`insertSQL`) for each part of `boundary`.
  static func insert(_ boundary: GridBoundary, with insert: PreparedStatement) throws {
    for part in boundary.parts {
      let box = part.box.padded(by: margin)
      insert.reset()
      insert.bind(boundary.gridID)
      insert.bind(part.polygon)
      insert.bind(box.minLon)
      insert.bind(box.minLat)
      insert.bind(box.maxLon)
      insert.bind(box.maxLat)
      try insert.run()
    }
  }

  /// Creates the table and fills it from the boundaries already stored (a store made before the
  /// table existed: every stored geometry is parsed once). A geometry that is not GeoJSON (a
  /// store edited by hand) gets no box rather than keeping the store from opening.
  /// - Complexity: O(Σ vertices) to parse, O(n log n) to insert.
  static func migrate(_ db: Database) throws {
    try db.execute(sql: createSQL)
    let insert = try PreparedStatement(db, sql: insertSQL)
    let stored = try PreparedStatement(db, sql: "SELECT id, geometry FROM grid_boundaries ORDER BY id")
    stored.reset()
    while try stored.next() {
      guard let polygons = try? GeoJSONGeometry.polygons(stored.text(1)) else { continue }
      try BoundaryBoxes.insert(GridBoundary(gridID: stored.text(0), polygons: polygons), with: insert)
    }
    stored.reset()
    insert.reset()
  }
}
