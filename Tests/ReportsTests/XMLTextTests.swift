import Testing

@testable import Reports

@Suite("XML text in maps")
struct XMLTextTests {
  @Test("markup characters are escaped; plain text, Chinese and full-width punctuation pass as they are")
  func escaping() {
    #expect(XMLText.escape("G0001 新建社区第1网格") == "G0001 新建社区第1网格")
    #expect(XMLText.escape("东河区！（一）") == "东河区！（一）")
    #expect(XMLText.escape(#"A&B <c> "d" 'e'"#) == "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;")
  }

  @Test("characters XML 1.0 forbids are dropped; tab, line feed and carriage return are kept")
  func forbidden() {
    #expect(XMLText.escape("a\u{01}b\u{FFFE}c\u{FFFF}d") == "abcd")
    #expect(XMLText.escape("a\tb\nc\rd") == "a\tb\nc\rd")
  }
}
