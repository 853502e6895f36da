import Foundation
import Records
import Testing

@testable import Patrol

/// Sixty nights of lists, each night's first day walked and fed back as inspections and issued
/// lists, with incidents and hazards arriving along the way.
@Suite("Patrol lists over a simulated 60 days")
struct PatrolSimulationTests {
  typealias F = PatrolFixtures

  struct Walk {
    var rows: [PatrolRow] = []
    /// Per shop, every visit day (the fixture's first inspection, then each listing walked).
    var visits: [String: [Day]] = [:]
    /// Per shop, the incident days.
    var incidents: [String: [Day]] = [:]
    var district: District
    var config: PatrolConfig
  }

  /// Plans each night with the full horizon, walks the first day, records what the walk found.
  static func simulate(
    days: Int = 60, config: PatrolConfig, capacity: Int = 6, scoresDrift: Bool = true, seed: UInt64 = 11
  ) -> Walk {
    var (district, scores) = F.district(
      streets: 2, shopsPerStreet: 40, capacity: capacity, spread: config.coverageFloorDays)
    var walk = Walk(district: district, config: config)
    for inspection in district.inspections {
      walk.visits[inspection.shopID, default: []].append(Day(inspection.inspectedAt, in: .district))
    }
    var history = PatrolHistory()
    var random = SeededGenerator(seed: seed)
    let planner = PatrolPlanner(config: config)
    for night in 0..<days {
      let asOf = F.asOf.advanced(by: night)
      let plan = planner.streetLists(district: district, scores: scores, asOf: asOf, history: history)
      let walked = plan.rows.filter { $0.day == asOf.advanced(by: 1) }
      walk.rows += walked
      history.record(walked)
      for row in walked {
        let day = row.day
        walk.visits[row.shopID, default: []].append(day)
        // One visit in eight finds hazards, due in 3 days; half of those are fixed on time.
        let hazards = random.uniform(below: 8) == 0 ? 1 : 0
        let fixed = random.uniform(below: 2) == 0
        district.inspections.append(
          Inspection(
            id: "I-\(row.shopID)-\(day.iso)", inspectedAt: F.noon(day), shopID: row.shopID,
            hazardsFound: hazards,
            rectifyDue: hazards > 0 ? F.noon(day.advanced(by: 3)) : nil,
            rectifiedAt: hazards > 0 && fixed ? F.noon(day.advanced(by: 2)) : nil))
      }
      // An incident at a random shop every other day; scores drift, or stay put.
      if night % 2 == 0 {
        let shop = district.shops[random.uniform(below: district.shops.count)]
        let day = asOf.advanced(by: 1)
        district.incidents.append(
          Incident(
            id: "E\(night)", occurredAt: F.noon(day), category: "public_order.fight", severity: 2,
            gridID: shop.gridID, shopID: shop.id))
        walk.incidents[shop.id, default: []].append(day)
      }
      for i in scores.indices where scoresDrift {
        scores[i].score = Double(random.uniform(below: 10_000)) / 10_000
      }
    }
    walk.district = district
    return walk
  }

  static let config = PatrolConfig(
    horizonDays: 7, revisitIntervalDays: 7, coverageFloorDays: 21, explorationShare: 0.10, seed: 5,
    recentlyInspectedDays: 10)

  @Test("capacity is never exceeded on any simulated day")
  func capacity() {
    let walk = Self.simulate(config: Self.config)
    let perDay = Dictionary(grouping: walk.rows, by: { "\($0.streetID) \($0.day.iso)" })
    #expect(perDay.count == 2 * 60)
    #expect(perDay.values.allSatisfy { $0.count <= 6 && Set($0.map(\.shopID)).count == $0.count })
  }

  /// Scenarios: roomy capacity with drifting scores; tight capacity with fixed scores, where risk
  /// alone would keep visiting the same shops and the floor has to pull the rest in.
  static let scenarios: [(capacity: Int, scoresDrift: Bool)] = [(6, true), (3, false)]

  @Test(
    "no shop is listed again within M days unless an incident came or its hazards fell overdue",
    arguments: scenarios)
  func revisitIntervalHolds(capacity: Int, scoresDrift: Bool) {
    let walk = Self.simulate(config: Self.config, capacity: capacity, scoresDrift: scoresDrift)
    let m = Self.config.revisitIntervalDays
    var violations: [String] = []
    for (shop, rows) in Dictionary(grouping: walk.rows, by: \.shopID) {
      let sorted = rows.sorted { $0.day < $1.day }
      for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.day.distance(to: next.day) < m {
        let news = walk.incidents[shop, default: []].contains { $0 > previous.day && $0 < next.day }
        if !news && next.kind != .recheck { violations.append("\(shop) \(previous.day) → \(next.day)") }
      }
    }
    #expect(violations.isEmpty)
    // The exception was exercised, so the check above is not vacuous.
    #expect(walk.rows.contains { $0.kind == .recheck })
  }

  @Test("every open shop is visited at least every X days", arguments: scenarios)
  func coverageFloorHolds(capacity: Int, scoresDrift: Bool) {
    let walk = Self.simulate(config: Self.config, capacity: capacity, scoresDrift: scoresDrift)
    let x = Self.config.coverageFloorDays
    let end = F.asOf.advanced(by: 60)
    var gaps: [String: Int] = [:]
    for shop in walk.district.shops {
      let days = walk.visits[shop.id, default: []].sorted() + [end]
      gaps[shop.id] = zip(days, days.dropFirst()).map { $0.distance(to: $1) }.max() ?? .max
    }
    #expect(gaps.values.allSatisfy { $0 <= x }, "longest gap \(gaps.values.max() ?? 0) days")
  }

  @Test("the exploration slice is drawn every day and marked as such")
  func explorationSlice() {
    let walk = Self.simulate(config: Self.config)
    let explore = walk.rows.filter { $0.kind == .explore }
    // 10 % of 6, half rounded up: 1 a day per team, when anyone is eligible.
    #expect(explore.count > 0)
    #expect(
      Dictionary(grouping: explore, by: { "\($0.streetID) \($0.day)" }).values.allSatisfy { $0.count == 1 })
  }
}
