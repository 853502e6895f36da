import Foundation
import Records
import Store
import Testing

@Suite("Score snapshots in packed blocks")
struct ScoreSnapshotTests {
  /// `n` shop scores with shared and distinct reason texts, contributions and awkward numbers.
  static func shops(_ n: Int) -> [RiskScore] {
    (0..<n).map { i in
      RiskScore(
        entity: .shop, id: "SH\(i)", score: 1 / Double(i + 3), rank: i + 1,
        level: RiskLevel.allCases[i % 4],
        contributions: (0..<(i % 9)).map {
          Contribution(feature: "f\($0)", value: Double(i) * 0.1, contribution: -Double($0) / 7)
        },
        reasons: (0..<(i % 4)).map { Reason(zh: "近30天案事件\($0 + i % 5)起", en: "\($0) incidents") })
    }
  }

  @Test("tens of thousands of scores span several blocks and come back bit for bit, in rank order")
  func manyBlocks() throws {
    let store = try Store.inMemory()
    let grids = [
      RiskScore(
        entity: .grid, id: "G1", score: -0.0, rank: 1, level: .red, giZ: .infinity, trend: "新出现",
        contributions: [Contribution(feature: "incidents.all.hl30", value: .pi, contribution: 1e-300)]),
      RiskScore(entity: .grid, id: "网格2", score: .leastNonzeroMagnitude, rank: 2, level: .blue, giZ: nil),
    ]
    let shops = Self.shops(70_000)
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, scores: shops.shuffled() + grids.reversed())
    let back = try #require(try store.latestScores(asOf: nil))
    #expect(back.run == run)
    #expect(back.scores.count == grids.count + shops.count)
    #expect(back.scores == grids + shops)
    #expect(back.scores[0].score.sign == .minus)
  }

  @Test("a list reads only the kinds, the top ranks and the parts it asks for")
  func partialReads() throws {
    let store = try Store.inMemory()
    let shops = Self.shops(40_000)
    let grid = RiskScore(entity: .grid, id: "G1", score: 0.5, rank: 1, level: .red, giZ: 1.5, trend: "none")
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, scores: [grid] + shops)
    let onlyShops = try #require(try store.latestScores(asOf: nil, entities: [.shop], contributions: false))
    #expect(onlyShops.scores.count == shops.count)
    #expect(onlyShops.scores.allSatisfy { $0.contributions.isEmpty })
    var bare = shops
    for i in bare.indices { bare[i].contributions = [] }
    #expect(onlyShops.scores == bare)
    let top = try #require(try store.latestScores(asOf: nil, entities: [.shop], top: 50))
    #expect(top.scores == Array(shops.prefix(50)))
    let grids = try #require(try store.latestScores(asOf: nil, entities: [.grid]))
    #expect(grids.scores == [grid])
  }

  @Test("a list's sheet holds the scores a read of them gives, without contributions, over several blocks")
  func sheetRead() throws {
    let store = try Store.inMemory()
    let shops = Self.shops(70_000)
    let grids = [
      RiskScore(entity: .grid, id: "G1", score: 0.5, rank: 1, level: .red, giZ: 1.5, trend: "持续"),
      RiskScore(entity: .grid, id: "G2", score: 0.25, rank: 2, level: .blue, giZ: nil, trend: nil),
    ]
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, scores: grids + shops.shuffled())
    let sheet = try #require(try store.latestSheet(asOf: nil, entity: .shop))
    #expect(sheet.run == run)
    #expect(sheet.sheet.count == shops.count)
    let read = try #require(try store.latestScores(asOf: nil, entities: [.shop], contributions: false))
    #expect(sheet.sheet.riskScores == read.scores)
    // Each reason sentence once in the whole sheet, though every block has its own table.
    #expect(Set(sheet.sheet.texts).count == sheet.sheet.texts.count)
    let gridSheet = try #require(try store.latestSheet(asOf: nil, entity: .grid)).sheet
    #expect(gridSheet.riskScores == grids)
    #expect(try store.latestSheet(asOf: Day(year: 2024, month: 1, day: 1), entity: .shop) == nil)
  }

  @Test("a snapshot without scores is still found")
  func emptySnapshot() throws {
    let store = try Store.inMemory()
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, scores: [])
    let back = try #require(try store.latestScores(asOf: nil))
    #expect(back.run == run && back.scores.isEmpty)
  }

  @Test("a sheet gives back the scores it was made from, and stores the same snapshot as they do")
  func sheets() throws {
    let shops = Self.shops(5_000)
    let grids = [
      RiskScore(entity: .grid, id: "G2", score: 0.25, rank: 2, level: .orange, giZ: nil, trend: "sporadic"),
      RiskScore(
        entity: .grid, id: "G1", score: 0.5, rank: 1, level: .red, giZ: -1.5, trend: nil,
        contributions: [Contribution(feature: "f1", value: 2, contribution: 0.5)],
        reasons: [Reason(zh: "甲", en: "a"), Reason(zh: "甲", en: "b")]),
    ]
    let shopSheet = ScoreSheet(shops, entity: .shop)
    let gridSheet = ScoreSheet(grids, entity: .grid)
    #expect(shopSheet.riskScores == shops)
    #expect(gridSheet.riskScores == grids)
    #expect(gridSheet.count(of: .red) == 1 && shopSheet.count(of: .blue) == shops.count / 4)
    // For lists: the same scores without their contributions.
    var bare = grids[1]
    bare.contributions = []
    #expect(gridSheet.score(at: 1, contributions: false) == bare)
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    let a = try Store.inMemory()
    try a.saveScores(run: run, scores: grids + shops)
    let b = try Store.inMemory()
    try b.saveScores(run: run, sheets: [shopSheet, gridSheet])
    let fromScores = try #require(try a.latestScores(asOf: nil))
    let fromSheets = try #require(try b.latestScores(asOf: nil))
    #expect(fromSheets.scores == fromScores.scores)
    #expect(fromSheets.scores == grids.reversed() + shops)
  }

  @Test("ranks that are not 1…n, ties included, are stored by rank and then id")
  func unusualRanks() throws {
    let scores = [
      RiskScore(entity: .shop, id: "B", score: 0.5, rank: 7, level: .red),
      RiskScore(entity: .shop, id: "A", score: 0.5, rank: 7, level: .red),
      RiskScore(entity: .shop, id: "C", score: 0.1, rank: 3, level: .blue),
    ]
    let store = try Store.inMemory()
    let run = ScoreRun(asOf: Day(year: 2024, month: 1, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, sheets: [ScoreSheet(scores, entity: .shop)])
    let back = try #require(try store.latestScores(asOf: nil))
    #expect(back.scores.map(\.id) == ["C", "A", "B"])
  }
}
