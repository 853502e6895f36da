import Foundation
import Records
import Store
import TestSupport
import Testing

/// The nightly reads the district's parts and the shop roster without the events (it has them
/// from scoring): on a store on disk the two are read side by side on two connections, and must be
/// what the read with events gives.
@Suite("Patrol columns without events", .serialized)
struct PatrolColumnsWithoutEventsTests {
  @Test("the same streets, boundaries and roster as the read with events, and no events")
  func sameAsWithEvents() throws {
    let store = try Store(path: SmallDistrict.shared.ingestedStore("patrol-columns-no-events").path)
    try? FileManager.default.removeItem(atPath: store.path + ".scoring-inputs")
    for asOf in [Day(year: 2026, month: 6, day: 15), Day(year: 2026, month: 12, day: 31)] {
      let with = try store.loadPatrolColumns(asOf: asOf, parts: [.streets, .boundaries])
      let without = try store.loadPatrolColumns(asOf: asOf, parts: [.streets, .boundaries], events: false)
      #expect(!without.district.streets.isEmpty && !without.district.boundaries.isEmpty)
      #expect(without.district.streets == with.district.streets)
      #expect(without.district.boundaries == with.district.boundaries)
      let (a, b) = (without.shops, with.shops)
      #expect(a.count > 100)
      #expect(a.ids == b.ids && a.names == b.names && a.streetIDs == b.streetIDs && a.street == b.street)
      #expect(a.gridIDs == b.gridIDs && a.grid == b.grid && a.located == b.located)
      #expect(a.lon == b.lon && a.lat == b.lat && a.open == b.open)
      #expect(without.events.incidents.count == 0 && without.events.inspections.count == 0)
      #expect(with.events.inspections.count > 0)
    }
  }
}
