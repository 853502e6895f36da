import Foundation
import Records
import Testing

@testable import Patrol

@Suite("Exploration slice")
struct ExplorationTests {
  typealias F = PatrolFixtures

  /// Three teams of 200 shops last inspected 20–59 days ago: more than a week of lists can visit.
  static func plan(seed: UInt64, share: Double = 0.10) -> PatrolPlan {
    var (district, scores) = F.district(streets: 3, shopsPerStreet: 200, capacity: 20, spread: 40)
    for i in district.inspections.indices {
      district.inspections[i].inspectedAt = district.inspections[i].inspectedAt.addingTimeInterval(
        -20 * 86_400)
    }
    let config = PatrolConfig(explorationShare: share, seed: seed, recentlyInspectedDays: 14)
    return PatrolPlanner(config: config).streetLists(district: district, scores: scores, asOf: F.asOf)
  }

  static func draws(_ plan: PatrolPlan) -> [String] {
    plan.rows.filter { $0.kind == .explore }.map { "\($0.streetID) \($0.day) \($0.shopID)" }.sorted()
  }

  @Test("the same seed gives the same draw")
  func reproducible() {
    let first = Self.draws(Self.plan(seed: 42))
    #expect(!first.isEmpty)
    #expect(Self.draws(Self.plan(seed: 42)) == first)
  }

  @Test("another seed gives another draw")
  func seedMatters() {
    #expect(Self.draws(Self.plan(seed: 42)) != Self.draws(Self.plan(seed: 43)))
  }

  @Test("10 % of a capacity of 20 is 2 shops a team a day, each with the planner's reason")
  func sliceSize() {
    let plan = Self.plan(seed: 1)
    let perDay = Dictionary(
      grouping: plan.rows.filter { $0.kind == .explore }, by: { "\($0.streetID) \($0.day)" })
    #expect(perDay.count == 3 * 7)
    #expect(perDay.values.allSatisfy { $0.count == 2 })
    #expect(
      plan.rows.filter { $0.kind == .explore }.allSatisfy { $0.reasons.first?.zh.hasPrefix("随机抽查") == true })
  }

  @Test("only shops not inspected within the window are drawn")
  func onlyNotRecentlyInspected() {
    let (district, scores) = F.district(streets: 2, shopsPerStreet: 50, capacity: 20, spread: 30)
    let config = PatrolConfig(horizonDays: 1, explorationShare: 0.5, seed: 9, recentlyInspectedDays: 14)
    let plan = PatrolPlanner(config: config).streetLists(district: district, scores: scores, asOf: F.asOf)
    let last = Dictionary(district.inspections.map { ($0.shopID, Day($0.inspectedAt, in: .district)) }) {
      a, _ in a
    }
    let explore = plan.rows.filter { $0.kind == .explore }
    #expect(explore.count == 2 * 10)
    #expect(explore.allSatisfy { last[$0.shopID]!.distance(to: $0.day) > 14 })
  }

  @Test("the seeded generator's uniform draw stays in range and hits every value")
  func uniformDraw() {
    var generator = SeededGenerator(seed: 3)
    var seen = Set<Int>()
    for _ in 0..<2_000 {
      let value = generator.uniform(below: 7)
      #expect((0..<7).contains(value))
      seen.insert(value)
    }
    #expect(seen.count == 7)
  }
}
