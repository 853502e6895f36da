import Foundation
import Testing

@testable import Reports

@Suite("Terminal and Markdown tables: Chinese text counts two columns")
struct TableTests {
  @Test("display width: CJK and full-width forms are 2, ASCII 1, combining marks 0")
  func widths() {
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("网格") == 4)
    #expect(DisplayWidth.of("（１）") == 6)  // full-width brackets and digit
    #expect(DisplayWidth.of("；") == 2)
    #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
    #expect(DisplayWidth.of("𠀀") == 2)  // CJK Extension B
    #expect(DisplayWidth.of("Gi* z") == 5)
  }

  @Test("every column starts at the same terminal column on every line")
  func alignment() {
    let table = ReportTable(
      columns: [.init("rank", title: "排名"), .init("name", title: "名称"), .init("score", title: "风险分")],
      rows: [
        [.integer(1), .text("老王烧烤店"), .number(0.91234, digits: 4)],
        [.integer(10), .text("ab"), .number(0.5, digits: 4)],
        [.integer(100), .text("Ｗｉｄｅ混合mixed"), .number(0.05, digits: 4)],
      ])
    let lines = table.terminal().split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    // The last column is numeric, so right-aligned: every line ends at the same column.
    let widths = lines.map { DisplayWidth.of($0) }
    #expect(Set(widths).count == 1, "line widths \(widths)")
    // The second column starts where the header's does, found by display width of the prefix.
    func start(of text: String, in line: String) -> Int? {
      line.range(of: text).map { DisplayWidth.of(line[..<$0.lowerBound]) }
    }
    let column = start(of: "名称", in: lines[0])
    #expect(start(of: "老王烧烤店", in: lines[2]) == column)
    #expect(start(of: "ab", in: lines[3]) == column)
    #expect(start(of: "Ｗｉｄｅ", in: lines[4]) == column)
    // Numbers right-aligned: "1" ends where "100" ends.
    #expect(lines[2].hasPrefix("   1  ") || lines[2].hasPrefix("    1  "))
  }

  @Test("long cells are cut with an ellipsis at the width limit")
  func truncation() {
    let cut = DisplayWidth.truncate("一二三四五六七八九十", to: 9)
    #expect(DisplayWidth.of(cut) <= 9)
    #expect(cut.hasSuffix("…"))
  }

  @Test("Markdown escapes pipes and aligns numbers right")
  func markdown() {
    let table = ReportTable(columns: [.init("name"), .init("n")], rows: [[.text("a|b"), .integer(3)]])
    #expect(table.markdown() == "| name | n |\n| --- | ---: |\n| a\\|b | 3 |\n")
  }
}

@Suite("Report tables: display order")
struct ReportTableOrderTests {
  @Test("moving a column moves its cells with it")
  func moving() {
    let table = ReportTable(
      columns: [.init("a"), .init("b"), .init("c")], rows: [[.integer(1), .integer(2), .integer(3)]])
    let moved = table.moving("c", before: "a")
    #expect(moved.columns.map(\.key) == ["c", "a", "b"])
    #expect(moved.rows == [[.integer(3), .integer(1), .integer(2)]])
    #expect(table.moving("zz", before: "a") == table)
  }
}
