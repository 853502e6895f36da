/// Comma-separated values as RFC 4180 writes them: fields holding a comma, a double quote, a
/// line break or leading/trailing space are quoted, quotes inside doubled; records end in CRLF.
public enum CSV {
  /// One field, quoted when RFC 4180 §2.6–2.7 requires it.
  public static func field(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
      || text.first?.isWhitespace == true || text.last?.isWhitespace == true
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A header line and the rows, each record ending in CRLF (RFC 4180 §2.1–2.3).
  /// - Complexity: O(total characters).
  public static func render(header: [String], rows: [[String]]) -> String {
    var out = ""
    for record in [header] + rows {
      out += record.map(field).joined(separator: ",")
      out += "\r\n"
    }
    return out
  }
}
