import Foundation
import Records
import Testing

@testable import Reports

@Suite("CSV: RFC 4180 quoting, UTF-8 with BOM for Excel, GB18030")
struct CSVTests {
  @Test("fields with a comma, a quote, a line break or edge spaces are quoted, quotes doubled")
  func quoting() {
    #expect(CSV.field("plain") == "plain")
    #expect(CSV.field("中文") == "中文")
    #expect(CSV.field("a,b") == "\"a,b\"")
    #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSV.field("two\nlines") == "\"two\nlines\"")
    #expect(CSV.field("crlf\r\nend") == "\"crlf\r\nend\"")
    #expect(CSV.field(" padded") == "\" padded\"")
    #expect(CSV.field("") == "")
  }

  @Test(
    "a table's CSV is its fields as `CSV.field` writes them, joined by commas, each record ending in CRLF")
  func tableMatchesFields() {
    let tricky = [
      "plain", "中文", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ", "\ttab", "全角空格\u{3000}",
      "\u{3000}全角", "e\u{301}", " \u{301}", "x\u{301} ", "🇨🇳", "", "0.9951", "近180天案事件 187 起；近30天信访 7 件",
      "中\u{301}", "\u{0600}中", "中\u{0600}", "a\u{200D}", "（括号）", "end\u{0085}", "\u{FEFF}bom", "老王烧烤",
      "中 ", " 中", "中\u{3000}",
    ]
    let rows = (0..<tricky.count).map { k in [tricky[k], tricky[(k * 7 + 3) % tricky.count]] }
    let table = ReportTable(columns: [.init("a"), .init("b,c")], rows: rows.map { $0.map { Cell.text($0) } })
    let expected = ([["a", "b,c"]] + rows).map { $0.map(CSV.field).joined(separator: ",") + "\r\n" }.joined()
    #expect(table.csvText() == expected)
    #expect(CSV.render(header: ["a", "b,c"], rows: rows) == expected)
    // The byte shortcut at the ends decides as the characters do.
    for text in tricky {
      let byCharacters =
        text.contains { $0 == "," || $0 == "\"" || $0.isNewline } || text.first?.isWhitespace == true
        || text.last?.isWhitespace == true
      #expect(CSV.needsQuotes(text) == byCharacters, "\(text.debugDescription)")
    }
    #expect(CSV.field("\u{3000}全角") == "\"\u{3000}全角\"")
    #expect(CSV.field("e\u{301}") == "e\u{301}")
  }

  @Test("records end in CRLF, header first")
  func records() {
    let text = CSV.render(header: ["a", "b"], rows: [["1", "x,y"], ["2", ""]])
    #expect(text == "a,b\r\n1,\"x,y\"\r\n2,\r\n")
  }

  @Test("a table's CSV starts with the UTF-8 BOM by default, and not with --encoding utf8")
  func byteOrderMark() throws {
    let table = ReportTable(columns: [.init("name")], rows: [[.text("网格")]])
    let withBOM = try table.csv()
    #expect(Array(withBOM.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(String(decoding: withBOM.dropFirst(3), as: UTF8.self) == "name\r\n网格\r\n")
    let plain = try table.csv(encoding: .utf8)
    #expect(Array(plain.prefix(4)) == Array("name".utf8))
    #expect(try TextEncoding.utf8BOM.decode(withBOM) == TextEncoding.utf8.decode(plain))
  }

  @Test("GB18030 encodes 中 as D6 D0 (its GB 2312 code) and round-trips any Unicode text")
  func gb18030() throws {
    #expect(Array(try TextEncoding.gb18030.encode("中")) == [0xD6, 0xD0])
    // ASCII, common hanzi, full-width punctuation, an Extension B ideograph and an emoji: GB18030
    // covers all of Unicode, the last two through its four-byte sequences.
    let text = "grid_id,名称\r\nG1,\"老王烧烤，夜宵；𠀀 😀\"\r\n"
    let bytes = try TextEncoding.gb18030.encode(text)
    #expect(bytes.count != text.utf8.count)
    #expect(!bytes.starts(with: TextEncoding.byteOrderMark))
    #expect(try TextEncoding.gb18030.decode(bytes) == text)
  }

  @Test("the --encoding option names")
  func options() {
    #expect(TextEncoding(option: "utf8") == .utf8)
    #expect(TextEncoding(option: "UTF-8") == .utf8)
    #expect(TextEncoding(option: "gb18030") == .gb18030)
    #expect(TextEncoding(option: "latin1") == nil)
  }

  @Test("a reasons list is joined by the full-width semicolon in CSV and is an array in JSON")
  func lists() {
    let cell = Cell.list(["近30天案事件5起", "物业纠纷"])
    #expect(cell.text == "近30天案事件5起；物业纠纷")
    #expect(cell.json == .array([.string("近30天案事件5起"), .string("物业纠纷")]))
  }

  @Test("numbers are written with fixed decimals, half away from zero, never as -0")
  func numbers() {
    #expect(Cell.number(0.12345, digits: 4).text == "0.1235")
    #expect(Cell.number(-0.00001, digits: 2).text == "0.00")
    #expect(Cell.number(2.5, digits: 0).text == "3")
    #expect(Cell.number(Double.nan, digits: 2).text == "")
    #expect(Cell.number(Double.infinity, digits: 2).json == .null)
    #expect(Cell.decimal(nil, digits: 2) == .empty)
    #expect(Cell.decimal(Double.nan, digits: 2) == .empty)
  }

  @Test(
    "a long list rendered in chunks on several cores is the same bytes as one pass, in every encoding",
    arguments: [TextEncoding.utf8BOM, .utf8, .gb18030])
  func chunks(encoding: TextEncoding) throws {
    let columns = [ReportTable.Column("id"), ReportTable.Column("name"), ReportTable.Column("score")]
    let rows: [[Cell]] = (0..<100_003).map { k in
      [.integer(k), .text(k % 7 == 0 ? "商铺 \"\(k)\", 东" : "店\(k)"), .number(Double(k) / 3, digits: 4)]
    }
    let onePass = try ReportTable.csv(columns: columns, rows: rows, encoding: encoding)
    let chunked = try ReportTable.csv(columns: columns, count: rows.count, encoding: encoding) { rows[$0] }
    #expect(chunked == onePass)
    let empty = try ReportTable.csv(columns: columns, count: 0, encoding: encoding) { rows[$0] }
    #expect(empty == (try ReportTable(columns: columns).csv(encoding: encoding)))
  }
}
