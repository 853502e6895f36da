import Foundation
import Records
import Reports

/// The cells `yanpan grid` writes and their rows: ids, names, blocks, centroids, polygons.
struct CellLayout {
  let grid: CellGrid
  let cells: [CellGrid.Cell]
  let occupied: Int
  let prefix: String
  let communityCells: Int
  let subdistrictCells: Int

  init(
    grid: CellGrid, points: [GeoPoint], halo: Int, prefix: String, communityCells: Int, subdistrictCells: Int
  ) {
    self.grid = grid
    cells = grid.cells(covering: points, halo: halo)
    occupied = halo == 0 ? cells.count : grid.cells(covering: points).count
    self.prefix = prefix
    self.communityCells = communityCells
    self.subdistrictCells = subdistrictCells
  }

  func id(_ c: CellGrid.Cell) -> String { prefix + Self.pair(c, width: 3) }
  func community(_ c: CellGrid.Cell) -> String {
    prefix + "M" + Self.pair(CellGrid.block(of: c, size: communityCells), width: 3)
  }
  func subdistrict(_ c: CellGrid.Cell) -> String {
    prefix + "S" + Self.pair(CellGrid.block(of: c, size: subdistrictCells), width: 2)
  }

  var communities: Int { Set(cells.map(community)).count }
  var subdistricts: Int { Set(cells.map(subdistrict)).count }

  /// grids.csv rows in `RecordKind.grids.columns` order; households and population empty.
  var gridRows: [[String]] {
    cells.map { c in
      let centre = grid.centre(of: c)
      return [
        id(c), "\(prefix) r\(c.row) c\(c.column)", subdistrict(c), community(c), Grid.Kind.urban.rawValue, "",
        "",
        Self.degrees(centre.lon), Self.degrees(centre.lat),
      ]
    }
  }

  var adjacencyRows: [[String]] { CellGrid.rookAdjacency(cells).map { [id($0.0), id($0.1)] } }

  var features: [GeoFeature] {
    cells.map { c in
      GeoFeature(
        id: id(c), polygons: [grid.polygon(of: c)],
        properties: [
          ("grid_id", .string(id(c))), ("community_id", .string(community(c))),
          ("subdistrict_id", .string(subdistrict(c))),
        ])
    }
  }

  /// `012-034`; negative indices keep their sign (`-01-034`).
  static func pair(_ c: CellGrid.Cell, width: Int) -> String {
    func pad(_ n: Int) -> String {
      let digits = String(abs(n))
      return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return pad(c.row) + "-" + pad(c.column)
  }

  static func degrees(_ x: Double) -> String { String(format: "%.7f", x) }
}
