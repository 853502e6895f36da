import Records

extension PatrolHistory {
  /// Reads lists issued earlier from the CSV `yanpan patrol` writes (or any CSV with `shop_id` and
  /// `day` columns, `day` as YYYY-MM-DD); rows that are not dated lists are skipped. Pure: the
  /// caller reads the file.
  ///
  /// - Parameter file: the name errors should carry.
  /// - Throws: `InputError` when the header lacks `shop_id` or `day`.
  /// - Complexity: O(characters).
  public init(csv text: String, file: String) throws {
    self.init()
    try record(csv: text, file: file)
  }

  /// Adds the lists in `text` (see `init(csv:file:)`); a shop's latest listing day wins.
  public mutating func record(csv text: String, file: String) throws {
    var records = CSVRecords(text).makeIterator()
    guard let header = records.next() else { return }
    let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let shopColumn = names.firstIndex(of: "shop_id"), let dayColumn = names.firstIndex(of: "day") else {
      throw InputError(
        file: file, line: 1, problem: "not a patrol list: the header lacks shop_id or day",
        fix: "give lists written by `yanpan patrol --format csv`")
    }
    while let fields = records.next() {
      guard fields.count > max(shopColumn, dayColumn), let day = Day(iso: fields[dayColumn]) else { continue }
      let shop = fields[shopColumn]
      guard !shop.isEmpty else { continue }
      lastListed[shop] = max(lastListed[shop] ?? day, day)
    }
  }
}

/// The records of RFC 4180 CSV text: fields split on commas, quoted fields with doubled quotes,
/// records ending in CRLF or LF; a leading byte-order mark is skipped.
struct CSVRecords: Sequence {
  var text: Substring

  init(_ text: String) {
    self.text = text.first == "\u{FEFF}" ? text.dropFirst() : text[...]
  }

  func makeIterator() -> AnyIterator<[String]> {
    var rest = text.unicodeScalars[...]
    return AnyIterator {
      guard !rest.isEmpty else { return nil }
      var fields: [String] = []
      var field = String.UnicodeScalarView()
      var quoted = false
      while let c = rest.first {
        rest = rest.dropFirst()
        if quoted {
          if c == "\"" {
            if rest.first == "\"" {
              field.append(c)
              rest = rest.dropFirst()
            } else {
              quoted = false
            }
          } else {
            field.append(c)
          }
        } else if c == "\"" {
          quoted = true
        } else if c == "," {
          fields.append(String(field))
          field = String.UnicodeScalarView()
        } else if c == "\n" || c == "\r" {
          if c == "\r", rest.first == "\n" { rest = rest.dropFirst() }
          break
        } else {
          field.append(c)
        }
      }
      fields.append(String(field))
      return fields
    }
  }
}
