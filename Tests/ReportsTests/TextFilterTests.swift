import Testing

@testable import Reports

@Suite("Text filter")
struct TextFilterTests {
  @Test("every text of the set passes; most others do not; texts not ASCII always pass")
  func filter() throws {
    let members = (0..<5_000).map { "SH\($0 * 3)" }
    let filter = try #require(TextFilter(members))
    #expect(members.allSatisfy(filter.mayContain))
    // 16 bits per text, two of them per text: about 1.4% of other texts pass (Bloom's bound).
    let others = (0..<20_000).map { "SH\($0 * 3 + 1)" }
    let passed = others.filter(filter.mayContain).count
    #expect(passed < others.count / 20, "\(passed) of \(others.count)")
    // A text that is not ASCII may equal a member as a String with other bytes: it passes.
    #expect(filter.mayContain("SH\u{FF10}"))
    #expect(filter.mayContain("\u{212A}"))
    // A set with a text that is not ASCII has no filter.
    #expect(TextFilter(["SH1", "店"]) == nil)
    #expect(try #require(TextFilter([])).mayContain("SH1") == false)
  }
}
