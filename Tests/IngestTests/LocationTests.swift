import Foundation
import Ingest
import Records
import Testing

@Suite struct LocationTests {
  typealias Kit = IngestTestKit

  /// A 20 × 20 block of 0.01° squares from (120, 30), ids `G<col>_<row>`, plus an address table.
  static let resolver = LocationResolver(
    boundaries: (0..<20).flatMap { c in
      (0..<20).map { r in Kit.square("G\(c)_\(r)", lon: 120 + Double(c) * 0.01, lat: 30 + Double(r) * 0.01) }
    },
    addresses: [
      AddressEntry(address: "长江路", gridID: "ROAD"), AddressEntry(address: "长江路12号", gridID: "A12"),
      AddressEntry(address: "长江路1号", gridID: "A1"),
    ],
    shopGrids: ["P9": "SHOPGRID"])

  func incidentGrid(_ columns: String, _ values: String, crs: CoordinateSystem = .wgs84) throws -> Result<
    String, RowProblem
  > {
    let text = "incident_id,occurred_at,category\(columns)\nE1,2023-01-01,火灾\(values)\n"
    let (rows, _) = try Kit.read(
      try Kit.file("i.csv", text), options: Kit.options(crs: crs, resolver: Self.resolver))
    return rows[0].result.map { record in
      if case .incident(let i) = record { return i.gridID }
      return ""
    }
  }

  @Test("grid_id as given wins over lon/lat and address")
  func given() throws {
    #expect(try incidentGrid(",grid_id,lon,lat,address", ",GX,120.005,30.005,长江路12号").get() == "GX")
  }

  @Test(
    "lon/lat resolve by point in polygon",
    arguments: [(120.005, 30.005, "G0_0"), (120.1234, 30.1777, "G12_17"), (120.1999, 30.1999, "G19_19")])
  func pointInPolygon(_ lon: Double, _ lat: Double, _ grid: String) throws {
    #expect(try incidentGrid(",lon,lat", ",\(lon),\(lat)").get() == grid)
  }

  @Test("GCJ-02 input is converted before the lookup")
  func gcjLookup() throws {
    // GCJ-02 moves this point ≈ +0.0047° east, across the column boundary at 120.13.
    let wgs = GeoPoint(lon: 120.1270, lat: 30.1750)
    let gcj = CoordinateSystem.gcj02.fromWGS84(wgs)
    #expect(gcj.lon > 120.13)
    #expect(try incidentGrid(",lon,lat", ",\(gcj.lon),\(gcj.lat)", crs: .gcj02).get() == "G12_17")
    // Read as WGS-84, the offset (hundreds of metres) lands in the next grid east.
    #expect(try incidentGrid(",lon,lat", ",\(gcj.lon),\(gcj.lat)").get() == "G13_17")
  }

  @Test(
    "Addresses resolve by longest prefix, tolerating unit details, not inside a number",
    arguments: [
      ("长江路12号3单元501室", "A12"), ("长江路１２号", "A12"), ("长江路 12号", "A12"), ("长江路12", "A12"),
      ("长江路1号", "A1"), ("长江路125号", "ROAD"), ("长江路", "ROAD"),
    ])
  func address(_ text: String, _ grid: String) throws {
    #expect(try incidentGrid(",address", ",\(text)").get() == grid)
  }

  @Test("An incident with only a shop takes the shop's grid")
  func shop() throws {
    #expect(try incidentGrid(",shop_id", ",P9").get() == "SHOPGRID")
  }

  @Test("A location that resolves nowhere rejects the row on grid_id")
  func unresolved() throws {
    guard case .failure(let p) = try incidentGrid(",lon,lat,address", ",100,10,黄河路") else {
      Issue.record("should be rejected")
      return
    }
    #expect(p.field == "grid_id")
    guard case .failure = try incidentGrid(",grid_id,address", ",,") else {
      Issue.record("should be rejected")
      return
    }
  }

  @Test("Polygons with holes: a point in the hole is outside")
  func holes() {
    let ring = [
      GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 10, lat: 0), GeoPoint(lon: 10, lat: 10),
      GeoPoint(lon: 0, lat: 10),
    ]
    let hole = [
      GeoPoint(lon: 4, lat: 4), GeoPoint(lon: 6, lat: 4), GeoPoint(lon: 6, lat: 6), GeoPoint(lon: 4, lat: 6),
    ]
    let r = LocationResolver(boundaries: [GridBoundary(gridID: "D", polygons: [[ring, hole]])])
    #expect(r.grid(containing: GeoPoint(lon: 2, lat: 2)) == "D")
    #expect(r.grid(containing: GeoPoint(lon: 5, lat: 5)) == nil)
  }
}
