import Foundation
import Patrol
import Records
import Store
import TestSupport
import Testing

/// Patrol reads the inspections and incidents at shops as columns (`Store.loadShopEvents`); what it
/// concludes of every shop must be what the records read one by one say.
@Suite("Shop activity read as columns equals that read as records", .serialized)
struct ShopActivityLoadTests {
  @Test("a synthetic district, at a cut inside its history and at its end")
  func synthetic() throws {
    let store = try Store(path: SmallDistrict.shared.ingestedStore("shop-activity").path)
    for asOf in [Day(year: 2026, month: 6, day: 15), Day(year: 2026, month: 12, day: 31)] {
      let records = try store.loadDistrict(asOf: asOf, parts: [.shops, .shopIncidents, .inspections])
      let fromRecords = ShopActivity(district: records, asOf: asOf)
      let fromColumns = ShopActivity(events: try store.loadShopEvents(asOf: asOf), asOf: asOf)
      #expect(Set(fromRecords.shopIDs) == Set(fromColumns.shopIDs))
      #expect(fromRecords.shopIDs.count > 100)
      let differing = records.shops.map(\.id).filter { fromRecords[$0] != fromColumns[$0] }
      #expect(differing.isEmpty, "\(differing.prefix(5))")
      // Read side by side on two connections (the store is on disk): the same shops and activity.
      let (district, events) = try store.loadPatrolInputs(asOf: asOf, parts: [.shops])
      #expect(district.shops == records.shops)
      let sideBySide = ShopActivity(events: events, asOf: asOf)
      #expect(records.shops.allSatisfy { sideBySide[$0.id] == fromColumns[$0.id] })
      // The cut leaves some hazards open and some shops with news.
      #expect(records.shops.contains { fromColumns[$0.id].rectifyDue != nil })
      #expect(records.shops.contains { fromColumns[$0.id].lastNews != nil })
    }
  }

  @Test("the shops and events scoring kept beside the store say the same of every shop as the tables")
  func fromKeptScoringInputs() throws {
    let store = try Store(path: SmallDistrict.shared.ingestedStore("shop-activity-kept").path)
    let asOf = Day(year: 2026, month: 6, day: 15)
    let kept = store.path + ".scoring-inputs"
    try? FileManager.default.removeItem(atPath: kept)
    let fromTables = try store.loadPatrolColumns(asOf: asOf, parts: [.streets])
    _ = try store.loadScoringColumns(asOf: asOf)
    #expect(FileManager.default.fileExists(atPath: kept))
    let fromFile = try store.loadPatrolColumns(asOf: asOf, parts: [.streets])
    // The file holds every incident (scoring reads them all), the tables' read only those at shops.
    #expect(fromFile.events.incidents.count > fromTables.events.incidents.count)
    #expect(fromFile.shops.ids == fromTables.shops.ids)
    #expect(rows(fromFile.shops) == rows(fromTables.shops))
    let a = ShopActivity(events: fromTables.events, asOf: asOf)
    let b = ShopActivity(events: fromFile.events, asOf: asOf)
    #expect(fromTables.shops.ids.allSatisfy { a[$0] == b[$0] })
    #expect(fromTables.shops.ids.contains { a[$0].rectifyDue != nil })
    // Another day is cut from the same file, and says the same of every shop as the tables.
    let next = asOf.advanced(by: 1)
    let later = try store.loadPatrolColumns(asOf: next, parts: [.streets])
    #expect(later.events.incidents.count > fromFile.events.incidents.count)
    try FileManager.default.removeItem(atPath: kept)
    let laterFromTables = try store.loadPatrolColumns(asOf: next, parts: [.streets])
    let c = ShopActivity(events: later.events, asOf: next)
    let d = ShopActivity(events: laterFromTables.events, asOf: next)
    #expect(laterFromTables.shops.ids.allSatisfy { c[$0] == d[$0] })
    #expect(rows(later.shops) == rows(laterFromTables.shops))
  }

  /// Each shop of `roster` as a list prints it: id, name, street, grid, place and status.
  private func rows(_ roster: ShopRoster) -> [String] {
    (0..<roster.count).map { i in
      let place = roster.location(at: i).map { "\($0.lon),\($0.lat)" } ?? "-"
      return [
        roster.ids[i], roster.names[i], roster.streetID(at: i), roster.gridID(at: i), place,
        "\(roster.open[i])",
      ]
      .joined(separator: "|")
    }
  }
}
