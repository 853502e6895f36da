import Foundation
import Testing

@testable import Records

@Suite("A cell grid laid over points")
struct CellGridTests {
  /// Seven hand-placed points near 41.8°N: two in the south-west cell, one a cell east of it,
  /// one a cell north, one two cells east and two north, and a far pair 5 km east.
  /// Metres per degree of latitude: 6,371,008.8 · π/180 ≈ 111,195.08; of longitude at φ₀ ≈ 41.8°:
  /// × cos φ₀ ≈ 82,900. A 500 m cell is ≈ 0.0044966° of latitude and ≈ 0.0060° of longitude.
  let points: [GeoPoint] = [
    GeoPoint(lon: -87.7000, lat: 41.8000),
    GeoPoint(lon: -87.6990, lat: 41.8010),
    GeoPoint(lon: -87.6930, lat: 41.8010),  // ≈ 580 m east of the first: column 1
    GeoPoint(lon: -87.6995, lat: 41.8050),  // ≈ 556 m north: row 1
    GeoPoint(lon: -87.6870, lat: 41.8100),  // ≈ 1,078 m east, 1,112 m north: row 2, column 2
    GeoPoint(lon: -87.6400, lat: 41.8000),  // ≈ 4,974 m east: column 9
    GeoPoint(lon: -87.6399, lat: 41.8001),
  ]

  var grid: CellGrid { CellGrid(covering: points, cellSize: 500)! }

  @Test("cell size in degrees follows the equirectangular projection at the mean latitude")
  func projection() {
    let meanLat = points.map(\.lat).reduce(0, +) / Double(points.count)
    #expect(abs(grid.referenceLatitude - meanLat) < 1e-12)
    let perDegree = 6_371_008.8 * Double.pi / 180
    #expect(abs(grid.cellLatitude - 500 / perDegree) < 1e-12)
    #expect(abs(grid.cellLongitude - 500 / (perDegree * cos(meanLat * Double.pi / 180))) < 1e-12)
    // The south-west corner is the points' extreme, rounded down to 7 decimals.
    #expect(grid.origin.lon <= -87.7 && -87.7 - grid.origin.lon < 1.5e-7)
    #expect(grid.origin.lat <= 41.8 && 41.8 - grid.origin.lat < 1.5e-7)
  }

  @Test("points fall in the cells their distances say")
  func cells() {
    let expected: [(Int, Int)] = [(0, 0), (0, 0), (0, 1), (1, 0), (2, 2), (0, 9), (0, 9)]
    for (p, (row, column)) in zip(points, expected) {
      #expect(grid.cell(containing: p) == CellGrid.Cell(row: row, column: column), "\(p)")
    }
  }

  @Test("only cells holding a point are written, plus the halo when asked")
  func cellCount() {
    #expect(grid.cells(covering: points).count == 5)
    // Halo 1: the 3×3 blocks around (0,0), (0,1), (1,0), (2,2), (0,9) — rows −1…3, columns −1…3
    // minus the corners no block reaches, plus the 9 cells around (0,9).
    let halo = Set(grid.cells(covering: points, halo: 1))
    var expected: Set<CellGrid.Cell> = []
    for (r, c) in [(0, 0), (0, 1), (1, 0), (2, 2), (0, 9)] {
      for dr in -1...1 { for dc in -1...1 { expected.insert(CellGrid.Cell(row: r + dr, column: c + dc)) } }
    }
    #expect(halo == expected)
    // By hand: rows −1…1 × columns −1…2 (12), row 2 × columns −1…1 (3), around (2,2) six more
    // ((1,3), (2,2), (2,3), (3,1), (3,2), (3,3)), around (0,9) nine: 30.
    #expect(halo.count == 30)
    // The 5 km gap between column 2 and column 9 gets no cell.
    #expect(!halo.contains { $0.column >= 4 && $0.column <= 7 })
  }

  @Test("each point lies inside the polygon of its cell, as written with 7 decimals")
  func pointInOwnPolygon() {
    for p in points {
      let ring = grid.polygon(of: grid.cell(containing: p))[0]
      #expect(ring.count == 5 && ring.first == ring.last)
      let lons = ring.map(\.lon)
      let lats = ring.map(\.lat)
      #expect(lons.min()! <= p.lon && p.lon < lons.max()!, "\(p)")
      #expect(lats.min()! <= p.lat && p.lat < lats.max()!, "\(p)")
      for corner in ring {
        #expect(abs(corner.lon * 1e7 - (corner.lon * 1e7).rounded()) < 1e-6)
      }
      // Counter-clockwise (RFC 7946 §3.1.6): positive shoelace area.
      var twiceArea = 0.0
      for i in 0..<(ring.count - 1) {
        twiceArea += ring[i].lon * ring[i + 1].lat - ring[i + 1].lon * ring[i].lat
      }
      #expect(twiceArea > 0)
    }
  }

  @Test("a point on a shared edge belongs to the cell east or north of it")
  func edges() {
    let c = CellGrid.Cell(row: 3, column: 4)
    let west = grid.longitude(ofColumnEdge: 4)
    let south = grid.latitude(ofRowEdge: 3)
    #expect(grid.cell(containing: GeoPoint(lon: west, lat: south)) == c)
    #expect(grid.cell(containing: GeoPoint(lon: west.nextDown, lat: south)).column == 3)
    #expect(grid.cell(containing: GeoPoint(lon: west, lat: south.nextDown)).row == 2)
  }

  @Test("rook adjacency is symmetric and joins only cells sharing an edge")
  func adjacency() {
    let cells = grid.cells(covering: points, halo: 1)
    let pairs = CellGrid.rookAdjacency(cells)
    let set = Set(pairs.map { "\($0.0.row),\($0.0.column)|\($0.1.row),\($0.1.column)" })
    #expect(set.count == pairs.count)
    for (a, b) in pairs {
      #expect(set.contains("\(b.row),\(b.column)|\(a.row),\(a.column)"))
      #expect(abs(a.row - b.row) + abs(a.column - b.column) == 1)
    }
    // Hand count on the 5 occupied cells alone: (0,0)–(0,1) and (0,0)–(1,0), both directions.
    #expect(CellGrid.rookAdjacency(grid.cells(covering: points)).count == 4)
  }

  @Test("blocks nest: 2×2 communities inside 8×8 subdistricts, negative indices included")
  func blocks() {
    #expect(CellGrid.block(of: .init(row: 5, column: 9), size: 2) == .init(row: 2, column: 4))
    #expect(CellGrid.block(of: .init(row: -1, column: -3), size: 2) == .init(row: -1, column: -2))
    for row in -9...9 {
      for column in -9...9 {
        let cell = CellGrid.Cell(row: row, column: column)
        let community = CellGrid.block(of: cell, size: 2)
        #expect(CellGrid.block(of: community, size: 4) == CellGrid.block(of: cell, size: 8))
      }
    }
  }

  @Test("no points or a non-positive cell give no grid")
  func empty() {
    #expect(CellGrid(covering: [], cellSize: 500) == nil)
    #expect(CellGrid(covering: points, cellSize: 0) == nil)
  }
}
