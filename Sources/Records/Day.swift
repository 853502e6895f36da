import Foundation

/// A calendar day in the district's zone, counted from 1970-01-01.
///
/// Scoring works in whole days (half-lives, horizons, revisit intervals), so a day number is the
/// common currency between records (timestamps) and models.
public struct Day: Hashable, Comparable, Sendable, Codable, Strideable, CustomStringConvertible {
  public var number: Int

  public init(_ number: Int) { self.number = number }

  /// The day of `year-month-day` (proleptic Gregorian).
  ///
  /// Days-from-civil algorithm from Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
  public init(year: Int, month: Int, day: Int) {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    number = era * 146097 + doe - 719468
  }

  /// The day on which `date` falls in `zone`.
  public init(_ date: Date, in zone: TimeZone) {
    let seconds = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
    number = Int((seconds / 86_400).rounded(.down))
  }

  /// Parses `YYYY-MM-DD`; returns nil for anything else.
  public init?(iso text: some StringProtocol) {
    // The common shape, `YYYY-MM-DD` exactly, read from its bytes (every shop carries one).
    if let fixed = text.utf8.withContiguousStorageIfAvailable(Day.fixedISO), let (y, m, d) = fixed {
      guard (1...12).contains(m), (1...31).contains(d) else { return nil }
      self.init(year: y, month: m, day: d)
      return
    }
    let parts = text.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// `init(iso:)` of the UTF-8 text `bytes` (a column read in place: the common `YYYY-MM-DD` makes
  /// no `String`, and is read digit by digit with nothing captured).
  public init?(isoUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    func digit(_ k: Int) -> Int? {
      let d = bytes[k] &- UInt8(ascii: "0")
      return d < 10 ? Int(d) : nil
    }
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3), let m0 = digit(5),
      let m1 = digit(6), let d0 = digit(8), let d1 = digit(9)
    else {
      self.init(iso: String(decoding: bytes, as: UTF8.self))
      return
    }
    let (month, day) = (m0 * 10 + m1, d0 * 10 + d1)
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    self.init(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: month, day: day)
  }

  /// (year, month, day) of exactly ten bytes `DDDD-DD-DD`, else nil.
  private static func fixedISO(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
    var ok = true
    func number(_ range: Range<Int>) -> Int {
      range.reduce(0) { n, k in
        ok = ok && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[k])
        return n * 10 + Int(b[k]) - 48
      }
    }
    let parts = (number(0..<4), number(5..<7), number(8..<10))
    return ok ? parts : nil
  }

  /// (year, month, day); civil-from-days, Hinnant (as above).
  public var components: (year: Int, month: Int, day: Int) {
    let z = number + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Midnight at the start of this day in `zone`.
  public func start(in zone: TimeZone) -> Date {
    let utcMidnight = Date(timeIntervalSince1970: Double(number) * 86_400)
    return utcMidnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: utcMidnight)))
  }

  /// `YYYY-MM-DD` (as `%04d-%02d-%02d` prints it: years outside 0…9999 as many digits as they
  /// take, a sign before negative ones).
  public var iso: String {
    let (y, m, d) = components
    guard (0...9999).contains(y) else { return String(format: "%04d-%02d-%02d", y, m, d) }
    // Ten digits and dashes written in place: lists print a date on every row, and
    // `String(format:)` costs about a microsecond and a half each.
    return String(unsafeUninitializedCapacity: 10) { b in
      /// `value`'s last `width` digits, ending before byte `end`.
      func digits(_ value: Int, width: Int, end: Int) {
        var v = value
        for i in stride(from: end - 1, through: end - width, by: -1) {
          b[i] = UInt8(ascii: "0") + UInt8(v % 10)
          v /= 10
        }
      }
      digits(y, width: 4, end: 4)
      b[4] = UInt8(ascii: "-")
      digits(m, width: 2, end: 7)
      b[7] = UInt8(ascii: "-")
      digits(d, width: 2, end: 10)
      return 10
    }
  }

  public var description: String { iso }

  /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
  public var weekday: Int { ((number % 7) + 7 + 3) % 7 }

  public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
  public func distance(to other: Day) -> Int { other.number - number }
  public func advanced(by n: Int) -> Day { Day(number + n) }
}

extension TimeZone {
  /// The district's zone when none is configured.
  public static let district = TimeZone(identifier: "Asia/Shanghai")!
}
