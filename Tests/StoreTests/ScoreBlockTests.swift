import Foundation
import Records
import Testing

@testable import Store

/// How a block stores its scores' contributions: each distinct one once, numbered.
@Suite("Score block contributions")
struct ScoreBlockTests {
  /// `n` shops whose contributions come from a few patterns (as most shops of a district, with few
  /// or no records, have alike), every seventh with one of its own.
  static func alikeShops(_ n: Int) -> [RiskScore] {
    let patterns = (0..<5).map { p in
      (0..<(p + 2)).map { f in
        Contribution(feature: "f\(f)", value: Double(p), contribution: -0.25 * Double(f + p))
      }
    }
    return (0..<n).map { i in
      var contributions = patterns[i % 5]
      if i % 7 == 0 {
        contributions.append(Contribution(feature: "own", value: Double(i), contribution: 1 / Double(i + 1)))
      }
      return RiskScore(
        entity: .shop, id: "SH\(i)", score: 1 / Double(i + 2), rank: i + 1, level: .blue,
        contributions: contributions)
    }
  }

  /// The scores a block gives back, read as `Store` reads them.
  static func decoded(_ block: ScoreBlock, entity: RiskScore.Entity = .shop) throws -> [RiskScore] {
    try block.entries.withUnsafeBytes { entries in
      try block.contributions.withUnsafeBytes { contributions in
        try ScoreBlock.decode(entity: entity, entries: entries, contributions: contributions)
      }
    }
  }

  @Test(
    "shops alike share their contributions: each distinct one is stored once, and every shop reads back its own"
  )
  func distinctOnce() throws {
    let shops = Self.alikeShops(10_000)
    let block = ScoreBlock(ScoreSheet(shops, entity: .shop), units: Array(0..<10_000)[...])
    #expect(try Self.decoded(block) == shops)
    // 5 patterns of 2…6 contributions (20 distinct) and one of its own for every seventh shop.
    let own = (0..<10_000).filter { $0 % 7 == 0 }.count
    let distinct = 20 + own
    let numbered = shops.reduce(0) { $0 + $1.contributions.count }
    // u32 count, then per name u32 length + UTF-8: f0…f5 and "own".
    let names = 4 + 6 * (4 + 2) + (4 + 3)
    // The feature names, the count and width, the distinct ones, then a count and 2-byte numbers per shop.
    #expect(block.contributions.count == names + 4 + 1 + 20 * distinct + 10_000 + 2 * numbered)
    #expect(block.entries.first == ScoreBlock.version)
  }

  @Test("contributions equal as numbers but not as bits stay apart: 0 and −0")
  func signedZeros() throws {
    let shops = [0.0, -0.0, 0.0].enumerated().map { i, amount in
      RiskScore(
        entity: .shop, id: "SH\(i)", score: 0.5, rank: i + 1, level: .blue,
        contributions: [Contribution(feature: "f", value: amount, contribution: amount)])
    }
    let back = try Self.decoded(ScoreBlock(ScoreSheet(shops, entity: .shop), units: Array(0..<3)[...]))
    let signs: [FloatingPointSign] = [.plus, .minus, .plus]
    #expect(back.map { $0.contributions[0].contribution.sign } == signs)
    #expect(back.map { $0.contributions[0].value.sign } == signs)
  }

  @Test("more than 65,536 distinct contributions in a block are numbered in four bytes")
  func wideNumbers() throws {
    let shops = (0..<25_000).map { i in
      RiskScore(
        entity: .shop, id: "SH\(i)", score: 1 / Double(i + 2), rank: i + 1, level: .blue,
        contributions: (0..<3).map {
          Contribution(feature: "f\($0)", value: Double(i), contribution: Double(3 * i + $0))
        })
    }
    let block = ScoreBlock(ScoreSheet(shops, entity: .shop), units: Array(0..<25_000)[...])
    let names = 4 + 3 * (4 + 2)
    #expect(block.contributions[names + 4] == 4)
    #expect(block.contributions.count == names + 4 + 1 + 20 * 75_000 + 25_000 + 4 * 75_000)
    #expect(try Self.decoded(block) == shops)
  }

  @Test("a snapshot stored before contributions were numbered (block version 1) still reads whole")
  func versionOne() throws {
    let shops = Self.alikeShops(300)
    let store = try Store.inMemory()
    let run = ScoreRun(asOf: Day(year: 2026, month: 11, day: 2), modelVersion: "m", dataFingerprint: "d")
    try store.saveScores(run: run, scores: shops)
    // The entries are laid out alike in both versions; version 1 wrote every contribution in full.
    var entries = ScoreBlock(ScoreSheet(shops, entity: .shop), units: Array(0..<300)[...]).entries
    entries[0] = 1
    var features: [String] = []
    var full = LittleEndianBytes()
    for shop in shops {
      full.u8(UInt8(shop.contributions.count))
      for c in shop.contributions {
        if !features.contains(c.feature) { features.append(c.feature) }
        full.u32(UInt32(features.firstIndex(of: c.feature)!))
        full.f64(c.value)
        full.f64(c.contribution)
      }
    }
    var old = LittleEndianBytes()
    old.u32(UInt32(features.count))
    for name in features {
      old.u32(UInt32(name.utf8.count))
      old.bytes += Array(name.utf8)
    }
    old.bytes += full.bytes
    try store.queue.write { db in
      try db.execute(
        sql: "UPDATE score_blocks SET entries = ?, contributions = ? WHERE entity = 'shop'",
        arguments: [Data(entries), Data(old.bytes)])
    }
    #expect(try store.latestScores(asOf: nil)?.scores == shops)
    #expect(try store.score(of: "SH7", entity: .shop, asOf: nil)?.score == shops[7])
    #expect(try store.latestSheet(asOf: nil, entity: .shop)?.sheet.ids == shops.map(\.id))
  }
}

/// Little-endian bytes, as a version 1 block was written.
private struct LittleEndianBytes {
  var bytes: [UInt8] = []
  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
  mutating func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
}
