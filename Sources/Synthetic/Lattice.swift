import Records

/// The geometry of the synthetic district: a rectangular lattice of equal cells, one grid per
/// cell, filled row by row from the south-west corner (the top row may be partly filled).
///
/// Cells are ~355 m square (0.0042° of longitude × 0.0032° of latitude at 40.6° N). Corners are
/// computed from integer lattice indices only, so two cells that share an edge print identical
/// vertices, and two cells are neighbours exactly when they share an edge (rook adjacency).
package struct Lattice: Sendable {
  package let count: Int
  package let columns: Int
  package let rows: Int
  package let origin: GeoPoint
  package let cellLon: Double
  package let cellLat: Double

  /// A near-square lattice (columns : rows ≈ 1.2 : 1) of `count` cells centred on `centre`.
  package init(
    count: Int, centre: GeoPoint = GeoPoint(lon: 110.03, lat: 40.58), cellLon: Double = 0.0042,
    cellLat: Double = 0.0032
  ) {
    precondition(count > 0, "a lattice needs a cell")
    self.count = count
    let columns = max(1, Int((Double(count) * 1.2).squareRoot().rounded(.up)))
    self.columns = columns
    self.rows = (count + columns - 1) / columns
    self.cellLon = cellLon
    self.cellLat = cellLat
    // Snap the origin to the micro-degree so printed corners are exact sums of printed steps.
    let lon0 = ((centre.lon - Double(columns) * cellLon / 2) * 1e6).rounded() / 1e6
    let lat0 = ((centre.lat - Double(rows) * cellLat / 2) * 1e6).rounded() / 1e6
    self.origin = GeoPoint(lon: lon0, lat: lat0)
  }

  @inline(__always) package func column(_ cell: Int) -> Int { cell % columns }
  @inline(__always) package func row(_ cell: Int) -> Int { cell / columns }

  /// Cells sharing an edge with `cell`, in the order west, east, south, north.
  package func neighbours(_ cell: Int) -> [Int] {
    var result: [Int] = []
    result.reserveCapacity(4)
    let c = column(cell)
    if c > 0 { result.append(cell - 1) }
    if c < columns - 1 && cell + 1 < count { result.append(cell + 1) }
    if cell >= columns { result.append(cell - columns) }
    if cell + columns < count { result.append(cell + columns) }
    return result
  }

  /// The lattice corner at column `i`, row `j` (0…columns, 0…rows).
  package func corner(_ i: Int, _ j: Int) -> GeoPoint {
    GeoPoint(lon: origin.lon + Double(i) * cellLon, lat: origin.lat + Double(j) * cellLat)
  }

  /// The cell's boundary as a closed, counter-clockwise ring (RFC 7946 §3.1.6): SW, SE, NE, NW, SW.
  package func ring(_ cell: Int) -> [GeoPoint] {
    let i = column(cell)
    let j = row(cell)
    return [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1), corner(i, j)]
  }

  /// The point at fractions (`u`, `v`) ∈ [0, 1]² of the cell, kept 4% away from its edges so that
  /// rounding to 6 decimals never moves it out.
  package func point(in cell: Int, u: Double, v: Double) -> GeoPoint {
    let fu = 0.04 + 0.92 * u
    let fv = 0.04 + 0.92 * v
    return GeoPoint(
      lon: origin.lon + (Double(column(cell)) + fu) * cellLon,
      lat: origin.lat + (Double(row(cell)) + fv) * cellLat)
  }

  /// The cell's centre.
  package func centroid(_ cell: Int) -> GeoPoint { point(in: cell, u: 0.5, v: 0.5) }

  /// Squared distance between two cells, in cell widths.
  @inline(__always) package func distance2(_ a: Int, _ b: Int) -> Double {
    let dx = Double(column(a) - column(b))
    let dy = Double(row(a) - row(b))
    return dx * dx + dy * dy
  }
}
