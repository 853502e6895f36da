/// One value in a report table, typed so that each writer can show it its own way: CSV and
/// terminal tables as text, JSON as a number, a string, an array or `null`.
public enum Cell: Sendable, Hashable {
  case text(String)
  case integer(Int)
  /// A real number shown with `digits` decimals (CSV, tables) and rounded to them in JSON;
  /// a non-finite one shows as empty text and `null`.
  case number(Double, digits: Int)
  /// A list such as reasons: joined by "；" in CSV and tables, an array in JSON.
  case list([String])
  /// No value: an empty CSV field, `null` in JSON.
  case empty

  /// Text, or `.empty` for `nil`.
  public static func text(_ value: String?) -> Cell { value.map { .text($0) } ?? .empty }
  /// A number, or `.empty` for `nil` or a non-finite value.
  public static func decimal(_ value: Double?, digits: Int) -> Cell {
    guard let value, value.isFinite else { return .empty }
    return .number(value, digits: digits)
  }

  /// The separator of `.list` items in text forms: the full-width semicolon Chinese text uses.
  public static let listSeparator = "；"

  /// The value as text (CSV fields, table cells).
  public var text: String {
    switch self {
    case .text(let s): s
    case .integer(let i): String(i)
    case .number(let d, let digits): d.isFinite ? Cell.fixed(d, digits: digits) : ""
    case .list(let items): items.joined(separator: Cell.listSeparator)
    case .empty: ""
    }
  }

  /// The value as JSON.
  public var json: JSONValue {
    switch self {
    case .text(let s): .string(s)
    case .integer(let i): .integer(i)
    case .number(let d, let digits): d.isFinite ? .number(Cell.rounded(d, digits: digits)) : .null
    case .list(let items): .array(items.map { .string($0) })
    case .empty: .null
    }
  }

  /// Numbers read right-aligned in a table.
  var isNumeric: Bool {
    switch self {
    case .integer, .number: true
    default: false
    }
  }

  /// `d` with exactly `digits` decimals, half away from zero, no "-0".
  static func fixed(_ d: Double, digits: Int) -> String {
    let r = rounded(d, digits: digits)
    var text = r.formatted(digits: digits)
    if r == 0, text.hasPrefix("-") { text.removeFirst() }
    return text
  }

  /// `d` rounded to `digits` decimals.
  static func rounded(_ d: Double, digits: Int) -> Double {
    guard d.isFinite else { return d }
    let scale = pow10(digits)
    let r = (d * scale).rounded(.toNearestOrAwayFromZero) / scale
    return r == 0 ? 0 : r
  }

  private static func pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<max(0, n) { p *= 10 }
    return p
  }
}

extension Double {
  /// Fixed-point text with `digits` decimals, without Foundation's locale-dependent formatting.
  fileprivate func formatted(digits: Int) -> String {
    guard digits > 0 else { return String(Int(self.rounded(.toNearestOrAwayFromZero))) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((abs(self) * scale).rounded(.toNearestOrAwayFromZero))
    let whole = scaled / Int(scale)
    var fraction = String(scaled % Int(scale))
    fraction = String(repeating: "0", count: digits - fraction.count) + fraction
    return (self < 0 ? "-" : "") + "\(whole).\(fraction)"
  }
}
