import Foundation
import Records
import Testing

@testable import Store

/// One unit's score read without unpacking the whole snapshot (`Store.score(of:entity:asOf:)`).
@Suite("One score from a snapshot")
struct ScoreLookupTests {
  /// 70,000 shops, more than two blocks, with contributions, ranked by id number.
  static func store() throws -> (Store, ScoreRun, [RiskScore]) {
    let store = try Store.inMemory()
    let run = ScoreRun(asOf: Day(year: 2023, month: 5, day: 10), modelVersion: "m1", dataFingerprint: "d1")
    let shops = (1...70_000).map { k in
      RiskScore(
        entity: .shop, id: "SH\(k)", score: 1 / Double(k), rank: k, level: k <= 100 ? .red : .blue,
        contributions: [Contribution(feature: "f\(k % 3)", value: Double(k), contribution: 0.5)],
        reasons: [Reason(zh: "原因\(k % 5)", en: "reason \(k % 5)")])
    }
    let grids = [RiskScore(entity: .grid, id: "G1", score: 0.5, rank: 1, level: .red)]
    try store.saveScores(run: run, scores: grids + shops)
    return (store, run, shops)
  }

  @Test("a unit's score comes back whole, with how many units of its kind the snapshot ranks")
  func lookup() throws {
    let (store, run, shops) = try Self.store()
    // The first, one in the last block, and one whose id is a prefix of others' (SH1 of SH10…).
    for k in [1, 69_999, 12] {
      let found = try #require(try store.score(of: "SH\(k)", entity: .shop, asOf: nil))
      #expect(found.run == run)
      #expect(found.peers == 70_000)
      #expect(found.score == shops[k - 1])
    }
    #expect(try store.score(of: "G1", entity: .grid, asOf: nil)?.peers == 1)
    // Not in the snapshot, or asked of the other kind: no score, the snapshot still named.
    #expect(try store.score(of: "SH70001", entity: .shop, asOf: nil)?.score == nil)
    #expect(try store.score(of: "SH5", entity: .grid, asOf: nil)?.score == nil)
    // No snapshot on or before the day: nothing.
    #expect(try store.score(of: "SH1", entity: .shop, asOf: Day(year: 2023, month: 5, day: 1)) == nil)
  }

  @Test("the byte search finds a needle anywhere, and nothing that is not there")
  func byteSearch() {
    let bytes: [UInt8] = [9, 0, 0, 0, 83, 72, 49, 9, 0, 0, 0, 83, 72, 50]
    bytes.withUnsafeBytes { b in
      #expect(ScoreBlock.contains([9, 0, 0, 0, 83, 72, 50], in: b))
      #expect(ScoreBlock.contains([9, 0, 0, 0, 83], in: b))
      #expect(!ScoreBlock.contains([72, 51], in: b))
      #expect(!ScoreBlock.contains(bytes + [0], in: b))
    }
  }
}
