import Foundation
import Records
import Testing

@testable import Patrol

/// The planner works on columns: shops as a `ShopRoster`, the records' facts as event columns,
/// standings and visits as numbers. These tests hold it to the plan the records give.
@Suite("Patrol lists from columns")
struct ColumnarPlanTests {
  typealias F = PatrolFixtures

  /// A district with something for every rule: closed shops, an unscored shop, a street with no
  /// team record, hazards past their deadline, an incident at a shop, and issued lists.
  static func busyDistrict() -> (District, [RiskScore], PatrolHistory) {
    var (district, scores) = F.district(streets: 3, shopsPerStreet: 30, capacity: 5, spread: 40)
    for i in district.shops.indices where i % 11 == 0 { district.shops[i].status = .closed }
    scores.removeAll { $0.id == district.shops[5].id }
    district.shops[7].streetID = "S-unknown"
    let overdue = district.shops[12].id
    district.inspections.append(
      Inspection(
        id: "I-hazard", inspectedAt: F.noon(F.asOf.advanced(by: -10)), shopID: overdue, hazardsFound: 2,
        rectifyDue: F.noon(F.asOf.advanced(by: -3))))
    district.incidents.append(
      Incident(
        id: "E1", occurredAt: F.noon(F.asOf.advanced(by: -1)), category: "public_order.fight", severity: 2,
        gridID: "G2", shopID: district.shops[40].id))
    let history = PatrolHistory(lastListed: [
      district.shops[40].id: F.asOf.advanced(by: -2), district.shops[41].id: F.asOf.advanced(by: -3),
      district.shops[42].id: F.asOf.advanced(by: 2),
    ])
    return (district, scores, history)
  }

  /// The district's incidents and inspections as the columns a store hands over.
  static func events(_ district: District) -> EventColumns {
    var events = EventColumns()
    events.incidents = EventColumns.Incidents(district.incidents)
    events.inspections = EventColumns.Inspections(district.inspections)
    return events
  }

  /// The two plans list the same rows and say the same notes, and list something.
  static func expectSame(_ plan: PatrolPlan, _ expected: PatrolPlan) {
    #expect(!expected.rows.isEmpty)
    #expect(plan.rows == expected.rows)
    #expect(plan.notes == expected.notes)
  }

  @Test(
    "shops as a roster and events as columns give the plan the records give, in every scope",
    arguments: [PatrolScope.district, .street("S2"), .subdistrict("D1"), .subdistrict("D2")])
  func columnsPlanAsRecords(scope: PatrolScope) {
    let (district, scores, history) = Self.busyDistrict()
    let planner = PatrolPlanner(config: PatrolConfig(horizonDays: 5, explorationShare: 0.2))
    let fromRecords = planner.streetLists(
      district: district, scores: scores, asOf: F.asOf, history: history, scope: scope)
    var streetsAndGrids = district
    streetsAndGrids.shops = []
    let fromColumns = planner.streetLists(
      district: streetsAndGrids, shops: ShopRoster(district.shops), events: Self.events(district),
      scores: scores,
      asOf: F.asOf, history: history, scope: scope)
    Self.expectSame(fromColumns, fromRecords)
  }

  @Test("shop scores as a sheet (as scoring and the store hand them over) give the plan their records give")
  func sheetPlansAsRecords() {
    let (district, scores, history) = Self.busyDistrict()
    let planner = PatrolPlanner(config: PatrolConfig(horizonDays: 5, explorationShare: 0.2))
    let shops = ShopRoster(district.shops)
    // Grid scores among the records are not the plan's; the sheet holds the shops in another order.
    let grid = RiskScore(entity: .grid, id: "G1", score: 9, rank: 1, level: .red)
    let sheet = ScoreSheet(scores.reversed(), entity: .shop)
    let fromRecords = planner.streetLists(
      district: district, shops: shops, events: Self.events(district), scores: [grid] + scores, asOf: F.asOf,
      history: history)
    let fromSheet = planner.streetLists(
      district: district, shops: shops, events: Self.events(district), scores: sheet, asOf: F.asOf,
      history: history)
    Self.expectSame(fromSheet, fromRecords)
    #expect(fromSheet.rows.contains { !$0.reasons.isEmpty && $0.score != nil })
    let posts = GridPosts.pairing(district: district, away: [:])
    Self.expectSame(
      planner.gridLists(
        district: district, shops: shops, events: Self.events(district), scores: sheet, asOf: F.asOf,
        posts: posts, history: history),
      planner.gridLists(
        district: district, shops: shops, events: Self.events(district), scores: scores, asOf: F.asOf,
        posts: posts, history: history))
  }

  @Test("grid lists from columns are the grid lists the records give")
  func gridColumnsPlanAsRecords() {
    let (district, scores, history) = Self.busyDistrict()
    let planner = PatrolPlanner(config: PatrolConfig(horizonDays: 4, gridWorkerDailyCapacity: 3))
    let posts = GridPosts.pairing(district: district, away: ["G1": [F.asOf.advanced(by: 2)]])
    let fromRecords = planner.gridLists(
      district: district, scores: scores, asOf: F.asOf, posts: posts, history: history)
    let fromColumns = planner.gridLists(
      district: district, shops: ShopRoster(district.shops), events: Self.events(district), scores: scores,
      asOf: F.asOf, posts: posts, history: history)
    Self.expectSame(fromColumns, fromRecords)
  }

  @Test("the plan does not depend on the order the shops come in")
  func shopOrder() {
    let (district, scores, history) = Self.busyDistrict()
    let planner = PatrolPlanner(config: PatrolConfig(horizonDays: 5, explorationShare: 0.2))
    var shuffled = district
    shuffled.shops = (0..<district.shops.count).map { district.shops[($0 * 7) % district.shops.count] }
    #expect(Set(shuffled.shops.map(\.id)) == Set(district.shops.map(\.id)))
    #expect(shuffled.shops.map(\.id) != district.shops.map(\.id))
    let plan = planner.streetLists(district: district, scores: scores, asOf: F.asOf, history: history)
    let again = planner.streetLists(district: shuffled, scores: scores, asOf: F.asOf, history: history)
    Self.expectSame(again, plan)
  }

  @Test("visits come by team, day and walking order, each team's in one run")
  func visitsSorted() throws {
    let (district, scores, history) = Self.busyDistrict()
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 3)).streetLists(
      district: district, scores: scores, asOf: F.asOf, history: history)
    #expect(plan.visitsAreSorted)
    let ranges = plan.visitRanges
    #expect(Set(ranges.keys) == Set(plan.rows.map(\.streetID)))
    for (street, range) in ranges {
      #expect(plan.rows[range].allSatisfy { $0.streetID == street })
    }
    #expect(ranges.values.map(\.count).reduce(0, +) == plan.visits.count)
  }

  @Test("the planner's reasons read as the lists print them")
  func reasons() {
    #expect(PatrolVisit.Why.none.reason == nil)
    #expect(
      PatrolVisit.Why.recheck(days: 3).reason
        == Reason(zh: "隐患整改逾期3天，需复查", en: "hazards 3 days past the rectification deadline: re-check"))
    #expect(
      PatrolVisit.Why.explore(window: 14).reason
        == Reason(zh: "随机抽查：近14天未检查", en: "random draw among shops not inspected in 14 days"))
    #expect(
      PatrolVisit.Why.coverage(days: 90, floor: 30).reason
        == Reason(zh: "距上次检查90天（覆盖下限30天）", en: "90 days since the last visit (coverage floor 30 days)"))
    #expect(
      PatrolVisit.Why.neverVisited.reason == Reason(zh: "无检查记录，纳入覆盖", en: "no visit on record: coverage"))
  }

  @Test("a roster keeps each street and grid id once, and a location only where the shop has one")
  func roster() {
    let shops = [
      Shop(
        id: "B", name: "乙", streetID: "S1", gridID: "G1", category: "x", location: GeoPoint(lon: 1, lat: 2)),
      Shop(id: "A", name: "甲", streetID: "S2", gridID: "G1", category: "x", status: .closed),
      Shop(id: "C", name: "丙", streetID: "S1", gridID: "G2", category: "x"),
    ]
    let roster = ShopRoster(shops)
    #expect(roster.count == 3)
    #expect(roster.streetIDs == ["S1", "S2"])
    #expect(roster.gridIDs == ["G1", "G2"])
    #expect((0..<3).map(roster.streetID(at:)) == ["S1", "S2", "S1"])
    #expect((0..<3).map(roster.gridID(at:)) == ["G1", "G1", "G2"])
    #expect(roster.location(at: 0) == GeoPoint(lon: 1, lat: 2))
    #expect(roster.location(at: 2) == nil)
    #expect(roster.open == [true, false, true])
  }

  @Test("ties are broken by shop id: ids in order rank by place, others by sorting")
  func idRanks() {
    #expect(Standings.idRanks(["A", "B", "C"]) == [0, 1, 2])
    #expect(Standings.idRanks(["B", "C", "A"]) == [1, 2, 0])
    #expect(Standings.idRanks(["B", "A", "B"]) == [1, 0, 2])
  }
}
