import Records
import Testing

@testable import YanpanCLI

/// A night makes scores (records) only for the shops its summary reads; the lists read the sheet.
@Suite("The shops a nightly summary reads")
struct NightlySummaryShopsTests {
  /// `count` shop scores ranked 1…count (listed in reverse), of the levels `level(rank)`.
  private func sheet(_ count: Int, level: (Int) -> RiskLevel) -> ScoreSheet {
    let scores = (1...count).reversed().map { rank in
      RiskScore(entity: .shop, id: "SH\(rank)", score: 1 / Double(rank), rank: rank, level: level(rank))
    }
    return ScoreSheet(scores, entity: .shop)
  }

  @Test("every red and orange shop, in rank order, even one ranked below yellow shops")
  func redAndOrange() {
    let sheet = sheet(400) { rank in rank <= 60 ? .red : rank <= 100 ? .orange : rank == 300 ? .orange : .blue
    }
    let shown = NightlyCommand.summaryShops(sheet)
    #expect(shown.map { sheet.ranks[$0] } == Array(1...300))
  }

  @Test("at least the top shops the summary compares, when fewer are red or orange")
  func topShops() {
    let few = sheet(400) { $0 <= 3 ? .red : .yellow }
    #expect(NightlyCommand.summaryShops(few).map { few.ranks[$0] } == Array(1...NightlySummary.topShops))
    let small = sheet(20) { _ in .blue }
    #expect(NightlyCommand.summaryShops(small).count == 20)
  }
}
