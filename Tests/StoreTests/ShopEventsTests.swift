import Foundation
import Records
import Store
import TestSupport
import Testing

/// What patrol and the nightly summary read of the inspections and incidents at shops.
@Suite("Shop events")
struct ShopEventsTests {
  static let asOf = Day(year: 2023, month: 5, day: 20)
  static func at(_ day: Int) -> Date { Fixtures.date(2023, 5, day, hour: 10) }

  static func store() throws -> Store {
    let store = try Store.inMemory()
    let inspections = [
      // Overdue: found, deadline past, never rectified.
      Inspection(id: "I1", inspectedAt: at(1), shopID: "A", hazardsFound: 2, rectifyDue: at(10)),
      // Rectified before the as-of day: closed.
      Inspection(
        id: "I2", inspectedAt: at(1), shopID: "B", hazardsFound: 1, rectifyDue: at(10), rectifiedAt: at(9)),
      // Rectified after it: still open as known then.
      Inspection(
        id: "I3", inspectedAt: at(2), shopID: "C", hazardsFound: 1, hazardsRectified: 1, rectifyDue: at(12),
        rectifiedAt: at(25)),
      // Deadline on the as-of day itself or later: not yet overdue.
      Inspection(id: "I4", inspectedAt: at(3), shopID: "D", hazardsFound: 1, rectifyDue: at(20)),
      // Inspected after the as-of day: not known yet.
      Inspection(
        id: "I5", inspectedAt: at(21), shopID: "E", hazardsFound: 1, rectifyDue: Fixtures.date(2023, 4, 1)),
      // Clean, or every hazard rectified without a date: nothing open.
      Inspection(id: "I6", inspectedAt: at(4), shopID: "F", hazardsFound: 0),
      Inspection(
        id: "I7", inspectedAt: at(4), shopID: "G", hazardsFound: 2, hazardsRectified: 2, rectifyDue: at(8)),
    ]
    try store.write { w in
      try w.beginFile(path: "fixture", kind: "inspections", contentHash: nil)
      for (k, i) in inspections.enumerated() { try w.put(i, fingerprint: i.id, line: k + 1) }
      try w.put(
        Incident(id: "E1", occurredAt: at(5), category: "x", severity: 1, gridID: "G1", shopID: "A"),
        fingerprint: "E1", line: 1)
      try w.put(
        Incident(id: "E2", occurredAt: at(6), category: "x", severity: 2, gridID: "G1"), fingerprint: "E2",
        line: 2)
      try w.put(
        Incident(id: "E3", occurredAt: at(22), category: "x", severity: 1, gridID: "G1", shopID: "B"),
        fingerprint: "E3", line: 3)
      try w.endFile()
    }
    return store
  }

  @Test("overdue inspections: open hazards past a deadline before the as-of day, as known on it")
  func overdue() throws {
    let overdue = try Self.store().overdueInspections(asOf: Self.asOf)
    #expect(overdue.map(\.id).sorted() == ["I1", "I3"])
    // I3's rectification comes after the cut: it reads as not yet rectified.
    #expect(overdue.first { $0.id == "I3" }?.openHazards == 1)
  }

  @Test("overdue inspections found through the inspection columns: the same, in the same order")
  func overdueAmongColumns() throws {
    let store = try Self.store()
    for day in [Self.asOf, Day(year: 2023, month: 5, day: 11), Day(year: 2023, month: 5, day: 30)] {
      let columns = try store.loadShopEvents(asOf: day).inspections
      #expect(try store.overdueInspections(asOf: day, among: columns) == store.overdueInspections(asOf: day))
    }
    #expect(
      try store.overdueInspections(asOf: Self.asOf, among: store.loadShopEvents(asOf: Self.asOf).inspections)
        .map(\.id) == ["I1", "I3"])
    // Columns that do not hold an inspection: it is not found.
    #expect(try store.overdueInspections(asOf: Self.asOf, among: EventColumns.Inspections()).isEmpty)
  }

  @Test("overdue inspections through the columns: shops inspected twice at once, ids not ASCII")
  func overdueAmongColumnsSameTime() throws {
    let store = try Store.inMemory()
    let due = Self.at(10)
    func put(_ inspections: [Inspection], file: String) throws {
      try store.write { w in
        try w.beginFile(path: file, kind: "inspections", contentHash: nil)
        for (k, i) in inspections.enumerated() { try w.put(i, fingerprint: i.id, line: k + 1) }
        try w.endFile()
      }
    }
    // Two inspections of one shop at one time, and one of another shop then: by time, then id.
    try put(
      [
        Inspection(id: "I9", inspectedAt: Self.at(1), shopID: "A", hazardsFound: 1, rectifyDue: due),
        Inspection(id: "I10", inspectedAt: Self.at(1), shopID: "A", hazardsFound: 3, rectifyDue: due),
        Inspection(id: "I2", inspectedAt: Self.at(1), shopID: "B", hazardsFound: 1, rectifyDue: due),
      ], file: "a")
    let found = try store.overdueInspections(
      asOf: Self.asOf, among: store.loadShopEvents(asOf: Self.asOf).inspections)
    #expect(found.map(\.id) == ["I10", "I2", "I9"])
    #expect(found == (try store.overdueInspections(asOf: Self.asOf)))
    // A shop id that is not ASCII: the same again (the table is scanned).
    try put(
      [Inspection(id: "I1", inspectedAt: Self.at(2), shopID: "店", hazardsFound: 1, rectifyDue: due)],
      file: "b")
    let all = try store.overdueInspections(
      asOf: Self.asOf, among: store.loadShopEvents(asOf: Self.asOf).inspections)
    #expect(all.map(\.id) == ["I10", "I2", "I9", "I1"])
    #expect(all == (try store.overdueInspections(asOf: Self.asOf)))
  }

  @Test("shop events: the incidents naming a shop and every inspection, up to the as-of day")
  func events() throws {
    let events = try Self.store().loadShopEvents(asOf: Self.asOf)
    #expect(events.incidents.count == 1)
    #expect(events.incidents.shopIDs == ["A"])
    #expect(events.inspections.count == 6)
    #expect(Set(events.inspections.shopIDs) == ["A", "B", "C", "D", "F", "G"])
    #expect(events.petitions.count == 0)
  }

  @Test("last inspections: each shop's latest inspection day up to the as-of day")
  func lastInspections() throws {
    let last = try Self.store().lastInspections(asOf: Self.asOf)
    let day = { (d: Int) in Day(year: 2023, month: 5, day: d) }
    #expect(last == ["A": day(1), "B": day(1), "C": day(2), "D": day(3), "F": day(4), "G": day(4)])
    #expect(try Self.store().lastInspections(asOf: Day(year: 2023, month: 5, day: 21))["E"] == day(21))
    // Asked for some shops: theirs only (a shop never inspected up to then has none).
    let some = try Self.store().lastInspections(asOf: Self.asOf, shops: ["C", "E", "Z"])
    #expect(some == ["C": day(2)])
  }
}
