import Foundation
import Records
import TestSupport
import Testing

@testable import Patrol

@Suite("Patrol lists per street team")
struct PatrolPlannerTests {
  typealias F = PatrolFixtures

  @Test(
    "no team's day ever holds more shops than its daily capacity, nor a shop twice", arguments: [1, 3, 6, 20])
  func capacityNeverExceeded(capacity: Int) {
    let (district, scores) = F.district(streets: 3, shopsPerStreet: 25, capacity: capacity)
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 14)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(F.overCapacity(plan, capacity: { _ in capacity }).isEmpty)
    #expect(!plan.rows.isEmpty)
  }

  @Test("a team with no capacity (or a negative one from a file) gets no rows, and the backlog is noted")
  func noCapacity() {
    var (district, scores) = F.district(streets: 2, shopsPerStreet: 10)
    district.streets[0].dailyCapacity = 0
    district.streets[1].dailyCapacity = -3
    district.inspections = []
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 2)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(plan.rows.isEmpty)
    #expect(Set(plan.notes.filter { $0.kind == .coverageShortfall }.map(\.teamID)) == ["S1", "S2"])
  }

  @Test("lists cover the N days after the as-of date, nothing before or after")
  func horizon() {
    let (district, scores) = F.district()
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 5)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(plan.days == (1...5).map { F.asOf.advanced(by: $0) })
    #expect(Set(plan.rows.map(\.day)) == Set(plan.days))
  }

  @Test("closed shops never appear")
  func closedShopsNeverListed() {
    var (district, scores) = F.district()
    for i in district.shops.indices where i % 3 == 0 { district.shops[i].status = .closed }
    let closed = Set(district.shops.filter { $0.status == .closed }.map(\.id))
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 30, explorationShare: 0.5)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(!plan.rows.isEmpty)
    #expect(plan.rows.allSatisfy { !closed.contains($0.shopID) })
  }

  @Test("overdue rectification re-checks come first, ahead of higher scores")
  func overdueRechecksFirst() throws {
    var (district, scores) = F.district(streets: 1, shopsPerStreet: 30, capacity: 4)
    // The lowest-scored shop has hazards found 10 days ago, due 5 days ago, not rectified.
    let lowest = try #require(scores.min { $0.score < $1.score }).id
    district.inspections.removeAll { $0.shopID == lowest }
    district.inspections.append(
      Inspection(
        id: "I-hazard", inspectedAt: F.noon(F.asOf.advanced(by: -10)), shopID: lowest, hazardsFound: 2,
        rectifyDue: F.noon(F.asOf.advanced(by: -5))))
    let plan = PatrolPlanner(config: PatrolConfig(explorationShare: 0)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    let first = plan.rows.filter { $0.day == F.asOf.advanced(by: 1) }
    let recheck = try #require(first.first { $0.shopID == lowest })
    #expect(recheck.kind == .recheck)
    #expect(recheck.reasons.first?.zh.contains("逾期") == true)
    // Capacity 1: only the re-check is listed that day.
    district.streets[0].dailyCapacity = 1
    let tight = PatrolPlanner(config: PatrolConfig(horizonDays: 1, explorationShare: 0)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(tight.rows.map(\.shopID) == [lowest])
  }

  @Test("rectified hazards, or a later clean inspection, call for no re-check")
  func rectifiedHazardsNeedNoRecheck() {
    var (district, scores) = F.district(streets: 1, shopsPerStreet: 30, capacity: 2)
    let fixedShop = district.shops[0].id
    let cleanShop = district.shops[1].id
    district.inspections += [
      Inspection(
        id: "I-fixed", inspectedAt: F.noon(F.asOf.advanced(by: -10)), shopID: fixedShop, hazardsFound: 1,
        rectifyDue: F.noon(F.asOf.advanced(by: -5)), rectifiedAt: F.noon(F.asOf.advanced(by: -6))),
      Inspection(
        id: "I-open", inspectedAt: F.noon(F.asOf.advanced(by: -20)), shopID: cleanShop, hazardsFound: 1,
        rectifyDue: F.noon(F.asOf.advanced(by: -15))),
      Inspection(
        id: "I-clean", inspectedAt: F.noon(F.asOf.advanced(by: -12)), shopID: cleanShop, hazardsFound: 0),
    ]
    for i in scores.indices { scores[i].score = 0.5 }
    let plan = PatrolPlanner(config: PatrolConfig(explorationShare: 0)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(plan.rows.allSatisfy { $0.kind != .recheck })
  }

  @Test(
    "a shop listed recently is not listed again within the revisit interval, unless something new happened")
  func revisitInterval() throws {
    let (district, scores) = F.district(streets: 1, shopsPerStreet: 40, capacity: 6)
    let top = try #require(scores.max { $0.score < $1.score }).id
    let history = PatrolHistory(lastListed: [top: F.asOf.advanced(by: -2)])
    let config = PatrolConfig(horizonDays: 4, revisitIntervalDays: 7, explorationShare: 0)
    let rested = PatrolPlanner(config: config).streetLists(
      district: district, scores: scores, asOf: F.asOf, history: history)
    #expect(!rested.rows.contains { $0.shopID == top })
    // An incident at the shop after it was listed lifts the rest.
    var news = district
    news.incidents.append(
      Incident(
        id: "E1", occurredAt: F.noon(F.asOf.advanced(by: -1)), category: "public_order.fight", severity: 2,
        gridID: "G1", shopID: top))
    let lifted = PatrolPlanner(config: config).streetLists(
      district: news, scores: scores, asOf: F.asOf, history: history)
    #expect(lifted.rows.first { $0.shopID == top }?.day == F.asOf.advanced(by: 1))
    // So do hazards found by an inspection after the listing.
    var hazard = district
    hazard.inspections.append(
      Inspection(
        id: "I-new", inspectedAt: F.noon(F.asOf.advanced(by: -1)), shopID: top, hazardsFound: 1,
        rectifyDue: F.noon(F.asOf.advanced(by: 20))))
    let found = PatrolPlanner(config: config).streetLists(
      district: hazard, scores: scores, asOf: F.asOf, history: history)
    #expect(found.rows.first { $0.shopID == top }?.day == F.asOf.advanced(by: 1))
  }

  @Test("when capacity cannot keep the coverage floor, the plan says so")
  func coverageShortfallIsReported() {
    // 60 shops never inspected, a floor of 5 days, 4 visits a day: impossible.
    var (district, scores) = F.district(streets: 1, shopsPerStreet: 60, capacity: 4)
    district.inspections = []
    let plan = PatrolPlanner(
      config: PatrolConfig(horizonDays: 3, revisitIntervalDays: 2, coverageFloorDays: 5)
    )
    .streetLists(district: district, scores: scores, asOf: F.asOf)
    let notes = plan.notes.filter { $0.kind == .coverageShortfall }
    // One line for the run of days, with the largest daily shortfall.
    #expect(notes.count == 1)
    #expect(notes.first?.day == F.asOf.advanced(by: 1))
    #expect(notes.first?.lastDay == F.asOf.advanced(by: 3))
    #expect(notes.first?.count == 60 - 4)
    #expect(notes.first?.message.zh.contains("覆盖下限") == true)
  }

  @Test("a shortfall on a single day keeps that day's count")
  func singleDayShortfall() {
    var (district, scores) = F.district(streets: 1, shopsPerStreet: 60, capacity: 4)
    district.inspections = []
    let plan = PatrolPlanner(
      config: PatrolConfig(horizonDays: 1, revisitIntervalDays: 2, coverageFloorDays: 5)
    )
    .streetLists(district: district, scores: scores, asOf: F.asOf)
    let notes = plan.notes.filter { $0.kind == .coverageShortfall }
    #expect(notes.count == 1)
    #expect(notes.first?.lastDay == nil)
    #expect(notes.first?.count == 60 - 4)
  }

  @Test("shops on a street without a team record are planned at the default capacity, with a note")
  func unassignedStreet() {
    var (district, scores) = F.district(streets: 1, shopsPerStreet: 30)
    district.streets = []
    district.inspections = []
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 1)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    #expect(plan.rows.count == Street.defaultDailyCapacity)
    let note = plan.notes.first { $0.kind == .unassigned }
    #expect(note?.teamID == "S1")
    #expect(note?.count == 30)
  }

  @Test("scope: one street team, or one subdistrict")
  func scope() {
    let (district, scores) = F.district(streets: 3, shopsPerStreet: 10)
    let planner = PatrolPlanner(config: PatrolConfig(horizonDays: 2))
    let one = planner.streetLists(district: district, scores: scores, asOf: F.asOf, scope: .street("S2"))
    #expect(Set(one.rows.map(\.streetID)) == ["S2"])
    let d1 = planner.streetLists(district: district, scores: scores, asOf: F.asOf, scope: .subdistrict("D1"))
    #expect(Set(d1.rows.map(\.streetID)) == ["S1", "S3"])
  }

  @Test("rows carry the shop's score, level, last inspection and the score's reasons")
  func rowContents() throws {
    let (district, scores) = F.district(streets: 1, shopsPerStreet: 10)
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 1, explorationShare: 0)).streetLists(
      district: district, scores: scores, asOf: F.asOf)
    let row = try #require(plan.rows.first { $0.kind == .risk })
    let score = try #require(scores.first { $0.id == row.shopID })
    let inspection = try #require(district.inspections.first { $0.shopID == row.shopID })
    #expect(row.score == score.score)
    #expect(row.level == score.level)
    #expect(row.lastInspected == Day(inspection.inspectedAt, in: .district))
    #expect(row.reasons == score.reasons)
    #expect(plan.rows.map(\.order) == Array(1...plan.rows.count))
  }
}
