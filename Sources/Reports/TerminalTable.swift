/// A plain-text table for a monospaced terminal, aligned by display width (Chinese characters
/// take two columns), numbers right-aligned, a rule under the header.
enum TerminalTable {
  /// - Complexity: O(rows × columns × cell length).
  static func render(header: [String], rows: [[String]], rightAligned: [Bool], maxCellWidth: Int) -> String {
    // Every column but the last is cut at `maxCellWidth`; the last (reasons, as a rule) is kept
    // whole, since nothing comes after it to misalign.
    let cells = ([header] + rows).map { row in
      row.enumerated().map { c, text in
        c == row.count - 1 ? text : DisplayWidth.truncate(text, to: maxCellWidth)
      }
    }
    let widths = header.indices.map { c in cells.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
    var lines: [String] = []
    for (r, row) in cells.enumerated() {
      let padded = row.enumerated().map { c, text in
        // The last column is not padded on the right, so lines carry no trailing spaces.
        c == row.count - 1 && !rightAligned[c]
          ? text : DisplayWidth.pad(text, to: widths[c], right: r > 0 && rightAligned[c])
      }
      lines.append(padded.joined(separator: "  "))
      if r == 0 {
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
