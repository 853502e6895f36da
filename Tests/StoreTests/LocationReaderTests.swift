import Foundation
import GRDB
import Records
import TestSupport
import Testing

@testable import Store

/// The location tables read one key at a time (`Store.LocationReader`), and the boundary boxes
/// the writer keeps beside the boundaries for it.
@Suite("Store: location tables read key by key, boundary boxes kept with boundaries")
struct LocationReaderTests {
  static func p(_ lon: Double, _ lat: Double) -> GeoPoint { GeoPoint(lon: lon, lat: lat) }

  /// A square of `size`° from (lon, lat), and a second polygon of two points (no area).
  static func boundary(_ id: String, lon: Double, lat: Double, size: Double = 0.01) -> GridBoundary {
    GridBoundary(
      gridID: id,
      polygons: [
        [[p(lon, lat), p(lon + size, lat), p(lon + size, lat + size), p(lon, lat + size)]],
        [[p(lon, lat), p(lon + size, lat)]],
      ])
  }

  static func put(_ boundaries: [GridBoundary], into store: Store, path: String) throws {
    try store.write { writer in
      try writer.beginFile(path: path, kind: "boundaries", contentHash: nil)
      for b in boundaries { try writer.put(b, fingerprint: "\(b.polygons)", line: 1) }
      try writer.endFile()
    }
  }

  static func holds(_ outer: GeoBox, _ inner: GeoBox) -> Bool {
    outer.minLon <= inner.minLon && outer.minLat <= inner.minLat && outer.maxLon >= inner.maxLon
      && outer.maxLat >= inner.maxLat
  }

  @Test("each boundary polygon with an area has a box holding it, replaced when the boundary changes")
  func boxesFollowBoundaries() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.put(
      [Self.boundary("B2", lon: 120.01, lat: 30), Self.boundary("B1", lon: 120, lat: 30)], into: store,
      path: "a")
    let reader = try #require(try store.locationReader())
    let boxes = try reader.boundaryBoxes()
    #expect(boxes.map(\.gridID) == ["B1", "B2"], "in grid id order; the two-point polygons have none")
    #expect(boxes.allSatisfy { $0.polygon == 0 })
    let own = try #require(GeoBox(ring: Self.boundary("B1", lon: 120, lat: 30).polygons[0][0]))
    #expect(Self.holds(boxes[0].box, own) && Self.holds(own.padded(by: 1e-5), boxes[0].box))

    // B1 moves east: its old box goes with its old geometry.
    try Self.put([Self.boundary("B1", lon: 121, lat: 30)], into: store, path: "b")
    let moved = try reader.boundaryBoxes()
    #expect(moved.count == 2)
    #expect(moved[0].gridID == "B1" && moved[0].box.minLon > 120.9)
    #expect(try reader.boundary("B1") == Self.boundary("B1", lon: 121, lat: 30))
    #expect(try reader.boundary("B9") == nil)
  }

  @Test("a store made before the boxes gains one for each boundary polygon it holds when opened")
  func olderStoreGainsBoxes() throws {
    let dir = try Fixtures.temporaryDirectory("store")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("y.sqlite").path
    do {
      let old = try DatabaseQueue(path: path)
      try Store.migrator.migrate(old, upTo: "incidents_by_shop: only incidents at shops")
      try old.write { db in
        try db.execute(
          sql: """
            INSERT INTO grid_boundaries(id, geometry, fingerprint) VALUES
            ('B1', '{"type":"MultiPolygon","coordinates":[[[[120,30],[120.01,30],[120.01,30.01],[120,30.01]]],[[[121,31],[121.01,31],[121,31.01]]]]}', 'f'),
            ('B2', '{"type":"Polygon","coordinates":[[[122,32],[122.01,32]]]}', 'f'),
            ('B3', 'edited by hand', 'f')
            """)
      }
    }
    let store = try Store(path: path)
    let boxes = try #require(try store.locationReader()).boundaryBoxes()
    #expect(
      boxes.map { "\($0.gridID)/\($0.polygon)" } == ["B1/0", "B1/1"], "none for no area or no geometry")
    #expect(boxes[1].box.minLon < 121 && boxes[1].box.maxLat > 31.01)
  }

  @Test("grids, addresses and shops are read by key, as last committed")
  func keys() throws {
    let (store, dir) = try StoreTestData.temporaryStore()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Store.inMemory().locationReader() == nil, "a store in memory has no second connection")
    let reader = try #require(try store.locationReader())
    #expect(try reader.hasGrids() == false)
    try store.write { writer in
      try writer.beginFile(path: "g", kind: "grids", contentHash: nil)
      for g in StoreTestData.grids { try writer.put(g, fingerprint: g.id, line: 1) }
      try writer.endFile()
      try writer.beginFile(path: "a", kind: "addresses", contentHash: nil)
      for (id, grid) in [("长江路12#", "G1"), ("长江路12", "G2"), ("长江路125#", "G2"), ("黄河路", "G1")] {
        try writer.put(AddressEntry(address: id, gridID: grid), id: id, fingerprint: id, line: 1)
      }
      try writer.endFile()
      try writer.beginFile(path: "s", kind: "shops", contentHash: nil)
      try writer.put(StoreTestData.shop, fingerprint: "s", line: 1)
      try writer.endFile()
    }
    #expect(try reader.hasGrids() && reader.gridExists("G2") && !reader.gridExists("G3"))
    #expect(try reader.gridIDs() == ["G1", "G2"])
    let range = try reader.addresses(from: "长江路12", below: "长江路12$", limit: 10)
    #expect(range.map(\.id) == ["长江路12", "长江路12#"], "byte order: '#' sorts before '5'")
    #expect(try reader.addresses(from: "", below: nil, limit: 1).map(\.id) == ["长江路12"])
    #expect(try reader.addresses().count == 4)
    #expect(try reader.shopGrid("SH1") == "G1" && reader.shopGrid("SH2") == nil)
    #expect(try reader.shopGrids() == ["SH1": "G1"])

    // Inside a write that has not committed, the reader still sees the store as it was.
    try store.write { writer in
      try writer.beginFile(path: "s2", kind: "shops", contentHash: nil)
      var moved = StoreTestData.shop
      moved.gridID = "G2"
      try writer.put(moved, fingerprint: "s2", line: 1)
      try writer.endFile()
      #expect(try reader.shopGrid("SH1") == "G1")
    }
    #expect(try reader.shopGrid("SH1") == "G2")
  }
}
