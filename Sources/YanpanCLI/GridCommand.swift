import ArgumentParser
import Foundation
import Ingest
import Records
import Reports

/// `yanpan grid --cell METRES --from FILE… --out DIR`: lays a regular grid of square cells over
/// the points' extent where no official grid exists (CONTRACT.md §2), and writes what `yanpan
/// ingest` reads: grids.csv, grids.geojson and grid_adjacency.csv.
struct GridCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grid",
    abstract:
      "Lay a regular grid of square cells over the points of CSV files: grids, boundaries, adjacency.",
    discussion: """
      Reads the lon/lat columns (lon, lng, longitude, 经度 / lat, latitude, 纬度, or the headers \
      given with --lon-field/--lat-field) of every --from file (CSV or TSV, .gz accepted), \
      projects them with a local equirectangular projection at their mean latitude, and lays \
      square cells of --cell metres from their south-west extreme.

      Only cells holding a point, and the cells within --halo cells of one, are written, so a \
      lake or a rail yard does not become thousands of empty grids. Blocks of --community-cells \
      cells a side form a community, blocks of --subdistrict-cells a subdistrict, so roll-ups work.

      Writes into --out: grids.csv (grid_id, name, subdistrict_id, community_id, kind, \
      households, population, lon, lat; households empty, so rates are per grid), grids.geojson \
      (RFC 7946 polygons with properties.grid_id) and grid_adjacency.csv (both directions of \
      every pair of cells sharing an edge). Ids are <prefix><row>-<column>, row 0 the southernmost.

      Then: yanpan ingest DIR/grids.csv DIR/grids.geojson DIR/grid_adjacency.csv
      """)

  @Option(help: "Side of a cell in metres (e.g. 500).")
  var cell: Double

  @Option(parsing: .upToNextOption, help: "The CSV/TSV files whose points the grid covers (.gz accepted).")
  var from: [String]

  @Option(help: "The folder to write grids.csv, grids.geojson and grid_adjacency.csv into.")
  var out: String

  @Option(help: "Header of the longitude column, when it is not lon/lng/longitude/经度.")
  var lonField: String?

  @Option(help: "Header of the latitude column, when it is not lat/latitude/纬度.")
  var latField: String?

  @Option(help: "Prefix of the ids (cells <prefix>012-034, communities <prefix>M…, subdistricts <prefix>S…).")
  var prefix: String = "C"

  @Option(help: "Also write the cells within this many cells of a point (0: only cells holding a point).")
  var halo: Int = 1

  @Option(help: "Cells per side of a community block.")
  var communityCells: Int = 2

  @Option(help: "Cells per side of a subdistrict block.")
  var subdistrictCells: Int = 8

  @Option(help: "The coordinate system of lon/lat: wgs84 (default), gcj02 or bd09.")
  var crs: String = CoordinateSystem.wgs84.rawValue

  @Flag(help: "Print nothing but errors.")
  var quiet = false

  func validate() throws {
    guard cell.isFinite, cell >= 1 else { throw ValidationError("--cell must be at least 1 metre") }
    guard !from.isEmpty else { throw ValidationError("give the point files with --from FILE…") }
    guard halo >= 0 else { throw ValidationError("--halo must be 0 or more cells") }
    guard communityCells >= 1, subdistrictCells >= 1 else {
      throw ValidationError("--community-cells and --subdistrict-cells must be at least 1")
    }
    guard subdistrictCells % communityCells == 0 else {
      throw ValidationError(
        "--subdistrict-cells (\(subdistrictCells)) must be a multiple of --community-cells (\(communityCells)) so communities nest in subdistricts"
      )
    }
    guard CoordinateSystem(rawValue: crs.lowercased()) != nil else {
      throw ValidationError("--crs \(crs): use wgs84, gcj02 or bd09")
    }
    guard !prefix.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
      throw ValidationError("--prefix must not hold commas, quotes or line breaks")
    }
  }

  func run() throws {
    let system = CoordinateSystem(rawValue: crs.lowercased()) ?? .wgs84
    var points: [GeoPoint] = []
    var lines: [String] = []
    for path in from {
      let file = try PointFile.read(
        URL(fileURLWithPath: path), crs: system, lonField: lonField, latField: latField)
      points += file.points
      lines.append(
        "\(path): \(file.points.count) points (\(file.lonHeader)/\(file.latHeader)), \(file.skipped) of \(file.rows) rows without a usable location"
      )
    }
    guard let extent = CellGrid(covering: points, cellSize: cell) else {
      throw InputError(
        file: from.joined(separator: ", "), problem: "no point with a usable lon/lat",
        fix: "give files with lon/lat columns holding WGS-84 degrees (or --lon-field/--lat-field)")
    }
    // Start `halo` cells south-west of the points, so that halo cells too have ids ≥ 0.
    let grid = CellGrid(
      origin: GeoPoint(
        lon: extent.origin.lon - Double(halo) * extent.cellLongitude,
        lat: extent.origin.lat - Double(halo) * extent.cellLatitude),
      referenceLatitude: extent.referenceLatitude, cellSize: cell)
    let layout = CellLayout(
      grid: grid, points: points, halo: halo, prefix: prefix, communityCells: communityCells,
      subdistrictCells: subdistrictCells)
    let folder = URL(fileURLWithPath: out)
    try AtomicFile.write(
      CSV.render(header: RecordKind.grids.columns, rows: layout.gridRows), encoding: .utf8BOM,
      to: folder.appendingPathComponent("grids.csv"))
    try AtomicFile.write(
      GeoJSON.featureCollection(layout.features).rendered(pretty: false) + "\n", encoding: .utf8,
      to: folder.appendingPathComponent("grids.geojson"))
    try AtomicFile.write(
      CSV.render(header: RecordKind.gridAdjacency.columns, rows: layout.adjacencyRows), encoding: .utf8BOM,
      to: folder.appendingPathComponent("grid_adjacency.csv"))
    guard !quiet else { return }
    for line in lines { print(line) }
    let held = layout.occupied
    let size = String(format: "%g", cell)
    let latitude = String(format: "%.4f", grid.referenceLatitude)
    let written =
      "\(layout.cells.count) written (\(held) holding points, \(layout.cells.count - held) within \(halo) of one)"
    let blocks = "\(layout.communities) communities, \(layout.subdistricts) subdistricts"
    print(
      "cells of \(size) m at reference latitude \(latitude)°: \(written), \(blocks), \(layout.adjacencyRows.count / 2) adjacent pairs"
    )
    print("wrote \(folder.path)/grids.csv, grids.geojson, grid_adjacency.csv")
  }
}
