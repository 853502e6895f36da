import Foundation
import GRDB
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

  /// The inspections that, as known at the end of `asOf`, found hazards still open (found more
  /// than rectified, not marked rectified) past a rectification deadline that fell before `asOf`:
  /// what a night's summary lists as overdue. Read through a condition, not the whole table.
  public func overdueInspections(asOf: Day, timeZone: TimeZone = .district) throws -> [Inspection] {
    let window = TimeWindow(asOf: asOf, from: nil, timeZone: timeZone)
    let end = asOf.advanced(by: 1).start(in: timeZone).timeIntervalSince1970
    // A superset in SQL (a rectification after the cut reads as none), the exact rule on records.
    let also =
      "hazards_found > 0 AND rectify_due < \(end) AND (rectified_at IS NULL OR rectified_at >= \(end))"
    return try queue.read { db in
      var inspections = try db.all(Inspection.self, timeColumn: "inspected_at", window: window, also: also)
      window.makeKnown(&inspections, when: [{ $0.rectifiedAt }], window.asKnown)
      return inspections.filter { inspection in
        guard inspection.openHazards > 0, inspection.rectifiedAt == nil, let due = inspection.rectifyDue
        else {
          return false
        }
        return Day(due, in: timeZone) < asOf
      }
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
  func shopEvents(window: TimeWindow) throws -> EventColumns {
    var events = EventColumns()
    events.incidents = try incidentColumns(window: window, atShopsOnly: true)
    events.inspections = try inspectionColumns(window: window)
    return events
  }
}
