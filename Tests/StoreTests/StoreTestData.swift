import Foundation
import Records
import Store
import TestSupport

/// Small hand-made records for the store tests.
enum StoreTestData {
  static let grids = [
    Grid(id: "G1", name: "一网格", subdistrictID: "S1", communityID: "C1", households: 350),
    Grid(id: "G2", name: "二网格", subdistrictID: "S1", communityID: "C1", kind: .rural, households: 50),
  ]

  static let shop = Shop(
    id: "SH1", name: "老王烧烤", streetID: "ST1", gridID: "G1", category: "shop.restaurant",
    flags: ["food", "crowded"], location: GeoPoint(lon: 116.4, lat: 39.9),
    openedOn: Day(year: 2020, month: 1, day: 2))

  static func incident(
    _ id: String, day: Int, grid: String = "G1", resolvedDay: Int? = nil, shop: String? = nil
  )
    -> Incident
  {
    Incident(
      id: id, occurredAt: Fixtures.date(2023, 5, day, hour: 14), category: "dispute.neighbor", severity: 2,
      gridID: grid, shopID: shop, status: resolvedDay == nil ? .open : .resolved,
      resolvedAt: resolvedDay.map { Fixtures.date(2023, 5, $0, hour: 9) }, source: "110")
  }

  static func petition(_ id: String, day: Int, key: String = "k-3f9a", closedDay: Int? = nil) -> Petition {
    Petition(
      id: id, receivedAt: Fixtures.date(2023, 5, day), channel: .visit, category: "petition.housing",
      petitionerKey: key, gridID: "G1", closedAt: closedDay.map { Fixtures.date(2023, 5, $0) },
      satisfied: closedDay == nil ? .unknown : .yes)
  }

  static func inspection(_ id: String, day: Int, rectifiedDay: Int? = nil) -> Inspection {
    Inspection(
      id: id, inspectedAt: Fixtures.date(2023, 5, day), shopID: "SH1", inspector: "李", hazardsFound: 2,
      majorHazards: 1, hazardsRectified: rectifiedDay == nil ? 0 : 2,
      rectifyDue: Fixtures.date(2023, 5, day + 7),
      rectifiedAt: rectifiedDay.map { Fixtures.date(2023, 5, $0) })
  }

  /// A content fingerprint for tests: the value's full description (stable within one process for
  /// records without sets; shops get their flags sorted first).
  static func fingerprint(_ value: Any) -> String {
    if let shop = value as? Shop {
      return "shop|\(shop.id)|\(shop.name)|\(shop.flags.sorted())|\(shop.category)|\(shop.gridID)"
    }
    return String(reflecting: value)
  }

  /// A store in a fresh temporary directory; the directory is removed by `cleanup`.
  static func temporaryStore() throws -> (store: Store, directory: URL) {
    let dir = try Fixtures.temporaryDirectory("store")
    return (try Store(path: dir.appendingPathComponent("y.sqlite").path), dir)
  }

  /// Writes `incidents` as one file's ledger and returns it.
  @discardableResult
  static func ingest(_ incidents: [Incident], into store: Store, path: String = "incidents.csv") throws
    -> Store.Ledger
  {
    try store.write { writer in
      try writer.beginFile(path: path, kind: "incidents", contentHash: nil)
      for (n, incident) in incidents.enumerated() {
        try writer.put(incident, fingerprint: fingerprint(incident), line: n + 2)
      }
      return try writer.endFile()
    }
  }
}
