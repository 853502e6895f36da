import Testing

@testable import Scoring

@Suite("Id index: rows of ids, looked up as a Dictionary of Strings would")
struct IDIndexTests {
  @Test("each id finds its row; a repeated id finds its first row; an unknown id finds none")
  func rows() {
    let index = IDIndex(["S1", "S2", "S10", "S2"])
    #expect(index.row(of: "S1") == 0)
    #expect(index.row(of: "S10") == 2)
    #expect(index.row(of: "S2") == 1)
    #expect(index.repeated)
    #expect(index.row(of: "S3") == nil)
    #expect(index.row(of: "") == nil)
    #expect(!IDIndex(["a", "b"]).repeated)
  }

  @Test("ids that are not ASCII are found too, and text equal as Strings finds the same row")
  func unicode() {
    let index = IDIndex(["商铺-1", "Cafe\u{301}", "K-1"])
    #expect(index.row(of: "商铺-1") == 0)
    // "é" precomposed equals "e" + combining acute as a String.
    #expect(index.row(of: "Caf\u{E9}") == 1)
    let ascii = IDIndex(["K-1", "B;2"])
    // U+212A KELVIN SIGN is canonically "K"; U+037E GREEK QUESTION MARK is ";".
    #expect(ascii.row(of: "\u{212A}-1") == 0)
    #expect(ascii.row(of: "B\u{37E}2") == 1)
    #expect(ascii.row(of: "ü") == nil)
  }

  @Test("many keys looked up at once, on several cores, agree with one at a time")
  func many() {
    let ids = (0..<120_000).map { "SHOP-\($0 * 7)" }
    let index = IDIndex(ids)
    let keys = (0..<150_000).map { k -> String? in k % 5 == 4 ? nil : "SHOP-\(k)" }
    let found = index.rows(count: keys.count) { keys[$0] }
    #expect(found.count == keys.count)
    for k in keys.indices {
      let expected = keys[k].flatMap { index.row(of: $0) }.map(Int32.init) ?? -1
      #expect(found[k] == expected)
      if found[k] != expected { break }
    }
    #expect(found[7] == 1)
    #expect(found[8] == -1)
    #expect(found[9] == -1)
  }

  @Test("an index of many ids, filled on two cores, finds each id's first row")
  func filledOnCores() {
    // Every tenth id repeats the id nine rows before it; the rest are distinct.
    let ids = (0..<(2 * IDIndex.manyIDs)).map { k in k % 10 == 9 ? "SH\(k - 9)" : "SH\(k)" }
    let index = IDIndex(ids)
    #expect(index.repeated)
    let wrong = ids.indices.filter { k in index.row(of: ids[k]) != (k % 10 == 9 ? k - 9 : k) }
    #expect(Array(wrong.prefix(3)) == [], "\(wrong.count) ids found at another row")
    #expect(index.row(of: "SH9") == nil)
    let distinct = IDIndex((0..<(2 * IDIndex.manyIDs)).map { "SH\($0)" })
    #expect(!distinct.repeated)
    #expect(distinct.rows(count: 3) { ["SH5", "SH199999", "SH200000"][$0] } == [5, 199_999, -1])
  }
}
