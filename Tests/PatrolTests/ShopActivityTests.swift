import Foundation
import Records
import Testing

@testable import Patrol

/// What the records say of each shop at the as-of date (`ShopActivity`), rule by rule, on
/// inspections and incidents written by hand.
@Suite("Shop activity at the as-of date")
struct ShopActivityTests {
  static let asOf = Day(year: 2024, month: 6, day: 1)
  static func noon(_ daysBefore: Int) -> Date { PatrolFixtures.noon(asOf.advanced(by: -daysBefore)) }
  static func day(_ daysBefore: Int) -> Day { asOf.advanced(by: -daysBefore) }

  static func activity(inspections: [Inspection], incidents: [Incident] = []) -> ShopActivity {
    var district = District()
    district.inspections = inspections
    district.incidents = incidents
    return ShopActivity(district: district, asOf: asOf)
  }

  @Test("the last inspection on or before the as-of day; one after it is not known yet")
  func lastInspected() {
    let a = Self.activity(inspections: [
      Inspection(id: "I1", inspectedAt: Self.noon(30), shopID: "A", hazardsFound: 0),
      Inspection(id: "I2", inspectedAt: Self.noon(3), shopID: "A", hazardsFound: 0),
      Inspection(id: "I3", inspectedAt: Self.noon(-2), shopID: "A", hazardsFound: 4),
    ])
    #expect(a["A"] == ShopActivity.Facts(lastInspected: Self.day(3), lastNews: nil, rectifyDue: nil))
    #expect(a["never-named"] == ShopActivity.Facts())
  }

  @Test("news is the latest incident at the shop or inspection that found hazards")
  func news() {
    let a = Self.activity(
      inspections: [
        Inspection(id: "I1", inspectedAt: Self.noon(20), shopID: "A", hazardsFound: 1, hazardsRectified: 1),
        Inspection(id: "I2", inspectedAt: Self.noon(5), shopID: "A", hazardsFound: 0),
      ],
      incidents: [
        Incident(id: "E1", occurredAt: Self.noon(9), category: "x", severity: 1, gridID: "G", shopID: "A"),
        Incident(id: "E2", occurredAt: Self.noon(2), category: "x", severity: 1, gridID: "G", shopID: "B"),
        Incident(id: "E3", occurredAt: Self.noon(1), category: "x", severity: 1, gridID: "G"),
        Incident(id: "E4", occurredAt: Self.noon(-1), category: "x", severity: 1, gridID: "G", shopID: "A"),
      ])
    #expect(a["A"].lastNews == Self.day(9))
    #expect(a["A"].lastInspected == Self.day(5))
    // A shop named only by an incident: news, never inspected.
    #expect(a["B"] == ShopActivity.Facts(lastInspected: nil, lastNews: Self.day(2), rectifyDue: nil))
  }

  @Test(
    "open hazards: the earliest deadline of those not rectified by the as-of day nor closed by a later clean visit"
  )
  func openHazards() {
    let due = { (daysBefore: Int) in Self.noon(daysBefore) }
    let a = Self.activity(inspections: [
      // A: two open findings; the earliest deadline counts.
      Inspection(id: "A1", inspectedAt: Self.noon(40), shopID: "A", hazardsFound: 2, rectifyDue: due(10)),
      Inspection(id: "A2", inspectedAt: Self.noon(30), shopID: "A", hazardsFound: 1, rectifyDue: due(20)),
      // B: marked rectified before the as-of day: closed; rectified after it: still open.
      Inspection(
        id: "B1", inspectedAt: Self.noon(40), shopID: "B", hazardsFound: 2, rectifyDue: due(25),
        rectifiedAt: Self.noon(28)),
      Inspection(
        id: "B2", inspectedAt: Self.noon(35), shopID: "B", hazardsFound: 1, rectifyDue: due(15),
        rectifiedAt: Self.noon(-3)),
      // C: a clean re-check the next day closes the finding; D: one on the same day does not.
      Inspection(id: "C1", inspectedAt: Self.noon(40), shopID: "C", hazardsFound: 1, rectifyDue: due(30)),
      Inspection(id: "C2", inspectedAt: Self.noon(39), shopID: "C", hazardsFound: 0),
      Inspection(id: "D1", inspectedAt: Self.noon(40), shopID: "D", hazardsFound: 1, rectifyDue: due(30)),
      Inspection(id: "D2", inspectedAt: Self.noon(40).addingTimeInterval(3600), shopID: "D", hazardsFound: 0),
      // E: all rectified, or no deadline: nothing open.
      Inspection(
        id: "E1", inspectedAt: Self.noon(40), shopID: "E", hazardsFound: 2, hazardsRectified: 2,
        rectifyDue: due(30)),
      Inspection(id: "E2", inspectedAt: Self.noon(35), shopID: "E", hazardsFound: 1),
    ])
    #expect(a["A"].rectifyDue == Self.day(20))
    #expect(a["B"].rectifyDue == Self.day(15))
    #expect(a["C"].rectifyDue == nil)
    #expect(a["C"].lastNews == Self.day(40))
    #expect(a["D"].rectifyDue == Self.day(30))
    #expect(a["E"].rectifyDue == nil)
    #expect(a["E"].lastNews == Self.day(35))
  }

  @Test("days are those of the zone the planner is given: 23:30 in Shanghai is 15:30 UTC the same day")
  func zone() {
    let late = Self.asOf.start(in: .district).addingTimeInterval(23.5 * 3600)
    let inspections = [Inspection(id: "I", inspectedAt: late, shopID: "A", hazardsFound: 0)]
    var district = District()
    district.inspections = inspections
    #expect(ShopActivity(district: district, asOf: Self.asOf)["A"].lastInspected == Self.asOf)
    // In Tokyo the same instant is already the next day, after the as-of day.
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    #expect(ShopActivity(district: district, asOf: Self.asOf, zone: tokyo)["A"].lastInspected == nil)
  }
}
