import Foundation
import Ingest
import Records
import Testing

/// A resolver that reads the store's tables key by key (`readingOnDemand`) gives every row the
/// grid, and every failure the reason, that a resolver built from the whole tables gives; and it
/// reads only the keys its rows name.
@Suite("Location resolution on demand: the whole tables' answers from the keys rows name")
struct OnDemandLocationTests {
  typealias Kit = IngestTestKit

  /// The location tables as a store keeps them: addresses by their normalized address (one entry
  /// per key, in byte order), boundary boxes grown by a margin; counting what is read.
  final class TableSource: LocationSource, @unchecked Sendable {
    let grids: Set<String>
    let boundaryList: [GridBoundary]
    let addressRows: [(id: String, entry: AddressEntry)]
    let shops: [String: String]
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    init(grids: Set<String>, boundaries: [GridBoundary], addresses: [AddressEntry], shops: [String: String]) {
      self.grids = grids
      boundaryList = boundaries.sorted { Array($0.gridID.utf8).lexicographicallyPrecedes($1.gridID.utf8) }
      var byID: [String: AddressEntry] = [:]
      for entry in addresses { byID[NormalizedRecord.address(entry).id] = entry }
      addressRows = byID.map { ($0.key, $0.value) }.sorted {
        Array($0.id.utf8).lexicographicallyPrecedes($1.id.utf8)
      }
      self.shops = shops
    }

    /// How many times each kind of read ran.
    func reads(_ name: String) -> Int {
      lock.lock()
      defer { lock.unlock() }
      return counts[name, default: 0]
    }
    private func count(_ name: String) {
      lock.lock()
      defer { lock.unlock() }
      counts[name, default: 0] += 1
    }

    /// The entries in id order, as the store reads them whole.
    var addressTable: [AddressEntry] { addressRows.map(\.entry) }

    func hasGrids() -> Bool { !grids.isEmpty }
    func gridExists(_ id: String) -> Bool {
      count("grid")
      return grids.contains(id)
    }
    func gridIDs() -> Set<String> {
      count("all grids")
      return grids
    }
    func boundaryBoxes() -> [(gridID: String, polygon: Int, box: GeoBox)] {
      boundaryList.flatMap { b in b.parts.map { (b.gridID, $0.polygon, $0.box.padded(by: 1e-6)) } }
    }
    func boundary(_ id: String) -> GridBoundary? {
      count("boundary")
      return boundaryList.first { $0.gridID == id }
    }
    func addresses(from lower: String, below upper: String?, limit: Int) -> [(id: String, gridID: String)] {
      count("address range")
      let rows = addressRows.filter { row in
        !Array(row.id.utf8).lexicographicallyPrecedes(lower.utf8)
          && (upper.map { Array(row.id.utf8).lexicographicallyPrecedes($0.utf8) } ?? true)
      }
      return rows.prefix(limit).map { ($0.id, $0.entry.gridID) }
    }
    func addresses() -> [AddressEntry] {
      count("all addresses")
      return addressTable
    }
    func shopGrid(_ id: String) -> String? {
      count("shop")
      return shops[id]
    }
    func shopGrids() -> [String: String] {
      count("all shops")
      return shops
    }
  }

  /// Squares of 0.01° from (120, 30), a triangle overlapping them, a grid of two polygons one of
  /// which has a hole, and a polygon of two points (no area).
  static let boundaries: [GridBoundary] = {
    var list = (0..<6).flatMap { c in
      (0..<6).map { r in Kit.square("G\(c)_\(r)", lon: 120 + Double(c) * 0.01, lat: 30 + Double(r) * 0.01) }
    }
    let p = { (lon: Double, lat: Double) in GeoPoint(lon: lon, lat: lat) }
    list.append(
      GridBoundary(gridID: "A_TRI", polygons: [[[p(120.005, 30.005), p(120.035, 30.012), p(120.02, 30.04)]]]))
    list.append(
      GridBoundary(
        gridID: "Z_TWO",
        polygons: [
          [
            [p(120.07, 30.0), p(120.09, 30.0), p(120.09, 30.02), p(120.07, 30.02)],
            [p(120.075, 30.005), p(120.085, 30.005), p(120.085, 30.015), p(120.075, 30.015)],
          ],
          [[p(120.07, 30.03), p(120.08, 30.03), p(120.075, 30.04)]],
          [[p(120.0, 30.07), p(120.01, 30.07)]],
        ]))
    return list
  }()

  static let addresses: [AddressEntry] = [
    AddressEntry(address: "长江路", gridID: "ROAD"), AddressEntry(address: "长江路12号", gridID: "A12"),
    AddressEntry(address: "长江路12", gridID: "A12B"), AddressEntry(address: "长江路1号", gridID: "A1"),
    AddressEntry(address: "黄河路３号", gridID: "H3"), AddressEntry(address: "号", gridID: "MARK"),
    AddressEntry(address: "Elm St. 5", gridID: "ELM"), AddressEntry(address: "黄河路3号2单元", gridID: "H3U2"),
  ]

  static let shops = ["P1": "G0_0", "P2": "G5_5", "P3": "Z_TWO"]
  static let grids = Set(boundaries.map(\.gridID) + ["ROAD", "A12"])

  static func source() -> TableSource {
    TableSource(grids: grids, boundaries: boundaries, addresses: addresses, shops: shops)
  }

  static func whole(_ source: TableSource) -> LocationResolver {
    LocationResolver(
      boundaries: source.boundaryList, addresses: source.addressTable, shopGrids: source.shops,
      knownGrids: source.grids.isEmpty ? nil : source.grids)
  }

  /// Random points over the district and around it, every vertex, and every edge's midpoint.
  static let points: [GeoPoint] = {
    var random = SplitMix64(seed: 11)
    var points = (0..<3000).map { _ in
      GeoPoint(
        lon: 119.995 + Double(random.uniform(below: 1_000_000)) * 1.1e-7,
        lat: 29.995 + Double(random.uniform(below: 1_000_000)) * 1.1e-7)
    }
    for b in boundaries {
      for ring in b.polygons.joined() {
        for (a, c) in zip(ring, ring.dropFirst() + ring.prefix(1)) {
          points.append(a)
          points.append(GeoPoint(lon: (a.lon + c.lon) / 2, lat: (a.lat + c.lat) / 2))
        }
      }
    }
    return points + [GeoPoint(lon: .nan, lat: 30), GeoPoint(lon: 0, lat: 0)]
  }()

  static let addressQueries = [
    "长江路12号3单元501室", "长江路１２号", "长江路 12号", "长江路12", "长江路1号", "长江路125号", "长江路", "长江",
    "黄河路3号2单元5室", "黄河路3号", "黄河路33号", "号", "号号", "ELM ST 5", "elm st. 57", "淮海路8号", "",
  ]

  @Test("every point, address, shop and grid id resolves as with the whole tables, whatever the budget")
  func sameAnswers() {
    for budget in [20_000, 3] {
      let source = Self.source()
      let whole = Self.whole(source)
      let onDemand = LocationResolver().readingOnDemand(.all, from: source, budget: budget)
      for p in Self.points {
        #expect(onDemand.grid(containing: p) == whole.grid(containing: p), "point \(p), budget \(budget)")
      }
      for a in Self.addressQueries {
        #expect(onDemand.grid(forAddress: a) == whole.grid(forAddress: a), "address \(a), budget \(budget)")
      }
      for shop in ["P1", "P2", "P3", "P4", ""] {
        #expect(onDemand.grid(ofShop: shop) == whole.grid(ofShop: shop))
      }
      for grid in Self.grids.sorted() + ["G9_9", "road", ""] {
        #expect(onDemand.isKnown(grid: grid) == whole.isKnown(grid: grid), "grid \(grid)")
      }
      #expect(onDemand.hasBoundaries && onDemand.hasAddresses)
    }
  }

  @Test(
    "the answers are not trivial: points land in squares, the triangle, both polygons of a grid, a hole, nowhere"
  )
  func answersCoverEveryCase() {
    let whole = Self.whole(Self.source())
    let found = Set(Self.points.map { whole.grid(containing: $0) ?? "none" })
    #expect(found.isSuperset(of: ["G0_0", "G5_5", "A_TRI", "Z_TWO", "none"]))
    #expect(whole.grid(containing: GeoPoint(lon: 120.08, lat: 30.01)) == nil, "inside the hole")
    #expect(whole.grid(containing: GeoPoint(lon: 120.075, lat: 30.035)) == "Z_TWO", "the second polygon")
    #expect(whole.grid(forAddress: "长江路12") == "A12B", "of two entries with one key, the first by key wins")
  }

  @Test("only the keys rows name are read: no whole table under the budget, the whole table past it")
  func readsOnlyNamedKeys() {
    let source = Self.source()
    let onDemand = LocationResolver().readingOnDemand(.all, from: source, budget: 100)
    _ = onDemand.grid(ofShop: "P1")
    _ = onDemand.grid(ofShop: "P1")
    _ = onDemand.grid(ofShop: "P2")
    #expect(source.reads("shop") == 2, "one read per new shop id")
    _ = onDemand.grid(containing: GeoPoint(lon: 120.015, lat: 30.025))
    #expect(source.reads("boundary") == 1, "only the polygon whose box holds the point")
    #expect(onDemand.grid(forAddress: "长江路12号3单元501室") == "A12B")
    #expect(source.reads("address range") <= 13, "at most one read per prefix of the address")
    #expect(
      source.reads("all addresses") == 0 && source.reads("all shops") == 0 && source.reads("all grids") == 0)

    let small = LocationResolver().readingOnDemand(.all, from: source, budget: 2)
    for shop in ["P1", "P2", "P3", "P4"] { _ = small.grid(ofShop: shop) }
    #expect(source.reads("all shops") == 1, "past the budget, the table is read whole once")
    #expect(small.grid(ofShop: "P3") == "Z_TWO")
  }

  @Test("an empty store accepts any grid id and reports no boundaries and no address table")
  func emptyStore() {
    let empty = TableSource(
      grids: [], boundaries: [], addresses: [AddressEntry(address: "号号", gridID: "X")], shops: [:])
    let onDemand = LocationResolver().readingOnDemand(.all, from: empty)
    let whole = Self.whole(empty)
    #expect(onDemand.isKnown(grid: "ANY") && whole.isKnown(grid: "ANY"))
    #expect(!onDemand.hasBoundaries && !whole.hasBoundaries)
    #expect(!onDemand.hasAddresses && !whole.hasAddresses, "a key of only 号 marks is no key")
    #expect(onDemand.grid(containing: GeoPoint(lon: 120, lat: 30)) == nil)
  }
}
