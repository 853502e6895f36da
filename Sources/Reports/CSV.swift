/// Comma-separated values as RFC 4180 writes them: fields holding a comma, a double quote, a
/// line break or leading/trailing space are quoted, quotes inside doubled; records end in CRLF.
public enum CSV {
  /// One field, quoted when RFC 4180 §2.6–2.7 requires it.
  public static func field(_ text: String) -> String {
    // The special characters are ASCII, so their bytes are looked for (a scan of the UTF-8, not
    // of grapheme clusters: lists write millions of fields).
    let needsQuotes =
      text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
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
