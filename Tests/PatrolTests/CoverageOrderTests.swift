import Foundation
import Records
import Testing

@testable import Patrol

@Suite("Coverage order")
struct CoverageOrderTests {
  static let day = Day(year: 2024, month: 6, day: 2)

  /// Five shops, riskiest first by score: late ones (deadline before the day) come by risk, then
  /// the rest by deadline, each deadline's by risk.
  static func order(deadlines: [Int], floor: Int, count: Int, candidate: (Int) -> Bool = { _ in true })
    -> [Int]
  {
    let standings = (0..<deadlines.count).map { i in
      ShopStanding(shop: Int32(i), score: Double(deadlines.count - i))
    }
    let order = PatrolPlanner.TeamOrder(standings, idRank: (0..<Int32(deadlines.count)).map { $0 })
    return PatrolPlanner().coverageOrder(
      order: order, day: day, floor: floor, deadline: deadlines.map { day.advanced(by: $0) }, count: count,
      candidate: candidate)
  }

  @Test("late shops by risk first, then by deadline, ties by risk")
  func order() {
    // Shop 0 is the riskiest. Deadlines (days from the day): 3, -2, 0, -5, 3.
    #expect(Self.order(deadlines: [3, -2, 0, -5, 3], floor: 30, count: 5) == [1, 3, 2, 0, 4])
    #expect(Self.order(deadlines: [3, -2, 0, -5, 3], floor: 30, count: 3) == [1, 3, 2])
    #expect(
      Self.order(deadlines: [3, -2, 0, -5, 3], floor: 30, count: 5, candidate: { $0 != 3 }) == [1, 2, 0, 4])
  }

  @Test("a deadline beyond the floor gives the same order, by a sort")
  func beyondFloor() {
    #expect(Self.order(deadlines: [3, -2, 40, -5, 3], floor: 30, count: 5) == [1, 3, 0, 4, 2])
  }
}
