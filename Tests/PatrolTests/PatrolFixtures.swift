import Foundation
import Records
import TestSupport

@testable import Patrol

/// Small districts for the planner's tests, built from a seed so that every run sees the same one.
enum PatrolFixtures {
  /// The as-of day most tests plan from.
  static let asOf = Day(year: 2024, month: 6, day: 1)

  /// Noon of `day` in the district's zone.
  static func noon(_ day: Day) -> Date {
    day.start(in: .district).addingTimeInterval(12 * 3600)
  }

  /// A district of `streets` street teams with `shopsPerStreet` open shops each, laid along a line
  /// per street, every shop inspected once (clean) on a day spread over the `spread` days before
  /// `asOf`, with random scores.
  static func district(
    streets: Int = 2, shopsPerStreet: Int = 40, capacity: Int = 6, spread: Int = 14, seed: UInt64 = 7
  ) -> (District, [RiskScore]) {
    var random = SeededGenerator(seed: seed)
    var district = District()
    var scores: [RiskScore] = []
    for s in 0..<streets {
      let streetID = "S\(s + 1)"
      district.streets.append(
        Street(
          id: streetID, name: "街\(s + 1)", subdistrictID: s % 2 == 0 ? "D1" : "D2", chief: "街长\(s + 1)",
          dailyCapacity: capacity))
      district.grids.append(
        Grid(id: "G\(s + 1)", subdistrictID: s % 2 == 0 ? "D1" : "D2", communityID: "C\(s / 2 + 1)"))
      for i in 0..<shopsPerStreet {
        let id = String(format: "%@-%03d", streetID, i)
        let along = Double(random.uniform(below: 1000)) / 1000
        district.shops.append(
          Shop(
            id: id, name: "商铺\(id)", streetID: streetID, gridID: "G\(s + 1)", category: "shop.restaurant",
            location: GeoPoint(lon: 121.40 + 0.01 * along, lat: 31.20 + 0.002 * Double(s) + 0.004 * along)))
        let inspected = asOf.advanced(by: -(i % spread))
        district.inspections.append(
          Inspection(id: "I-\(id)-0", inspectedAt: noon(inspected), shopID: id, hazardsFound: 0))
        scores.append(
          RiskScore(
            entity: .shop, id: id, score: Double(random.uniform(below: 10_000)) / 10_000, rank: 0,
            level: .blue,
            reasons: [Reason(zh: "近期事件", en: "recent incidents")]))
      }
    }
    return (district, scores)
  }

  /// Shop ids listed more than once on one team's day, or days over capacity: the capacity check
  /// shared by the tests.
  static func overCapacity(_ plan: PatrolPlan, capacity: (String) -> Int) -> [String] {
    Dictionary(grouping: plan.rows, by: { "\($0.streetID)|\($0.day.iso)" }).compactMap { key, rows in
      let street = String(key.split(separator: "|")[0])
      return rows.count > capacity(street) || Set(rows.map(\.shopID)).count != rows.count ? key : nil
    }
  }
}
