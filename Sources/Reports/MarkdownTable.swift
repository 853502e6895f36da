/// A GitHub-flavoured Markdown table: pipes in cells escaped, line breaks turned into `<br>`.
enum MarkdownTable {
  static func render(header: [String], rows: [[String]], rightAligned: [Bool]) -> String {
    func line(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |" }
    var out = line(header) + "\n"
    out += "|" + rightAligned.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
    for row in rows { out += line(row) + "\n" }
    return out
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|")
      .replacingOccurrences(of: "\r\n", with: "<br>")
      .replacingOccurrences(of: "\n", with: "<br>")
  }
}
