import Foundation

/// A generated CSV file read back for checking: header and rows as dictionaries by column.
struct CSVFile {
  let header: [String]
  let rows: [[String]]

  init(_ url: URL) throws {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    header = Self.fields(lines.removeFirst())
    rows = lines.map(Self.fields)
  }

  /// RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes).
  static func fields(_ line: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" {
            current.append("\"")
            chars.removeFirst()
          } else {
            quoted = false
          }
        } else {
          current.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        result.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    result.append(current)
    return result
  }

  func column(_ name: String) -> Int { header.firstIndex(of: name)! }

  /// The values of one column.
  func values(_ name: String) -> [String] {
    let i = column(name)
    return rows.map { $0[i] }
  }
}
