/// Comma-separated values as RFC 4180 writes them: fields holding a comma, a double quote, a
/// line break or leading/trailing space are quoted, quotes inside doubled; records end in CRLF.
public enum CSV {
  /// One field, quoted when RFC 4180 §2.6–2.7 requires it.
  public static func field(_ text: String) -> String {
    guard needsQuotes(text) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A header line and the rows, each record ending in CRLF (RFC 4180 §2.1–2.3).
  /// - Complexity: O(total characters).
  public static func render(header: [String], rows: [[String]]) -> String {
    var out = Bytes(capacity: 32 * (header.count + 1) * (rows.count + 1))
    out.record(header)
    for row in rows { out.record(row) }
    return out.text
  }

  /// CSV text built as UTF-8 bytes, field by field: no intermediate `String` per field or record
  /// (patrol lists of a large district write millions of fields).
  struct Bytes {
    /// The UTF-8 written so far.
    private(set) var bytes: [UInt8]

    /// Bytes that start with `prefix` (a byte-order mark), room reserved for `capacity` more.
    init(capacity: Int, prefix: [UInt8] = []) {
      bytes = prefix
      bytes.reserveCapacity(prefix.count + capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func record(_ fields: [String]) {
      for (k, f) in fields.enumerated() {
        if k > 0 { comma() }
        field(f)
      }
      endRecord()
    }

    mutating func endRecord() { bytes.append(contentsOf: [13, 10]) }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// Appends one field as `CSV.field` writes it.
    mutating func field(_ text: String) {
      let utf8 = text.utf8
      guard CSV.needsQuotes(text) else {
        bytes.append(contentsOf: utf8)
        return
      }
      bytes.append(UInt8(ascii: "\""))
      for b in utf8 {
        if b == UInt8(ascii: "\"") { bytes.append(b) }
        bytes.append(b)
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }

  /// RFC 4180 §2.6: a comma, a double quote or a line break inside, or whitespace at either end.
  /// The special characters are ASCII, so their bytes are looked for (a scan of the UTF-8, not of
  /// grapheme clusters: lists write millions of fields).
  static func needsQuotes(_ text: String) -> Bool {
    // Decided on the bytes when they tell (`CSVWriter.quoting`): the ends of most fields are ASCII
    // or Chinese, and a `Character` costs a grapheme breaker's lookups.
    var bytes = text
    switch bytes.withUTF8(CSVWriter.quoting) {
    case .no: return false
    case .yes: return true
    case .unsure: break
    }
    let utf8 = text.utf8
    // A printable ASCII byte at an end starts a character that is not whitespace (no grapheme
    // rule puts it inside a cluster led by whitespace), so only other bytes need the Character.
    let plain: ClosedRange<UInt8> = 0x21...0x7E
    if let first = utf8.first, !plain.contains(first), text.first?.isWhitespace == true { return true }
    if let last = utf8.last, !plain.contains(last), text.last?.isWhitespace == true { return true }
    return false
  }
}
