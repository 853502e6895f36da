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
}
