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
    return try queue.read { db in
      var events = EventColumns()
      events.incidents = try db.incidentColumns(window: window, atShopsOnly: true)
      events.inspections = try db.inspectionColumns(window: window)
      return events
    }
  }
}
