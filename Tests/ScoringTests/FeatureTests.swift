import Foundation
import LinearAlgebra
import Records
import TestSupport
import Testing

@testable import Scoring

@Suite("Features at an as-of day, on a hand-built district")
struct FeatureTests {
  let prepared = PreparedDistrict(TinyDistrict.district, asOf: TinyDistrict.asOf, taxonomy: Fixtures.taxonomy)
  let tolerance = 1e-9

  func features() -> (grids: FeatureMatrix, shops: FeatureMatrix) {
    prepared.builder.build(at: TinyDistrict.asOf, nearRepeat: nil, horizon: 30)
  }

  func value(_ m: FeatureMatrix, _ name: String, _ row: Int) -> Double {
    m.values[row, m.column(named: name)!]
  }

  func shown(_ m: FeatureMatrix, _ name: String, _ row: Int) -> Double {
    m.display[row, m.column(named: name)!]
  }

  @Test("an event a days old weighs 2^(−a/h); window counts count the last h days")
  func decayedCounts() {
    let (g, _) = features()
    // A: fight (age 0), dispute (age 10), fire (age 3).
    let expected30 = 1 + pow(2, -10.0 / 30) + pow(2, -3.0 / 30)
    #expect(abs(value(g, "incidents.all.hl30", 0) - expected30) < tolerance)
    #expect(shown(g, "incidents.all.hl7", 0) == 2)
    #expect(shown(g, "incidents.all.hl30", 0) == 3)
    #expect(abs(value(g, "incidents.violence.hl7", 0) - 1) < tolerance)
    // Severity ≥ 2 in A: the fight (0) and the fire (3); ≥ 3: the fire.
    #expect(abs(value(g, "incidents.severe.hl7", 0) - (1 + pow(2, -3.0 / 7))) < tolerance)
    #expect(abs(value(g, "incidents.major.hl180", 0) - pow(2, -3.0 / 180)) < tolerance)
    // B: theft at 40 days is outside the 30-day window but decayed in.
    #expect(shown(g, "incidents.property.hl30", 1) == 0)
    #expect(abs(value(g, "incidents.property.hl30", 1) - pow(2, -40.0 / 30)) < tolerance)
    // C: the gas leak at 200 days counts only at the 180-day half-life, not in its window.
    #expect(abs(value(g, "incidents.safety.hl180", 2) - pow(2, -200.0 / 180)) < tolerance)
    #expect(shown(g, "incidents.safety.hl180", 2) == 0)
  }

  @Test("open disputes are those not resolved by the as-of day")
  func openDisputes() {
    let (g, _) = features()
    #expect(value(g, "disputes.open", 0) == 1)  // I2, never resolved
    #expect(value(g, "disputes.open", 1) == 1)  // I6 resolved after the as-of day; I5 before it
    #expect(value(g, "disputes.open", 2) == 0)
  }

  @Test("petitions: repeats within 90 days, collective, overdue, late and unsatisfied")
  func petitions() {
    let (g, _) = features()
    // k1 petitioned at 80, 30 and 2 days (and 120, outside the window): 2 repeats.
    #expect(value(g, "petitions.repeat.d90", 0) == 2)
    #expect(value(g, "petitions.repeat.d90", 1) == 0)
    #expect(shown(g, "petitions.collective.hl180", 1) == 1)
    #expect(abs(value(g, "petitions.collective.hl180", 1) - pow(2, -50.0 / 180)) < tolerance)
    #expect(value(g, "petitions.overdue", 1) == 1)  // P5: due 20 days ago, open
    #expect(value(g, "petitions.overdue", 0) == 0)  // P3 is not due yet
    #expect(shown(g, "petitions.late.hl180", 2) == 1)  // P6 closed 10 days after due
    #expect(shown(g, "petitions.unsatisfied.hl180", 2) == 1)
    #expect(shown(g, "petitions.hl30", 0) == 1)
    #expect(shown(g, "petitions.hl180", 0) == 4)
  }

  @Test("及时受理: a notice more than 15 days after receipt, or none on an open petition, is late")
  func timelyAcceptance() {
    var district = TinyDistrict.district
    func notice(_ id: String, _ daysAgo: Int) {
      let k = district.petitions.firstIndex { $0.id == id }!
      district.petitions[k].acceptedAt = TinyDistrict.ago(daysAgo)
    }
    notice("P1", 60)  // received 80 days ago, told 20 days later: late since day 16, 64 days ago
    notice("P2", 25)  // received 30 days ago, told after 5 days: in time
    // P4 (A, received 120 days ago, open, no notice): late since 104 days ago.
    // P5 (B, received 50 days ago, open, no notice): late since 34 days ago. P6 (C) was closed
    // without a recorded notice: unknown, not counted. P3 (2 days ago) is not late yet.
    let g = PreparedDistrict(district, asOf: TinyDistrict.asOf, taxonomy: Fixtures.taxonomy).builder
      .build(at: TinyDistrict.asOf, nearRepeat: nil, horizon: 30).grids
    #expect(shown(g, "petitions.accepted_late.hl180", 0) == 2)
    let a = pow(2, -64.0 / 180) + pow(2, -104.0 / 180)
    #expect(abs(value(g, "petitions.accepted_late.hl180", 0) - a) < tolerance)
    #expect(shown(g, "petitions.accepted_late.hl180", 1) == 1)
    #expect(abs(value(g, "petitions.accepted_late.hl180", 1) - pow(2, -34.0 / 180)) < tolerance)
    #expect(shown(g, "petitions.accepted_late.hl180", 2) == 0)
  }

  @Test("without any acceptance notice in the source, nothing counts as accepted late")
  func acceptanceNotRecorded() {
    let (g, _) = features()
    for row in 0..<3 { #expect(value(g, "petitions.accepted_late.hl180", row) == 0) }
  }

  @Test("hazards: open, overdue, days overdue, recurrence after rectification, fed to the grid")
  func hazards() {
    let (g, s) = features()
    #expect(value(s, "shop.open_hazards", 0) == 2)
    #expect(value(s, "shop.overdue_hazards", 0) == 2)
    #expect(value(s, "shop.overdue_days", 0) == 5)
    #expect(value(s, "shop.days_since_inspection", 0) == 20)
    #expect(value(s, "shop.days_since_inspection", 1) == FeatureBuilder.inspectionCap)
    #expect(shown(s, "shop.hazards.hl180", 0) == 3)
    #expect(shown(s, "shop.major_hazards.hl180", 0) == 1)
    // The fire at S1, 3 days ago, came 7 days after the rectification 10 days ago.
    #expect(value(s, "shop.recurrence.d90", 0) == 1)
    #expect(value(s, "shop.incidents.hl30", 0) == pow(2, -3.0 / 30))
    // The shop's hazards feed grid A.
    #expect(value(g, "shops.overdue_hazards", 0) == 2)
    #expect(value(g, "shops.recurrence.d90", 0) == 1)
    #expect(value(g, "shops.key", 0) == 1)
    #expect(value(g, "shops.key", 1) == 0)
  }

  @Test("shop category and flags; the grid's context feeds the shop")
  func shopContext() {
    let (g, s) = features()
    #expect(value(s, "shop.flag.food", 0) == 1)
    #expect(value(s, "shop.flag.hazmat", 0) == 0)
    #expect(value(s, "shop.flag.hazmat", 1) == 1)
    #expect(value(s, "shop.category.severity", 1) == 4)  // fuel
    #expect(value(s, "shop.new", 0) == 1)  // opened 100 days ago
    #expect(value(s, "shop.new", 1) == 0)
    #expect(value(s, "grid.incidents.all.hl30", 0) == value(g, "incidents.all.hl30", 0))
    #expect(value(s, "grid.incidents.all.hl30", 1) == value(g, "incidents.all.hl30", 2))
  }

  @Test("spatial lag is the neighbours' mean; sentences quote the neighbours' sum")
  func spatialLag() {
    let (g, _) = features()
    let a = value(g, "incidents.all.hl30", 0)
    let b = value(g, "incidents.all.hl30", 1)
    let c = value(g, "incidents.all.hl30", 2)
    #expect(abs(value(g, "lag.incidents.hl30", 1) - (a + c) / 2) < tolerance)
    #expect(abs(value(g, "lag.incidents.hl30", 0) - b) < tolerance)
    #expect(shown(g, "lag.incidents.hl7", 1) == 2)  // A's two incidents in the last 7 days
  }

  @Test("grids roll up to communities and subdistricts")
  func rollUp() {
    let (g, _) = features()
    let a = value(g, "incidents.all.hl30", 0)
    let b = value(g, "incidents.all.hl30", 1)
    let c = value(g, "incidents.all.hl30", 2)
    #expect(abs(value(g, "community.incidents.hl30", 0) - (a + b) / 2) < tolerance)
    #expect(abs(value(g, "community.incidents.hl30", 2) - c) < tolerance)
    #expect(abs(value(g, "subdistrict.incidents.hl30", 1) - (a + b + c) / 3) < tolerance)
  }

  @Test("the shop matrix of some shops holds exactly those rows of every shop's matrix, in their order")
  func pickedShops() {
    let all = features().shops
    let rows = Array((0..<all.rows).reversed().prefix(2))
    let picked = prepared.builder.build(at: TinyDistrict.asOf, nearRepeat: nil, horizon: 30, shopRows: rows)
      .shops
    #expect(picked.rows == rows.count)
    #expect(picked.names == all.names)
    #expect(picked.values == all.selectingRows(rows).values)
    #expect(picked.display == all.selectingRows(rows).display)
  }

  @Test(
    "a builder for many cuts (incidents regrouped by grid, events at shops by shop) builds the same matrices, to the bit"
  )
  func manyCuts() {
    // 500 days of simulated incidents and inspections. Every other dispute is resolved ten days
    // after it began, so that which disputes are open depends on the cut. Of the inspections
    // that found hazards, two in three had them (all, or all but one) rectified after 5 to 40
    // days, every fourth found a major one and every seventh suspended the shop, so that open,
    // overdue and major hazards and recurrences after a rectification all occur.
    var district = SimulatedDistrict().district
    var disputes = 0
    for k in district.incidents.indices where district.incidents[k].category.hasPrefix("dispute.") {
      disputes += 1
      if disputes % 2 == 0 {
        district.incidents[k].status = .resolved
        district.incidents[k].resolvedAt = district.incidents[k].occurredAt.addingTimeInterval(10 * 86_400)
      }
    }
    for k in district.inspections.indices where district.inspections[k].hazardsFound > 0 {
      let found = district.inspections[k].hazardsFound
      if k % 3 != 0 {
        district.inspections[k].hazardsRectified = k % 2 == 0 ? found : found - 1
        district.inspections[k].rectifiedAt = district.inspections[k].inspectedAt.addingTimeInterval(
          Double(5 + k % 36) * 86_400)
      }
      if k % 4 == 0 { district.inspections[k].majorHazards = 1 }
      if k % 7 == 0 { district.inspections[k].result = .suspended }
    }
    // At one shop, hazards found 130 days back are rectified 20 days back, after those found 125
    // days back (rectified 115 days back); incidents follow 50 days back (a recurrence, 65 days
    // after the second rectification) and 20 days back (none: a rectification that same day is
    // not before it, and the one before is 95 days earlier).
    let asOf = Day(year: 2024, month: 6, day: 30)
    func noon(_ daysBack: Int) -> Date {
      asOf.advanced(by: -daysBack).start(in: .district).addingTimeInterval(43_200)
    }
    district.inspections += [
      Inspection(
        id: "R1", inspectedAt: noon(130), shopID: "SH0-0", hazardsFound: 2, hazardsRectified: 2,
        rectifyDue: noon(100), rectifiedAt: noon(20)),
      Inspection(
        id: "R2", inspectedAt: noon(125), shopID: "SH0-0", hazardsFound: 1, hazardsRectified: 1,
        rectifyDue: noon(100), rectifiedAt: noon(115)),
    ]
    district.incidents += [50, 20].map {
      Incident(
        id: "R\($0)", occurredAt: noon($0), category: "property.theft", severity: 2, gridID: "G0",
        shopID: "SH0-0")
    }
    let plain = PreparedDistrict(district, asOf: asOf, taxonomy: Fixtures.taxonomy).builder
    let many = plain.forManyCuts()
    for back in [0, 5, 30, 200, 499, 600] {
      let a = plain.build(at: asOf.advanced(by: -back), nearRepeat: nil, horizon: 30)
      let b = many.build(at: asOf.advanced(by: -back), nearRepeat: nil, horizon: 30)
      let same = (
        grids: a.grids.values.storage == b.grids.values.storage,
        gridsShown: a.grids.display.storage == b.grids.display.storage,
        shops: a.shops.values.storage == b.shops.values.storage,
        shopsShown: a.shops.display.storage == b.shops.display.storage
      )
      #expect(same.grids && same.gridsShown && same.shops && same.shopsShown, "\(back) days back: \(same)")
    }
    #expect(disputes > 100)
    let shops = plain.build(at: asOf, nearRepeat: nil, horizon: 30).shops
    #expect((0..<shops.rows).contains { value(shops, "shop.recurrence.d90", $0) > 0 })
    #expect((0..<shops.rows).contains { value(shops, "shop.overdue_hazards", $0) > 0 })
  }

  @Test("nothing dated after the as-of day reaches a feature")
  func futureEventsChangeNothing() {
    var district = TinyDistrict.district
    district.incidents.append(
      Incident(
        id: "F1", occurredAt: TinyDistrict.ago(-1), category: "public_order.fight", severity: 4, gridID: "A",
        shopID: "S1"))
    district.petitions.append(
      Petition(
        id: "F2", receivedAt: TinyDistrict.ago(-2), category: "petition.land", petitionerKey: "k1",
        petitionerCount: 9, gridID: "A"))
    district.inspections.append(
      Inspection(
        id: "F3", inspectedAt: TinyDistrict.ago(-1), shopID: "S2", hazardsFound: 5,
        rectifyDue: TinyDistrict.ago(-2)))
    let future = PreparedDistrict(district, asOf: TinyDistrict.asOf, taxonomy: Fixtures.taxonomy)
    let a = features()
    let b = future.builder.build(at: TinyDistrict.asOf, nearRepeat: nil, horizon: 30)
    #expect(a.grids.values == b.grids.values)
    #expect(a.shops.values == b.shops.values)
    #expect(prepared.dataFingerprint == future.dataFingerprint)
  }
}
