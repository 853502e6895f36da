import Foundation
import GRDB
import Records

extension Store {
  /// The records behind one grid's or shop's score, for `yanpan explain`.
  public struct Evidence: Sendable {
    /// Incidents in the grid, or at the shop.
    public var incidents: [Incident] = []
    /// Petitions in the grid (none for a shop: petitions are not tied to shops).
    public var petitions: [Petition] = []
    /// Inspections of the shop, or of the grid's shops.
    public var inspections: [Inspection] = []
    /// The grid's shops, or the shop itself.
    public var shops: [Shop] = []

    public init() {}
  }

  /// The records behind a grid or shop, newest first, with the same as-of rules as `loadDistrict`
  /// (nothing dated after `asOf`; later resolutions read as not yet happened).
  /// - Complexity: index range scans on `(grid_id, time)` / `(shop_id, time)`: O(log n + k).
  public func evidence(
    for entity: RiskScore.Entity, id: String, asOf: Day?, from: Day? = nil, timeZone: TimeZone = .district
  ) throws -> Evidence {
    let window = TimeWindow(asOf: asOf, from: from, timeZone: timeZone)
    return try queue.read { db in
      let key = entity == .grid ? "grid_id" : "shop_id"
      var evidence = Evidence()
      evidence.shops = try db.fetch(
        Shop.self,
        sql: RecordTable.shops.selectSQL + " WHERE \(entity == .grid ? "grid_id" : "id") = ? ORDER BY id"
      ) { $0.bind(id) }
      if let asOf { evidence.shops.removeAll { shop in shop.openedOn.map { $0 > asOf } ?? false } }
      evidence.incidents = try db.events(Incident.self, key: key, id: id, time: "occurred_at", window: window)
      if entity == .grid {
        evidence.petitions = try db.events(
          Petition.self, key: key, id: id, time: "received_at", window: window)
      }
      let shopIDs = entity == .grid ? evidence.shops.map(\.id) : [id]
      for shop in shopIDs {
        evidence.inspections += try db.events(
          Inspection.self, key: "shop_id", id: shop, time: "inspected_at", window: window)
      }
      evidence.inspections.sort { ($0.inspectedAt, $0.id) > ($1.inspectedAt, $1.id) }
      // The same as-of reading as loadDistrict: later outcomes are not yet known.
      evidence.incidents = evidence.incidents.map(window.asKnown)
      evidence.petitions = evidence.petitions.map(window.asKnown)
      evidence.inspections = evidence.inspections.map(window.asKnown)
      return evidence
    }
  }
}

extension Database {
  /// Events of one grid or shop inside the window, newest first.
  func events<R: StorableRecord>(_ type: R.Type, key: String, id: String, time: String, window: TimeWindow)
    throws
    -> [R]
  {
    var sql = R.table.selectSQL + " WHERE \(key) = ?"
    if window.end != nil { sql += " AND \(time) < ?" }
    if window.start != nil { sql += " AND \(time) >= ?" }
    sql += " ORDER BY \(time) DESC, id DESC"
    return try fetch(R.self, sql: sql) { statement in
      statement.bind(id)
      window.bind(to: statement)
    }
  }
}
