import Foundation
import Records
import TestSupport

/// A hand-built district whose feature values can be worked out on paper.
///
/// Grids A – B – C in a line (A next to B, B next to C), in community C1 (A, B) and C2 (C) of
/// subdistrict S. Shop S1 (restaurant, food flag) in A, shop S2 (fuel, hazmat) in C.
/// As of 2024-06-30.
enum TinyDistrict {
  static let asOf = Day(year: 2024, month: 6, day: 30)

  /// Midnight plus `hour` of the day `daysAgo` before the as-of day.
  static func ago(_ daysAgo: Int, hour: Int = 10) -> Date {
    asOf.advanced(by: -daysAgo).start(in: .district).addingTimeInterval(Double(hour) * 3600)
  }

  static var district: District {
    District(
      grids: [
        Grid(id: "A", name: "甲", subdistrictID: "S", communityID: "C1", households: 300),
        Grid(id: "B", name: "乙", subdistrictID: "S", communityID: "C1", households: 100),
        Grid(id: "C", name: "丙", subdistrictID: "S", communityID: "C2", kind: .rural, households: 50),
      ],
      adjacency: [
        GridAdjacency(gridID: "A", neighborID: "B"), GridAdjacency(gridID: "C", neighborID: "B"),
      ],
      shops: [
        Shop(
          id: "S1", name: "小吃店", streetID: "ST", gridID: "A", category: "shop.restaurant",
          flags: ["food"], openedOn: asOf.advanced(by: -100)),
        Shop(
          id: "S2", name: "加气站", streetID: "ST", gridID: "C", category: "shop.fuel",
          flags: ["hazmat"], openedOn: asOf.advanced(by: -2000)),
      ],
      incidents: [
        // A: a fight today, an unresolved dispute 10 days ago, an incident at S1 3 days ago.
        Incident(id: "I1", occurredAt: ago(0), category: "public_order.fight", severity: 2, gridID: "A"),
        Incident(id: "I2", occurredAt: ago(10), category: "dispute.neighbor", severity: 1, gridID: "A"),
        Incident(
          id: "I3", occurredAt: ago(3), category: "safety.fire", severity: 3, gridID: "A", shopID: "S1"),
        // B: a theft 40 days ago, a dispute resolved 5 days ago, one resolved after the as-of day.
        Incident(id: "I4", occurredAt: ago(40), category: "property.theft", severity: 2, gridID: "B"),
        Incident(
          id: "I5", occurredAt: ago(20), category: "dispute.family", severity: 1, gridID: "B",
          status: .resolved, resolvedAt: ago(5)),
        Incident(
          id: "I6", occurredAt: ago(15), category: "dispute.labor", severity: 2, gridID: "B",
          status: .resolved, resolvedAt: ago(-3)),
        // C: an old gas leak, 200 days ago.
        Incident(id: "I7", occurredAt: ago(200), category: "safety.gas", severity: 3, gridID: "C"),
      ],
      petitions: [
        // One person petitions three times about housing from A in 90 days, and once 120 days ago.
        Petition(
          id: "P1", receivedAt: ago(80), category: "petition.housing", petitionerKey: "k1", gridID: "A"),
        Petition(
          id: "P2", receivedAt: ago(30), category: "petition.housing", petitionerKey: "k1", gridID: "A"),
        Petition(
          id: "P3", receivedAt: ago(2), category: "petition.housing", petitionerKey: "k1", gridID: "A",
          dueAt: ago(-10)),
        Petition(
          id: "P4", receivedAt: ago(120), category: "petition.housing", petitionerKey: "k1", gridID: "A"),
        // A collective petition in B, overdue and still open.
        Petition(
          id: "P5", receivedAt: ago(50), category: "petition.land", petitionerKey: "k2",
          petitionerCount: 6, gridID: "B", dueAt: ago(20)),
        // C: closed late, not satisfied.
        Petition(
          id: "P6", receivedAt: ago(60), category: "petition.urban", petitionerKey: "k3", gridID: "C",
          dueAt: ago(40), closedAt: ago(30), satisfied: .no),
      ],
      inspections: [
        // S1: 3 hazards found 20 days ago, 1 rectified 10 days ago, due 5 days ago.
        Inspection(
          id: "X1", inspectedAt: ago(20), shopID: "S1", hazardsFound: 3, majorHazards: 1,
          hazardsRectified: 1, rectifyDue: ago(5), rectifiedAt: ago(10))
      ]
    )
  }
}
