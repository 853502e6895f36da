import Foundation
import Records
import Testing

@testable import Patrol

@Suite("Grid-worker lists on A/B posts")
struct GridListTests {
  typealias F = PatrolFixtures

  /// Four grids in one community, G1–G2–G3–G4 in a row, 20 shops each, never inspected.
  static func district() -> (District, [RiskScore]) {
    var district = District()
    var scores: [RiskScore] = []
    for g in 1...4 {
      district.grids.append(Grid(id: "G\(g)", subdistrictID: "D1", communityID: "C1"))
      for i in 0..<20 {
        let id = "G\(g)-\(i)"
        district.shops.append(
          Shop(id: id, name: id, streetID: "S1", gridID: "G\(g)", category: "shop.retail"))
        scores.append(RiskScore(entity: .shop, id: id, score: Double(i) / 20, rank: 0, level: .yellow))
      }
    }
    district.adjacency = [
      GridAdjacency(gridID: "G1", neighborID: "G2"), GridAdjacency(gridID: "G2", neighborID: "G3"),
      GridAdjacency(gridID: "G3", neighborID: "G4"),
    ]
    return (district, scores)
  }

  @Test("the default pairing puts each grid's B post on a neighbouring grid's worker")
  func pairing() {
    let posts = GridPosts.pairing(district: Self.district().0)
    #expect(posts.backup == ["G1": "G2", "G2": "G1", "G3": "G2", "G4": "G3"])
  }

  @Test("with everyone on duty, each grid is walked by post A at full capacity")
  func allOnDuty() {
    let (district, scores) = Self.district()
    let config = PatrolConfig(horizonDays: 3, gridWorkerDailyCapacity: 5)
    let plan = PatrolPlanner(config: config).gridLists(
      district: district, scores: scores, asOf: F.asOf, posts: GridPosts.pairing(district: district))
    let perDay = Dictionary(grouping: plan.rows, by: { "\($0.gridID) \($0.day)" })
    #expect(perDay.count == 4 * 3)
    #expect(perDay.values.allSatisfy { $0.count == 5 })
    #expect(plan.rows.allSatisfy { $0.post == .a && $0.coveredBy == nil })
  }

  @Test("when A is away, B covers, sharing its capacity between its own grid and the covered one")
  func bCovers() {
    let (district, scores) = Self.district()
    let away = F.asOf.advanced(by: 2)
    let posts = GridPosts.pairing(district: district, away: ["G4": [away]])
    let config = PatrolConfig(horizonDays: 3, gridWorkerDailyCapacity: 5)
    let plan = PatrolPlanner(config: config).gridLists(
      district: district, scores: scores, asOf: F.asOf, posts: posts)
    let g4 = plan.rows.filter { $0.gridID == "G4" && $0.day == away }
    let g3 = plan.rows.filter { $0.gridID == "G3" && $0.day == away }
    #expect(g4.count == 2 && g4.allSatisfy { $0.post == .b && $0.coveredBy == "G3" })
    #expect(g3.count == 3 && g3.allSatisfy { $0.post == .a })
    // The worker's day stays within one worker's capacity.
    #expect(g3.count + g4.count == 5)
    #expect(plan.rows.filter { $0.gridID == "G4" && $0.day != away }.allSatisfy { $0.post == .a })
  }

  @Test("when A and B are both away, nobody walks the grid and the plan says so")
  func nobodyOnDuty() {
    let (district, scores) = Self.district()
    let day = F.asOf.advanced(by: 1)
    let posts = GridPosts.pairing(district: district, away: ["G4": [day], "G3": [day]])
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 1)).gridLists(
      district: district, scores: scores, asOf: F.asOf, posts: posts)
    #expect(!plan.rows.contains { $0.gridID == "G4" })
    #expect(plan.notes.filter { $0.kind == .uncovered }.map(\.teamID) == ["G4"])
    // G3's A is away too, but its B (G2's worker) is on duty and covers it.
    let g3 = plan.rows.filter { $0.gridID == "G3" }
    #expect(!g3.isEmpty && g3.allSatisfy { $0.post == .b && $0.coveredBy == "G2" })
  }
}
