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
  ///
  /// `parts` names the tables to read (the others stay empty): a list that prints grids need not
  /// read a million shops, nor three years of events.
  ///
  /// Grids, adjacency, petitions and inspections are read on a second connection while shops and
  /// incidents are read on this one (two cores; `readSideBySide`, which reads again on one
  /// connection when an ingest commits in between).
  public func loadDistrict(
    asOf: Day?, from: Day? = nil, timeZone: TimeZone = .district, parts: DistrictParts = .all
  ) throws -> District {
    let window = TimeWindow(asOf: asOf, from: from, timeZone: timeZone)
    let second = parts.intersection([.grids, .adjacency, .petitions, .inspections])
    let first = parts.subtracting(second)
    let eventParts: DistrictParts = [.incidents, .shopIncidents, .petitions, .inspections]
    if !first.isEmpty, !second.isEmpty, !parts.isDisjoint(with: eventParts) {
      let (a, b) = try readSideBySide(
        { db in try db.loadDistrict(window: window, parts: first) },
        { db in try db.loadDistrict(window: window, parts: second) })
      var district = a
      district.grids = b.grids
      district.adjacency = b.adjacency
      district.petitions = b.petitions
      district.inspections = b.inspections
      return district
    }
    return try queue.read { db in try db.loadDistrict(window: window, parts: parts) }
  }

  /// A second, read-only connection to the store file, for reads that run beside `queue`'s.
  func readerConnection() throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.label = "yanpan.store.reader"
    configuration.readonly = true
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA cache_size = -65536")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    return try DatabaseQueue(path: path, configuration: configuration)
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

/// Which tables `Store.loadDistrict` reads.
public struct DistrictParts: OptionSet, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  public static let grids = DistrictParts(rawValue: 1 << 0)
  public static let adjacency = DistrictParts(rawValue: 1 << 1)
  public static let boundaries = DistrictParts(rawValue: 1 << 2)
  public static let streets = DistrictParts(rawValue: 1 << 3)
  public static let shops = DistrictParts(rawValue: 1 << 4)
  public static let incidents = DistrictParts(rawValue: 1 << 5)
  /// Only the incidents that name a shop (what a patrol plan reads); implied by `incidents`.
  public static let shopIncidents = DistrictParts(rawValue: 1 << 6)
  public static let petitions = DistrictParts(rawValue: 1 << 7)
  public static let inspections = DistrictParts(rawValue: 1 << 8)

  public static let all: DistrictParts = [
    .grids, .adjacency, .boundaries, .streets, .shops, .incidents, .petitions, .inspections,
  ]
  /// What scoring reads: everything but boundaries and streets.
  public static let scoring: DistrictParts = [
    .grids, .adjacency, .shops, .incidents, .petitions, .inspections,
  ]
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

  /// Replaces by `known(record)` the records with a later event (one of `dates`) set but not yet
  /// happened at the cut; the others, which `known` would return unchanged, are not touched.
  func makeKnown<R>(_ records: inout [R], when dates: [(R) -> Date?], _ known: (R) -> R) {
    guard end != nil else { return }
    for i in records.indices {
      let record = records[i]
      if dates.contains(where: { date in date(record).map { !hasHappened($0) } ?? false }) {
        records[i] = known(record)
      }
    }
  }

  /// Whether a later event (resolution, closure, rectification) had happened by the as-of cut.
  func hasHappened(_ date: Date?) -> Bool {
    guard let date else { return false }
    guard let end else { return true }
    return date.timeIntervalSince1970 < end
  }
}

extension Database {
  func loadDistrict(window: TimeWindow, parts: DistrictParts = .all) throws -> District {
    var district = District()
    if parts.contains(.grids) { district.grids = try all(Grid.self) }
    if parts.contains(.adjacency) { district.adjacency = try all(GridAdjacency.self) }
    if parts.contains(.boundaries) { district.boundaries = try all(GridBoundary.self) }
    if parts.contains(.streets) { district.streets = try all(Street.self) }
    if parts.contains(.shops) {
      district.shops = try all(Shop.self)
      if let asOf = window.asOf {
        district.shops.removeAll { shop in shop.openedOn.map { $0 > asOf } ?? false }
      }
    }
    if parts.contains(.incidents) {
      district.incidents = try all(Incident.self, timeColumn: "occurred_at", window: window)
    } else if parts.contains(.shopIncidents) {
      district.incidents = try all(
        Incident.self, timeColumn: "occurred_at", window: window, also: "shop_id IS NOT NULL")
    }
    // As known at the cut, changed in place: a copy of millions of records costs more than the read.
    window.makeKnown(&district.incidents, when: [{ $0.resolvedAt }], window.asKnown)
    if parts.contains(.petitions) {
      district.petitions = try all(Petition.self, timeColumn: "received_at", window: window)
      window.makeKnown(&district.petitions, when: [{ $0.closedAt }, { $0.acceptedAt }], window.asKnown)
    }
    if parts.contains(.inspections) {
      district.inspections = try all(Inspection.self, timeColumn: "inspected_at", window: window)
      window.makeKnown(&district.inspections, when: [{ $0.rectifiedAt }], window.asKnown)
    }
    return district
  }

  /// Every record of a table, in id order (or time order when a time window applies).
  /// `also` (optional) is one more `WHERE` condition, on time-windowed reads.
  func all<R: StorableRecord>(
    _ type: R.Type, timeColumn: String? = nil, window: TimeWindow? = nil, also: String? = nil
  ) throws -> [R] {
    var sql = R.table.selectSQL
    if let timeColumn, let window {
      var condition = window.condition(timeColumn)
      if let also { condition += condition.isEmpty ? " WHERE \(also)" : " AND \(also)" }
      sql += condition + " ORDER BY \(timeColumn), id"
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

  /// What changes whenever an ingest commits: the number of ingested files and the newest one.
  func ingestMark() throws -> Int64 {
    let row = try Row.fetchOne(self, sql: "SELECT count(*), coalesce(max(id), 0) FROM ingest_files")
    return (row?[0] as Int64? ?? 0) << 32 ^ (row?[1] as Int64? ?? 0)
  }

  /// Each shop's grid (a raw statement: a million shops would be a million GRDB rows).
  func shopGrids() throws -> [String: String] {
    let s = try PreparedStatement(self, sql: "SELECT id, grid_id FROM shops")
    defer { s.reset() }
    s.reset()
    var map: [String: String] = [:]
    while try s.next() { map[s.text(0)] = s.text(1) }
    return map
  }
}
