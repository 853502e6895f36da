import Foundation
import GRDB
import GRDBSQLite
import Records

extension Store {
  /// What patrol planning reads of the events, as known at the end of `asOf` (the rules of
  /// `loadDistrict`): the incidents that name a shop and every inspection, as columns
  /// (`EventColumns`; `petitions` stays empty). A few numbers per row instead of a record each:
  /// at scale 100 that is 4 million inspections read without a `String` per row.
  /// - Complexity: one scan of the inspections, one of the incidents at shops (index on shop).
  public func loadShopEvents(asOf: Day, timeZone: TimeZone = .district) throws -> EventColumns {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    return try queue.read { db in try db.shopEvents(window: window) }
  }

  /// What a patrol plan reads: the district's `parts` (`loadDistrict`) and the shop events
  /// (`loadShopEvents`), read side by side on two connections, both as of the same commit.
  public func loadPatrolInputs(asOf: Day, parts: DistrictParts, timeZone: TimeZone = .district) throws -> (
    district: District, events: EventColumns
  ) {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    let (district, events) = try readSideBySide(
      { db in try db.loadDistrict(window: window, parts: parts) }, { db in try db.shopEvents(window: window) }
    )
    return (district, events)
  }

  /// The district's `parts` as patrol lists read them (`loadDistrict`), beside a roster read
  /// elsewhere: shops are not read as records even when `parts` names them, and streets are read
  /// without their members, which no list prints.
  public func loadListDistrict(asOf: Day, parts: DistrictParts, timeZone: TimeZone = .district) throws
    -> District
  {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    return try queue.read { db in try db.listDistrict(window: window, parts: parts) }
  }

  /// What a patrol plan reads, with the shops as columns: the district's `parts`
  /// (`loadListDistrict`), the shops as a `ShopRoster` (shops opened after `asOf` left out, as
  /// `loadDistrict` leaves them out) and the shop events (`loadShopEvents`). The inspections are
  /// read on a second connection beside the rest, both as of the same commit (`readSideBySide`).
  /// When scoring keeps the record tables' columns beside the store for a state of this store
  /// (`ScoringInputsCache`), the shops, incidents and inspections come from there instead, brought
  /// up to date and cut at `asOf` (every incident, not only those at shops: a plan reads the same
  /// of each shop).
  /// - Complexity: one scan of the shops, the inspections and the incidents at shops.
  public func loadPatrolColumns(
    asOf: Day, parts: DistrictParts, timeZone: TimeZone = .district
  ) throws -> (
    district: District, shops: ShopRoster, events: EventColumns
  ) {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    @Sendable func district(_ db: Database) throws -> District {
      try db.listDistrict(window: window, parts: parts)
    }
    // The shops and events scoring keeps beside the store (`ScoringInputsCache`), cut at this day,
    // when they hold a state of this store: only their shops, incidents and inspections, read
    // while the district is.
    if let kept = try keptScoringInputs(
      asOf: asOf, timeZone: timeZone, parts: .init(shops: true, petitions: false, keys: false),
      alongside: district)
    {
      return (kept.read, ShopRoster(kept.shops), kept.events)
    }
    // The inspections are the longest read: the incidents at shops go with the shops, so that the
    // two sides take about as long.
    let ((district, shops, incidents), inspections) = try readSideBySide(
      { db in
        (
          try district(db), try db.shopRoster(window: window),
          try db.incidentColumns(window: window, atShopsOnly: true)
        )
      }, { db in try db.inspectionColumns(window: window) })
    var events = EventColumns()
    events.incidents = incidents
    events.inspections = inspections
    return (district, shops, events)
  }

  /// The inspections that, as known at the end of `asOf`, found hazards still open (found more
  /// than rectified, not marked rectified) past a rectification deadline that fell before `asOf`:
  /// what a night's summary lists as overdue, by inspection time (then id). Read through a
  /// condition, not the whole table.
  /// - Complexity: one scan of the inspections (`overdueInspections(asOf:among:)` reads a few rows).
  public func overdueInspections(asOf: Day, timeZone: TimeZone = .district) throws -> [Inspection] {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    return try queue.read { db in
      Self.overdue(
        try db.all(
          Inspection.self, timeColumn: "inspected_at", window: window, also: Self.mayBeOverdue(window)),
        window: window, timeZone: timeZone)
    }
  }

  /// `overdueInspections(asOf:)`, found through `inspections`: the inspections as columns as this
  /// store holds them as of `asOf` (`loadShopEvents`, or what scoring read). The rows that may be
  /// overdue are picked there and only those read back, by shop and time (one index seek each),
  /// instead of a scan of the table: at scale 100, a few thousand rows of four million. The same
  /// inspections in the same order, as long as `inspections` are this store's as of `asOf` (an
  /// inspection not among them is not found). When some shop id is not ASCII (its text in the
  /// columns may be an equivalent spelling of the stored one), the table is scanned.
  /// - Complexity: O(inspections) in memory, O(k log k) for the k rows read back.
  public func overdueInspections(
    asOf: Day, among inspections: EventColumns.Inspections, timeZone: TimeZone = .district
  ) throws -> [Inspection] {
    guard inspections.shopIDs.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else {
      return try overdueInspections(asOf: asOf, timeZone: timeZone)
    }
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    let end = window.end!
    // `mayBeOverdue` on the columns (a missing deadline or rectification is NaN there, and a
    // rectification after the cut reads as none): each shop and time once.
    var keys: [(shop: Int32, time: Double)] = []
    for k in 0..<inspections.count
    where inspections.hazardsFound[k] > 0 && inspections.rectifyDue[k] < end && inspections.time[k] < end
      && !(inspections.rectifiedAt[k] < end)
    {
      keys.append((inspections.shop[k], inspections.time[k]))
    }
    keys.sort { ($0.shop, $0.time) < ($1.shop, $1.time) }
    let unique = keys.indices.filter { $0 == 0 || keys[$0 - 1] != keys[$0] }.map { keys[$0] }
    return try queue.read { db in
      let s = try PreparedStatement(
        db,
        sql: Inspection.table.selectSQL + " WHERE shop_id = ? AND inspected_at = ? AND "
          + Self.mayBeOverdue(window))
      defer { s.reset() }
      var found: [Inspection] = []
      for key in unique {
        s.reset()
        s.bind(inspections.shopIDs[Int(key.shop)])
        s.bind(key.time)
        while try s.next() { found.append(Inspection(row: s)) }
      }
      // As the scan orders them: by time, then id in the store's (binary) order.
      found.sort { a, b in
        a.inspectedAt != b.inspectedAt
          ? a.inspectedAt < b.inspectedAt : a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
      }
      return Self.overdue(found, window: window, timeZone: timeZone)
    }
  }

  /// A superset of the overdue inspections as an SQL condition: hazards found, a deadline before
  /// the end of the cut's day, not rectified by then (a rectification after the cut reads as none).
  private static func mayBeOverdue(_ window: TimeWindow) -> String {
    let end = window.end ?? .infinity
    return "hazards_found > 0 AND rectify_due < \(end) AND (rectified_at IS NULL OR rectified_at >= \(end))"
  }

  /// The overdue ones of `inspections` (`mayBeOverdue`), by the exact rule on records as known at
  /// the window's cut.
  private static func overdue(_ inspections: [Inspection], window: TimeWindow, timeZone: TimeZone)
    -> [Inspection]
  {
    var inspections = inspections
    window.makeKnown(&inspections, when: [{ $0.rectifiedAt }], window.asKnown)
    guard let asOf = window.asOf else { return [] }
    return inspections.filter { inspection in
      guard inspection.openHazards > 0, inspection.rectifiedAt == nil, let due = inspection.rectifyDue else {
        return false
      }
      return Day(due, in: timeZone) < asOf
    }
  }

  /// Each shop's latest inspection day on or before `asOf` (the `last_inspected` of shop lists):
  /// one pass over the (shop, time) index, no record read. `shops`: only these, one index seek
  /// each.
  public func lastInspections(asOf: Day, shops: [String]? = nil, timeZone: TimeZone = .district) throws
    -> [String: Day]
  {
    let end = asOf.advanced(by: 1).start(in: timeZone).timeIntervalSince1970
    if let shops {
      return try queue.read { db in
        let s = try PreparedStatement(
          db, sql: "SELECT MAX(inspected_at) FROM inspections WHERE shop_id = ? AND inspected_at < ?")
        defer { s.reset() }
        var last: [String: Day] = [:]
        for shop in shops {
          s.reset()
          s.bind(shop)
          s.bind(end)
          if try s.next(), let time = s.optionalDate(0) { last[shop] = Day(time, in: timeZone) }
        }
        return last
      }
    }
    return try queue.read { db in
      let s = try PreparedStatement(
        db, sql: "SELECT shop_id, MAX(inspected_at) FROM inspections WHERE inspected_at < ? GROUP BY shop_id")
      defer { s.reset() }
      s.reset()
      s.bind(end)
      var rows: [(String, Double)] = []
      while try s.next() { rows.append((s.text(0), s.double(1))) }
      let calendar = DayCalendar(
        zone: timeZone, from: rows.lazy.map(\.1).min() ?? end, to: end)
      var last: [String: Day] = [:]
      last.reserveCapacity(rows.count)
      for (shop, time) in rows { last[shop] = calendar.day(time) }
      return last
    }
  }
}

extension Database {
  /// `Store.loadListDistrict`: the district's `parts`, shops left out and streets without their
  /// members.
  func listDistrict(window: TimeWindow, parts: DistrictParts) throws -> District {
    var district = try loadDistrict(window: window, parts: parts.subtracting([.shops, .streets]))
    if parts.contains(.streets) { district.streets = try teamStreets() }
    return district
  }

  /// The shops as a roster, in key order, as known at the cut: shops opened after it left out
  /// (the rules of `Shop`'s stored form: a location when both coordinates are stored, open unless
  /// the status is `closed`).
  func shopRoster(window: TimeWindow) throws -> ShopRoster {
    let s = try PreparedStatement(
      self, sql: "SELECT id, name, street_id, grid_id, lon, lat, opened_on, status FROM shops ORDER BY id")
    s.reset()
    defer { s.reset() }
    var roster = ShopRoster()
    var streets = TextInterner()
    var grids = TextInterner()
    let asOf = window.asOf
    while try s.next() {
      if let asOf, let opened = s.day(6), opened > asOf { continue }
      roster.ids.append(s.text(0))
      roster.names.append(s.text(1))
      roster.street.append(streets.number(s, 2))
      roster.grid.append(grids.number(s, 3))
      let (lon, lat) = (s.optionalDouble(4), s.optionalDouble(5))
      roster.located.append(lon != nil && lat != nil)
      roster.lon.append(lon ?? 0)
      roster.lat.append(lat ?? 0)
      roster.open.append(!s.isClosedStatus(7))
    }
    roster.streetIDs = streets.finish(&roster.street)
    roster.gridIDs = grids.finish(&roster.grid)
    return roster
  }

  /// The streets in key order as `loadDistrict` reads them, but with no members (their list is
  /// not parsed: a district of ten thousand teams spends longer on it than on the rest).
  func teamStreets() throws -> [Street] {
    let s = try PreparedStatement(
      self, sql: "SELECT id, name, subdistrict_id, chief, partner, daily_capacity FROM streets ORDER BY id")
    s.reset()
    defer { s.reset() }
    var streets: [Street] = []
    while try s.next() {
      streets.append(
        Street(
          id: s.text(0), name: s.text(1), subdistrictID: s.text(2), chief: s.text(3),
          partner: s.optionalText(4),
          dailyCapacity: s.int(5)))
    }
    return streets
  }

  func shopEvents(window: TimeWindow) throws -> EventColumns {
    var events = EventColumns()
    events.incidents = try incidentColumns(window: window, atShopsOnly: true)
    events.inspections = try inspectionColumns(window: window)
    return events
  }
}

extension PreparedStatement {
  /// Whether column `column` of the current row is the text `closed` (as `Shop.Status(rawValue:)
  /// ?? .open` reads a shop's status: open unless `closed`).
  fileprivate func isClosedStatus(_ column: Int32) -> Bool {
    guard let bytes = sqlite3_column_text(handle, column) else { return false }
    let closed = "closed"
    return Int(sqlite3_column_bytes(handle, column)) == closed.utf8.count
      && closed.utf8.elementsEqual(UnsafeBufferPointer(start: bytes, count: closed.utf8.count))
  }
}
