import Foundation
import Records
import Testing

@testable import Reports

@Suite("CSVWriter: fields written as bytes, exactly as CSV.field and Cell write them")
struct CSVWriterTests {
  /// Texts whose quoting turns on each rule: special bytes, ASCII and wide whitespace at the ends,
  /// combining marks, flags, Chinese text and ASCII.
  static let tricky = [
    "plain", "中文", "a,b", "say \"hi\"", "two\nlines", "crlf\r\nend", " lead", "trail ", "\ttab",
    "全角空格\u{3000}",
    "\u{3000}全角", "e\u{301}", " \u{301}", "x\u{301} ", "中\u{301}", "🇨🇳", "", "0.9951", "SH000368", "鑫泰维修部",
    "近180天案事件 187 起；近30天信访 7 件", "（括号）", "《书名》", "a\u{200D}", "\u{0600}中", "中\u{0600}",
    "\u{FEFF}bom", "end\u{0085}",
  ]

  static func written(_ write: (inout CSVWriter) -> Void) -> String {
    var out = CSVWriter(capacity: 16)
    write(&out)
    return String(decoding: out.take(), as: UTF8.self)
  }

  @Test("a field is written as CSV.field writes it", arguments: tricky)
  func field(text: String) {
    #expect(Self.written { $0.field(text) } == CSV.field(text))
  }

  @Test("a field made of parts is written as CSV.field writes the parts joined")
  func parts() {
    for (k, text) in Self.tricky.enumerated() {
      let items = [
        text, Self.tricky[(k * 5 + 2) % Self.tricky.count], Self.tricky[(k * 3 + 1) % Self.tricky.count],
      ]
      let joined = items.joined(separator: Cell.listSeparator)
      let written = Self.written { out in
        for (i, item) in items.enumerated() {
          if i > 0 { out.part(Cell.listSeparator) }
          out.part(item)
        }
        out.endField()
      }
      #expect(written == CSV.field(joined), "\(items.debugDescription)")
    }
  }

  @Test(
    "numbers are written as Cell.number shows them: fixed decimals, half away from zero, no -0, non-finite empty"
  )
  func numbers() {
    let values: [Double] = [
      0, -0.0, 0.00004, -0.00004, 0.00005, -0.00005, 0.99995, 0.0120, 1, -1.5, 123_456.789_01, 0.1 + 0.2,
      1e-300,
      .nan, .infinity, -.infinity, 0.044_449_999_999, 9_999.999_95,
    ]
    for value in values {
      for digits in [0, 1, 2, 4, 6] {
        #expect(
          Self.written { $0.number(value, digits: digits) } == Cell.number(value, digits: digits).text,
          "\(value) with \(digits) digits")
      }
    }
  }

  @Test("integers are written as their decimal text")
  func integers() {
    for value in [0, 7, 10, -1, -10, 1_234_567, Int.max, Int.min] {
      #expect(Self.written { $0.integer(value) } == String(value))
    }
  }

  @Test("days are written as Day.iso writes them, when the year has four digits")
  func days() {
    let first = Day(year: 0, month: 1, day: 1).number
    let last = Day(year: 9999, month: 12, day: 31).number
    for number in Array(stride(from: first, through: last, by: 997)) + [
      Day(year: 2024, month: 2, day: 29).number, last,
    ] {
      var out = CSVWriter(capacity: 10)
      let written = out.isoDay(Day(number))
      #expect(written)
      #expect(String(decoding: out.take(), as: UTF8.self) == Day(number).iso)
    }
    for day in [Day(year: -1, month: 12, day: 31), Day(year: 10_000, month: 1, day: 1)] {
      var out = CSVWriter(capacity: 10)
      let written = out.isoDay(day)
      #expect(!written)
      #expect(out.take().isEmpty)
    }
  }

  @Test("records are fields joined by commas, ending in CRLF, after the prefix")
  func records() {
    var out = CSVWriter(capacity: 8, prefix: TextEncoding.byteOrderMark)
    out.field("a,b")
    out.comma()
    out.integer(3)
    out.endRecord()
    #expect(out.take() == TextEncoding.byteOrderMark + Array("\"a,b\",3\r\n".utf8))
  }
}
