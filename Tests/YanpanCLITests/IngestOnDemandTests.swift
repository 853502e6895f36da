import Foundation
import Records
import Store
import TestSupport
import Testing

/// A small file ingested into a store that already holds the district reads the location tables
/// key by key instead of whole; every row gets the grid, and every rejected row the reason, it
/// gets when the same file is ingested in one run with the district (whole tables).
@Suite("yanpan ingest of a small file into a full store: locations read key by key")
struct IngestOnDemandTests {
  static let grids = """
    grid_id,name,subdistrict_id,community_id
    G1,一网格,S1,C1
    G2,二网格,S1,C1
    G3,三网格,S1,C1

    """

  /// Two squares side by side and a triangle over both; a grid of two polygons, one with a hole.
  static let boundaries = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"grid_id":"G2"},"geometry":{"type":"Polygon","coordinates":[[[116.41,39.90],[116.42,39.90],[116.42,39.91],[116.41,39.91],[116.41,39.90]]]}},
    {"type":"Feature","properties":{"grid_id":"G1"},"geometry":{"type":"Polygon","coordinates":[[[116.40,39.90],[116.41,39.90],[116.41,39.91],[116.40,39.91],[116.40,39.90]]]}},
    {"type":"Feature","properties":{"grid_id":"G3"},"geometry":{"type":"MultiPolygon","coordinates":[[[[116.405,39.905],[116.415,39.905],[116.41,39.915],[116.405,39.905]]],[[[116.43,39.90],[116.45,39.90],[116.45,39.92],[116.43,39.92],[116.43,39.90]],[[116.435,39.905],[116.445,39.905],[116.445,39.915],[116.435,39.915],[116.435,39.905]]]]}}
    ]}

    """

  static let addresses = """
    address,grid_id
    长江路12号,G1
    长江路12,G3
    长江路,G2
    黄河路3号,G3

    """

  static let shops = """
    shop_id,name,street_id,grid_id,category
    SH1,老王烧烤,ST1,G1,shop.restaurant
    SH2,好运网吧,ST1,G2,shop.internet_cafe

    """

  /// Every way a location resolves or fails: given grids (known, unknown), points (in a square,
  /// in the triangle's tip, on a shared edge, in the hole, outside), addresses (longest prefix, a
  /// longer number, unknown), shops (known, unknown) and what is tried when all fail.
  static let small = """
    incident_id,occurred_at,category,severity,grid_id,lon,lat,address,shop_id
    N1,2023-06-01 10:00,打架斗殴,2,G1,,,,
    N2,2023-06-01 10:00,打架斗殴,2,G9,,,,
    N3,2023-06-01 10:00,打架斗殴,2,,116.401,39.901,,
    N4,2023-06-01 10:00,打架斗殴,2,,116.41,39.912,,
    N5,2023-06-01 10:00,打架斗殴,2,,116.41,39.902,,
    N6,2023-06-01 10:00,打架斗殴,2,,116.44,39.91,,
    N7,2023-06-01 10:00,打架斗殴,2,,116.432,39.91,,
    N8,2023-06-01 10:00,打架斗殴,2,,100.0,10.0,,
    N9,2023-06-01 10:00,打架斗殴,2,,,,长江路12号3单元501室,
    N10,2023-06-01 10:00,打架斗殴,2,,,,长江路１２号,
    N11,2023-06-01 10:00,打架斗殴,2,,,,长江路125号,
    N12,2023-06-01 10:00,打架斗殴,2,,,,淮海路8号,
    N13,2023-06-01 10:00,打架斗殴,2,,,,,SH2
    N14,2023-06-01 10:00,打架斗殴,2,,,,,SH9
    N15,2023-06-01 10:00,打架斗殴,2,,100.0,10.0,淮海路8号,SH9
    N16,2023-06-01 10:00,打架斗殴,2,,100.0,10.0,黄河路3号,
    N17,2023-06-01 10:00,打架斗殴,2,,,,,

    """

  static let district = ["grids.csv", "grids.geojson", "addresses.csv", "shops.csv"]

  /// The incidents stored (id → grid) and the rejects file's text after `runs` ingests into a new
  /// store in `dir` (the first run a cold load, later ones into the existing store).
  static func ingest(_ runs: [[String]], in dir: URL, db: String) throws -> ([String: String], String) {
    for files in runs {
      let result = try YanpanProcess.run(["ingest"] + files + ["--quiet", "--db", db], in: dir)
      #expect(result.status == 0, "stderr: \(result.stderr)")
    }
    let store = try Store(path: dir.appendingPathComponent(db).path)
    let incidents = try store.loadDistrict(asOf: nil).incidents
    let rejects = try String(contentsOf: dir.appendingPathComponent(db + ".rejects.csv"), encoding: .utf8)
    return (Dictionary(uniqueKeysWithValues: incidents.map { ($0.id, $0.gridID) }), rejects)
  }

  @Test("every row resolves, and every rejected row fails for the same reason, as with the whole tables")
  func sameAsWholeTables() throws {
    let dir = try Fixtures.temporaryDirectory("ondemand")
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, text) in [
      ("grids.csv", Self.grids), ("grids.geojson", Self.boundaries), ("addresses.csv", Self.addresses),
      ("shops.csv", Self.shops), ("small.csv", Self.small),
    ] {
      _ = try IngestFixtures.write(text, to: dir, as: name)
    }
    let (whole, wholeRejects) = try Self.ingest([Self.district + ["small.csv"]], in: dir, db: "whole.sqlite")
    let (onDemand, onDemandRejects) = try Self.ingest(
      [Self.district, ["small.csv"]], in: dir, db: "ondemand.sqlite")
    #expect(onDemand == whole)
    #expect(onDemandRejects == wholeRejects)
    // The cases are the ones named: a square, the triangle over it, the second polygon, an address
    // prefix, a shop; and rejects for the unknown grid, the hole, the outside, the longer number…
    #expect(whole["N3"] == "G1" && whole["N4"] == "G3" && whole["N6"] == nil && whole["N7"] == "G3")
    // `长江路12号` and `长江路12` have one key: the first by stored key (`长江路12`) wins.
    #expect(whole["N9"] == "G3" && whole["N10"] == "G3" && whole["N11"] == "G2" && whole["N13"] == "G2")
    #expect(whole["N16"] == "G3")
    for id in ["N2", "N6", "N8", "N12", "N14", "N15", "N17"] {
      #expect(whole[id] == nil && wholeRejects.contains("\"\(id),"), "\(id) is rejected")
    }
  }
}
