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
    // Most cells have nothing to escape: they are handed on as they are.
    guard
      text.utf8.contains(where: {
        $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
      })
    else { return text }
    return text.replacingOccurrences(of: "|", with: "\\|")
      .replacingOccurrences(of: "\r\n", with: "<br>")
      .replacingOccurrences(of: "\n", with: "<br>")
  }
}
