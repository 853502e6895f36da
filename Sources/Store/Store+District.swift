import Foundation
import GRDB
import Records

extension Store {
  /// Everything scoring needs, as it was known at the end of `asOf` (nil: everything stored).
  ///
  /// Nothing dated after the as-of day is used (CONTRACT.md §2 `--as-of`):
  /// - incidents, petitions and inspections happening after it (`occurred_at`, `received_at`,
  ///   `inspected_at`) are left out, and so are shops opened after it;
  /// - what happened to a kept record after it reads as not yet happened: an incident resolved
  ///   later is open (`resolvedAt` nil, status `open`), a petition closed later is open with
  ///   satisfaction unknown, an inspection's hazards rectified later are unrectified
  ///   (`rectifiedAt` nil, `hazardsRectified` 0).
  ///
  /// `from` (optional) also leaves out events before that day, for models with a bounded look-back.
  /// The day boundaries are midnights in `timeZone` (the district's zone by default).
  ///
  /// - Complexity: one scan of each record table, O(n), with events read through their time order.
  public func loadDistrict(asOf: Day?, from: Day? = nil, timeZone: TimeZone = .district) throws -> District {
    try queue.read { db in
      try db.loadDistrict(window: TimeWindow(asOf: asOf, from: from, timeZone: timeZone))
    }
  }

  /// The ids of every stored grid (for resolving `grid_id` columns).
  public func gridIDs() throws -> Set<String> { try queue.read { try $0.gridIDs() } }
  /// Every stored grid boundary (for resolving lon/lat to a grid).
  public func boundaries() throws -> [GridBoundary] { try queue.read { try $0.all(GridBoundary.self) } }
  /// The address table (for resolving an address to a grid).
  public func addresses() throws -> [AddressEntry] { try queue.read { try $0.all(AddressEntry.self) } }
  /// Each stored shop's grid (for placing records that name only a shop).
  public func shopGrids() throws -> [String: String] { try queue.read { try $0.shopGrids() } }
}

extension Store.Writer {
  /// The ids of every grid stored so far in this transaction's view (including this run's files).
  public func gridIDs() throws -> Set<String> { try db.gridIDs() }
  public func boundaries() throws -> [GridBoundary] { try db.all(GridBoundary.self) }
  public func addresses() throws -> [AddressEntry] { try db.all(AddressEntry.self) }
  public func shopGrids() throws -> [String: String] { try db.shopGrids() }
}

/// The as-of cut and optional look-back start, as instants.
struct TimeWindow {
  /// Events at or after this instant are in the future (the midnight after the as-of day).
  var end: Double?
  /// Events before this instant are before the look-back window.
  var start: Double?
  var asOf: Day?

  init(asOf: Day?, from: Day?, timeZone: TimeZone) {
    self.asOf = asOf
    end = asOf.map { $0.advanced(by: 1).start(in: timeZone).timeIntervalSince1970 }
    start = from.map { $0.start(in: timeZone).timeIntervalSince1970 }
  }

  /// `WHERE` text for a time column, with `?` for `bind(to:)`.
  func condition(_ column: String) -> String {
    var parts: [String] = []
    if end != nil { parts.append("\(column) < ?") }
    if start != nil { parts.append("\(column) >= ?") }
    return parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND ")
  }

  func bind(to statement: PreparedStatement) {
    if let end { statement.bind(end) }
    if let start { statement.bind(start) }
  }

  /// The incident as known at the as-of cut: resolved later reads as open, not yet resolved.
  func asKnown(_ incident: Incident) -> Incident {
    var i = incident
    if i.resolvedAt != nil, !hasHappened(i.resolvedAt) {
      i.resolvedAt = nil
      i.status = .open
    }
    return i
  }

  /// The petition as known at the as-of cut: closed later reads as open, satisfaction unknown;
  /// accepted later reads as not yet accepted.
  func asKnown(_ petition: Petition) -> Petition {
    var p = petition
    if p.closedAt != nil, !hasHappened(p.closedAt) {
      p.closedAt = nil
      p.satisfied = .unknown
    }
    if p.acceptedAt != nil, !hasHappened(p.acceptedAt) { p.acceptedAt = nil }
    return p
  }

  /// The inspection as known at the as-of cut: hazards rectified later are still open.
  func asKnown(_ inspection: Inspection) -> Inspection {
    var i = inspection
    if i.rectifiedAt != nil, !hasHappened(i.rectifiedAt) {
      i.rectifiedAt = nil
      i.hazardsRectified = 0
    }
    return i
  }

  /// Whether a later event (resolution, closure, rectification) had happened by the as-of cut.
  func hasHappened(_ date: Date?) -> Bool {
    guard let date else { return false }
    guard let end else { return true }
    return date.timeIntervalSince1970 < end
  }
}

extension Database {
  func loadDistrict(window: TimeWindow) throws -> District {
    var district = District()
    district.grids = try all(Grid.self)
    district.adjacency = try all(GridAdjacency.self)
    district.boundaries = try all(GridBoundary.self)
    district.streets = try all(Street.self)
    district.shops = try all(Shop.self)
    if let asOf = window.asOf {
      district.shops.removeAll { shop in shop.openedOn.map { $0 > asOf } ?? false }
    }
    district.incidents = try all(Incident.self, timeColumn: "occurred_at", window: window).map(window.asKnown)
    district.petitions = try all(Petition.self, timeColumn: "received_at", window: window).map(window.asKnown)
    district.inspections = try all(Inspection.self, timeColumn: "inspected_at", window: window).map(
      window.asKnown)
    return district
  }

  /// Every record of a table, in id order (or time order when a time window applies).
  func all<R: StorableRecord>(_ type: R.Type, timeColumn: String? = nil, window: TimeWindow? = nil) throws
    -> [R]
  {
    var sql = R.table.selectSQL
    if let timeColumn, let window {
      sql += window.condition(timeColumn) + " ORDER BY \(timeColumn), id"
    } else {
      sql += " ORDER BY id"
    }
    return try fetch(R.self, sql: sql) { window?.bind(to: $0) }
  }

  /// Records read by a `RecordTable.selectSQL`-shaped query, after `bind` binds its parameters.
  func fetch<R: StorableRecord>(_ type: R.Type, sql: String, bind: (PreparedStatement) -> Void) throws -> [R]
  {
    let statement = try PreparedStatement(self, sql: sql)
    statement.reset()
    bind(statement)
    var records: [R] = []
    while try statement.next() {
      records.append(try R(row: statement))
    }
    statement.reset()
    return records
  }

  func gridIDs() throws -> Set<String> {
    Set(try String.fetchAll(self, sql: "SELECT id FROM grids"))
  }

  func shopGrids() throws -> [String: String] {
    var map: [String: String] = [:]
    for row in try Row.fetchAll(self, sql: "SELECT id, grid_id FROM shops") {
      map[row[0]] = row[1]
    }
    return map
  }
}
