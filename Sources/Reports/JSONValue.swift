/// A JSON value whose objects keep their keys in the order they were built, so that every file the
/// engine writes has a stable, readable key order (the contract's column order) and reruns on the
/// same data give byte-identical output.
public indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case integer(Int)
  /// Written as the shortest decimal that reads back to the same `Double`; non-finite values are
  /// written as `null` (JSON has no NaN or infinity, RFC 8259 §6).
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// Keys in the order given; a key given twice is written twice (callers do not do that).
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.integer(let x), .integer(let y)): x == y
    case (.number(let x), .number(let y)): x == y
    case (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)):
      x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let x): hasher.combine(x)
    case .integer(let x): hasher.combine(x)
    case .number(let x): hasher.combine(x)
    case .string(let x): hasher.combine(x)
    case .array(let x): hasher.combine(x)
    case .object(let pairs):
      for (key, value) in pairs {
        hasher.combine(key)
        hasher.combine(value)
      }
    }
  }

  /// `nil` becomes `null`.
  public static func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
  /// `nil` becomes `null`.
  public static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
  /// `nil` becomes `null`.
  public static func optional(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }

  /// UTF-8 JSON text: pretty (two-space indent, one key per line) or compact; ends with a newline
  /// when pretty. Non-ASCII text is written as itself, not escaped, so Chinese stays readable.
  public func rendered(pretty: Bool = true) -> String {
    String(decoding: utf8(pretty: pretty), as: UTF8.self)
  }

  /// `rendered(pretty:)` as its UTF-8 bytes (written as bytes: a map's GeoJSON is tens of MB).
  public func utf8(pretty: Bool = true) -> [UInt8] {
    var out: [UInt8] = []
    write(to: &out, indent: pretty ? 0 : nil)
    if pretty { out.append(UInt8(ascii: "\n")) }
    return out
  }

  /// Appends the value's text at nesting `indent` (nil: compact).
  func write(to out: inout [UInt8], indent: Int?) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .integer(let i): out += String(i).utf8
    case .number(let d): out += JSONValue.format(d).utf8
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]".utf8
        return
      }
      // Arrays of scalars stay on one line (coordinates, reasons); others go one item a line.
      let flat = indent == nil || items.allSatisfy(\.isScalar)
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out += (flat && indent != nil ? ", " : ",").utf8 }
        if !flat, let indent { JSONValue.newline(&out, indent + 1) }
        item.write(to: &out, indent: indent.map { $0 + 1 })
      }
      if !flat, let indent { JSONValue.newline(&out, indent) }
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty {
        out += "{}".utf8
        return
      }
      out.append(UInt8(ascii: "{"))
      for (i, (key, value)) in pairs.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        if let indent { JSONValue.newline(&out, indent + 1) }
        JSONValue.writeString(key, to: &out)
        out += (indent == nil ? ":" : ": ").utf8
        value.write(to: &out, indent: indent.map { $0 + 1 })
      }
      if let indent { JSONValue.newline(&out, indent) }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// Neither an array nor an object.
  private var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  /// A line break and the indent of nesting `level`.
  static func newline(_ out: inout [UInt8], _ level: Int) {
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
  }

  /// Shortest round-tripping decimal (Swift's `description`), integers without a fraction.
  static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
    return "\(d)"
  }

  /// RFC 8259 §7: quote, backslash and control characters escaped; everything else as is.
  static func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Most text has nothing to escape: its bytes go out as they are.
    let plain = s.utf8.allSatisfy {
      $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != 0xE2
    }
    if plain {
      out += s.utf8
      out.append(UInt8(ascii: "\""))
      return
    }
    var text = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    out += text.utf8
    out.append(UInt8(ascii: "\""))
  }
}
