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

  /// Adds the lists in `text` (see `init(csv:file:)`) as `record(listings:through:)` does.
  public mutating func record(csv text: String, file: String, through: Day? = nil) throws {
    record(listings: try Self.listings(csv: text, file: file), through: through)
  }

  /// The (shop, day) rows of a list issued earlier (see `init(csv:file:)`), in file order.
  public static func listings(csv text: String, file: String) throws -> [(shop: String, day: Day)] {
    let records = CSVRecords(text).makeIterator()
    guard let header = records.next() else { return [] }
    let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let shopColumn = names.firstIndex(of: "shop_id"), let dayColumn = names.firstIndex(of: "day") else {
      throw InputError(
        file: file, line: 1, problem: "not a patrol list: the header lacks shop_id or day",
        fix: "give lists written by `yanpan patrol --format csv`")
    }
    var listings: [(shop: String, day: Day)] = []
    while let fields = records.next() {
      guard fields.count > max(shopColumn, dayColumn), let day = Day(iso: fields[dayColumn]) else { continue }
      let shop = fields[shopColumn]
      guard !shop.isEmpty else { continue }
      listings.append((shop, day))
    }
    return listings
  }
}

/// The records of RFC 4180 CSV text: fields split on commas, quoted fields with doubled quotes,
/// records ending in CRLF or LF; a leading byte-order mark is skipped.
struct CSVRecords: Sequence {
  var text: Substring

  init(_ text: String) {
    self.text = text.first == "\u{FEFF}" ? text.dropFirst() : text[...]
  }

  /// Delimiters are ASCII and never occur inside a multi-byte UTF-8 sequence, so the records are
  /// cut on the bytes and each field decoded once.
  func makeIterator() -> AnyIterator<[String]> {
    let bytes = Array(text.utf8)
    let (quote, comma, lf, cr) = (
      UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")
    )
    var at = 0
    return AnyIterator {
      guard at < bytes.count else { return nil }
      var fields: [String] = []
      var field: [UInt8] = []
      var quoted = false
      while at < bytes.count {
        let c = bytes[at]
        at += 1
        if quoted {
          if c == quote {
            if at < bytes.count, bytes[at] == quote {
              field.append(c)
              at += 1
            } else {
              quoted = false
            }
          } else {
            field.append(c)
          }
        } else if c == quote {
          quoted = true
        } else if c == comma {
          fields.append(String(decoding: field, as: UTF8.self))
          field.removeAll(keepingCapacity: true)
        } else if c == lf || c == cr {
          if c == cr, at < bytes.count, bytes[at] == lf { at += 1 }
          break
        } else {
          field.append(c)
        }
      }
      fields.append(String(decoding: field, as: UTF8.self))
      return fields
    }
  }
}
