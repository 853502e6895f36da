import Foundation

/// A regular grid of square cells laid over a set of WGS-84 points where no official grid exists
/// (a city's food inspections, a county's incidents): cell `(row, column)` with row 0 the
/// southernmost and column 0 the westernmost, each `cellSize` metres on a side.
///
/// Metres come from a local equirectangular projection centred on the points' mean latitude φ₀:
/// `x = R·cos φ₀·(λ − λ₀)`, `y = R·(φ − φ₀)`, angles in radians, R = 6,371,008.8 m (the IUGG
/// mean Earth radius); Snyder, *Map Projections — A Working Manual* (USGS 1987), p. 90. Cells are
/// therefore rectangles in longitude/latitude: exactly `cellSize` tall, and `cellSize` wide at φ₀
/// (at φ the width is `cellSize·cos φ / cos φ₀`: ±0.3% across a city 40 km tall at 42°N).
///
/// Cell edges are rounded to 7 decimals of a degree (≈1 cm), the precision GeoJSON is written
/// with, and points are assigned against those rounded edges, so a point lies inside the polygon
/// of the cell it is assigned to as written to a file, exactly.
///
/// Pure value: no I/O.
public struct CellGrid: Sendable, Equatable {
  /// A cell's position: `row` counts north from the southernmost row, `column` east.
  public struct Cell: Hashable, Sendable, Comparable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
      self.row = row
      self.column = column
    }

    /// Row-major order: south to north, west to east.
    public static func < (a: Cell, b: Cell) -> Bool { (a.row, a.column) < (b.row, b.column) }
  }

  /// The IUGG mean Earth radius in metres (Moritz, "Geodetic Reference System 1980").
  public static let earthRadius = 6_371_008.8

  /// Side of a cell in metres.
  public let cellSize: Double
  /// South-west corner of cell (0, 0), rounded down to 7 decimals.
  public let origin: GeoPoint
  /// φ₀, the latitude the projection is centred on (degrees).
  public let referenceLatitude: Double
  /// Degrees of longitude and of latitude per cell.
  public let cellLongitude: Double
  public let cellLatitude: Double

  /// A grid of `cellSize`-metre cells whose cell (0, 0) has its south-west corner at the points'
  /// south-west extreme, projected at their mean latitude.
  /// - Returns: nil when `points` is empty or `cellSize` is not a positive finite number.
  /// - Complexity: O(points).
  public init?(covering points: [GeoPoint], cellSize: Double) {
    guard !points.isEmpty, cellSize.isFinite, cellSize > 0 else { return nil }
    var minLon = Double.infinity
    var minLat = Double.infinity
    var sumLat = 0.0
    for p in points {
      minLon = min(minLon, p.lon)
      minLat = min(minLat, p.lat)
      sumLat += p.lat
    }
    self.init(
      origin: GeoPoint(lon: minLon, lat: minLat), referenceLatitude: sumLat / Double(points.count),
      cellSize: cellSize)
  }

  /// A grid with a given south-west corner and reference latitude (rounded down to 7 decimals).
  public init(origin: GeoPoint, referenceLatitude: Double, cellSize: Double) {
    precondition(cellSize.isFinite && cellSize > 0, "a cell is a positive number of metres")
    self.cellSize = cellSize
    self.referenceLatitude = referenceLatitude
    self.origin = GeoPoint(lon: Self.floor7(origin.lon), lat: Self.floor7(origin.lat))
    // Metres per degree: R·π/180 north–south, times cos φ₀ east–west (equirectangular).
    let metresPerDegree = Self.earthRadius * Double.pi / 180
    cellLatitude = cellSize / metresPerDegree
    cellLongitude = cellSize / (metresPerDegree * cos(referenceLatitude * Double.pi / 180))
  }

  /// The western edge of column `c` (degrees, 7 decimals).
  public func longitude(ofColumnEdge c: Int) -> Double { Self.round7(origin.lon + Double(c) * cellLongitude) }
  /// The southern edge of row `r` (degrees, 7 decimals).
  public func latitude(ofRowEdge r: Int) -> Double { Self.round7(origin.lat + Double(r) * cellLatitude) }

  /// The cell whose (rounded) edges hold `point`: west and south edges inclusive, east and north
  /// exclusive. Points west or south of the origin get negative indices.
  /// - Complexity: O(1).
  public func cell(containing point: GeoPoint) -> Cell {
    var column = Int(((point.lon - origin.lon) / cellLongitude).rounded(.down))
    while point.lon < longitude(ofColumnEdge: column) { column -= 1 }
    while point.lon >= longitude(ofColumnEdge: column + 1) { column += 1 }
    var row = Int(((point.lat - origin.lat) / cellLatitude).rounded(.down))
    while point.lat < latitude(ofRowEdge: row) { row -= 1 }
    while point.lat >= latitude(ofRowEdge: row + 1) { row += 1 }
    return Cell(row: row, column: column)
  }

  /// The cell's outer ring, counter-clockwise from its south-west corner, closed (RFC 7946 §3.1.6).
  public func polygon(of cell: Cell) -> PolygonRings {
    let west = longitude(ofColumnEdge: cell.column)
    let east = longitude(ofColumnEdge: cell.column + 1)
    let south = latitude(ofRowEdge: cell.row)
    let north = latitude(ofRowEdge: cell.row + 1)
    return [
      [
        GeoPoint(lon: west, lat: south), GeoPoint(lon: east, lat: south), GeoPoint(lon: east, lat: north),
        GeoPoint(lon: west, lat: north), GeoPoint(lon: west, lat: south),
      ]
    ]
  }

  /// The cell's centre (degrees, 7 decimals).
  public func centre(of cell: Cell) -> GeoPoint {
    GeoPoint(
      lon: Self.round7((longitude(ofColumnEdge: cell.column) + longitude(ofColumnEdge: cell.column + 1)) / 2),
      lat: Self.round7((latitude(ofRowEdge: cell.row) + latitude(ofRowEdge: cell.row + 1)) / 2))
  }

  /// The cells holding at least one of `points`, plus every cell within `halo` cells of one
  /// (Chebyshev distance: a halo of 1 adds the 8 cells around each occupied cell), sorted.
  /// Empty stretches (a lake, a rail yard) farther than `halo` from any point get no cell.
  /// - Complexity: O(points + occupied cells · (2·halo + 1)² · log).
  public func cells(covering points: [GeoPoint], halo: Int = 0) -> [Cell] {
    precondition(halo >= 0, "the halo is a whole number of cells ≥ 0")
    var occupied: Set<Cell> = []
    for p in points { occupied.insert(cell(containing: p)) }
    guard halo > 0 else { return occupied.sorted() }
    var all = occupied
    for c in occupied {
      for dr in -halo...halo {
        for dc in -halo...halo { all.insert(Cell(row: c.row + dr, column: c.column + dc)) }
      }
    }
    return all.sorted()
  }

  /// Rook adjacency among `cells`: every ordered pair of cells sharing an edge, both directions,
  /// sorted. Symmetric by construction.
  /// - Complexity: O(cells · log cells).
  public static func rookAdjacency(_ cells: [Cell]) -> [(Cell, Cell)] {
    let present = Set(cells)
    var pairs: [(Cell, Cell)] = []
    for c in cells.sorted() {
      for (dr, dc) in [(-1, 0), (0, -1), (0, 1), (1, 0)] {
        let n = Cell(row: c.row + dr, column: c.column + dc)
        if present.contains(n) { pairs.append((c, n)) }
      }
    }
    return pairs
  }

  /// The block of `size`×`size` cells holding `cell` (floor division, so negative indices work),
  /// for the coarser levels of a cell grid (communities, subdistricts).
  public static func block(of cell: Cell, size: Int) -> Cell {
    precondition(size >= 1, "a block is at least one cell")
    func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    return Cell(row: floorDiv(cell.row, size), column: floorDiv(cell.column, size))
  }

  private static func round7(_ x: Double) -> Double { (x * 1e7).rounded() / 1e7 }
  private static func floor7(_ x: Double) -> Double { (x * 1e7).rounded(.down) / 1e7 }
}
