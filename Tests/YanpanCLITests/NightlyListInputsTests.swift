import Foundation
import Records
import Store
import TestSupport
import Testing

/// The nightly reads no roster and no events for its lists: it takes the shops and events scoring
/// read, and reads only the district's streets and boundaries (`Store.loadListDistrict`). What it
/// plans from must be what `yanpan patrol` reads from the tables.
@Suite("The nightly's lists read what scoring read", .serialized)
struct NightlyListInputsTests {
  @Test("the streets, boundaries and roster of a read from the tables, at a cut and after every record")
  func sameAsFromTables() throws {
    let store = try Store(path: SmallDistrict.shared.ingestedStore("nightly-list-inputs").path)
    for asOf in [Day(year: 2026, month: 6, day: 15), Day(year: 2026, month: 12, day: 31)] {
      try? FileManager.default.removeItem(atPath: store.path + ".scoring-inputs")
      try? FileManager.default.removeItem(atPath: store.path + ".scoring-inputs.changes")
      let fromTables = try store.loadPatrolColumns(asOf: asOf, parts: [.streets, .boundaries])
      let district = try store.loadListDistrict(asOf: asOf, parts: [.streets, .boundaries])
      #expect(!district.streets.isEmpty && !district.boundaries.isEmpty)
      #expect(district.streets == fromTables.district.streets)
      #expect(district.boundaries == fromTables.district.boundaries)
      #expect(district.shops.isEmpty)
      // Scoring's shops as a roster, read from the tables and then from the file it keeps.
      for _ in 0..<2 {
        let (a, b) = (ShopRoster(try store.loadScoringColumns(asOf: asOf).shops), fromTables.shops)
        #expect(a.count > 100)
        #expect(a.ids == b.ids && a.names == b.names && a.streetIDs == b.streetIDs && a.street == b.street)
        #expect(a.gridIDs == b.gridIDs && a.grid == b.grid && a.located == b.located)
        #expect(a.lon == b.lon && a.lat == b.lat && a.open == b.open)
      }
    }
  }
}
