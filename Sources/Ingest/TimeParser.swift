import Foundation
import Records

/// Reads the time formats of CONTRACT.md §1 into instants:
/// ISO 8601 with or without time, fraction and zone (`2022-03-05`, `2022-03-05T14:03:00+08:00`,
/// `2022-03-05 14:03:00Z`), `2022/3/5`, `2022-3-5 14:03`, `2022.03.05`, `20220305` (and
/// `202203051403`, `20220305140300`), `2022年3月5日`, `2022年3月5日14时3分` (also `点`, `秒`), and
/// Excel serial day numbers (`44625`, `44625.5`: days since 1899-12-30, five integer digits).
/// Full-width digits and stray spaces are tolerated. A time without a zone is in `zone`.
struct TimeParser: Sendable {
  let zone: TimeZone
  /// The zone's offset when it has had no transition since 2000 (true of Asia/Shanghai), so
  /// dates from 2000 on need no zone lookup.
  private let fixedOffset: Int?
  private static let fixedSince = Day(year: 2000, month: 1, day: 1).number * 86_400

  init(zone: TimeZone) {
    self.zone = zone
    let since2000 = Date(timeIntervalSince1970: Double(TimeParser.fixedSince))
    fixedOffset =
      zone.nextDaylightSavingTimeTransition(after: since2000) == nil
      ? zone.secondsFromGMT(for: since2000) : nil
  }

  /// The instant `text` names; nil when it is no time this parser knows or names an impossible
  /// date (month 13, 30 February).
  func parse(_ text: String) -> Date? {
    if let fast = parseFixedISO(text) { return fast }
    var numbers: [(value: Int, digits: Int)] = []
    numbers.reserveCapacity(7)
    var current = 0
    var digits = 0
    var fraction = 0.0
    var zoneOffset: Int? = nil
    var scalars = text.unicodeScalars.makeIterator()
    var pendingFractionFor: Int? = nil  // numbers.count when a '.' followed seconds or a serial
    var sawDot = false
    var fractionDigits: [UInt32] = []
    var inFraction = false

    func flush() {
      if digits > 0 {
        numbers.append((current, digits))
        current = 0
        digits = 0
      }
    }

    while let raw = scalars.next() {
      var s = raw.value
      if s >= 0xFF10 && s <= 0xFF19 { s -= 0xFEE0 }  // full-width digit
      if s >= 0x30 && s <= 0x39 {
        if inFraction {
          fractionDigits.append(s - 0x30)
          continue
        }
        guard digits < 14 else { return nil }
        current = current * 10 + Int(s - 0x30)
        digits += 1
        continue
      }
      if inFraction {
        inFraction = false
      }
      switch s {
      case 0x2E, 0xFF0E:  // '.'
        flush()
        // After seconds (6 numbers) or a lone serial number, '.' starts a fraction.
        if numbers.count == 6 || (numbers.count == 1 && numbers[0].digits == 5 && !sawDot) {
          pendingFractionFor = numbers.count
          inFraction = true
        } else {
          sawDot = true
        }
      case 0x2B, 0x2D, 0xFF0B, 0xFF0D, 0x2212:  // + - (and full-width, minus sign)
        flush()
        if numbers.count >= 4 {
          // A zone offset: ±hh, ±hhmm or ±hh:mm.
          let sign = (s == 0x2B || s == 0xFF0B) ? 1 : -1
          var rest: [Int] = []
          while let z = scalars.next() {
            var v = z.value
            if v >= 0xFF10 && v <= 0xFF19 { v -= 0xFEE0 }
            if v >= 0x30 && v <= 0x39 {
              rest.append(Int(v - 0x30))
            } else if v == 0x3A {
              continue
            } else {
              return nil
            }
          }
          let hh: Int
          let mm: Int
          switch rest.count {
          case 2: (hh, mm) = (rest[0] * 10 + rest[1], 0)
          case 4: (hh, mm) = (rest[0] * 10 + rest[1], rest[2] * 10 + rest[3])
          default: return nil
          }
          guard hh <= 14, mm < 60 else { return nil }
          zoneOffset = sign * (hh * 3600 + mm * 60)
        }
      case 0x5A, 0x7A:  // Z z
        flush()
        guard numbers.count >= 4 else { return nil }
        zoneOffset = 0
      case 0x2F, 0x3A, 0x20, 0x09, 0x54, 0x74, 0x2C, 0xFF1A, 0xFF0F, 0x3000, 0xA0,
        0x5E74, 0x6708, 0x65E5, 0x53F7, 0x65F6, 0x70B9, 0x5206, 0x79D2:
        // / : space tab T t , ：／ ideographic space, nbsp, 年 月 日 号 时 点 分 秒
        flush()
      default:
        return nil
      }
    }
    flush()
    if !fractionDigits.isEmpty, pendingFractionFor != nil {
      var scale = 0.1
      for d in fractionDigits {
        fraction += Double(d) * scale
        scale /= 10
      }
    }

    // Compact forms: yyyyMMdd, yyyyMMddHHmm, yyyyMMddHHmmss (optionally followed by a time).
    if numbers.count >= 1, numbers[0].digits >= 8 {
      let v = numbers[0].value
      var parts: [(Int, Int)]
      switch numbers[0].digits {
      case 8: parts = [(v / 10_000, 4), (v / 100 % 100, 2), (v % 100, 2)]
      case 12:
        parts = [
          (v / 100_000_000, 4), (v / 1_000_000 % 100, 2), (v / 10_000 % 100, 2), (v / 100 % 100, 2),
          (v % 100, 2),
        ]
      case 14:
        parts = [
          (v / 10_000_000_000, 4), (v / 100_000_000 % 100, 2), (v / 1_000_000 % 100, 2),
          (v / 10_000 % 100, 2), (v / 100 % 100, 2), (v % 100, 2),
        ]
      default: return nil
      }
      if numbers.count > 1 {
        guard numbers[0].digits == 8, numbers.count == 2, numbers[1].digits == 4 || numbers[1].digits == 6
        else { return nil }
        let t = numbers[1].value
        parts +=
          numbers[1].digits == 4
          ? [(t / 100, 2), (t % 100, 2)] : [(t / 10_000, 2), (t / 100 % 100, 2), (t % 100, 2)]
      }
      numbers = parts.map { (value: $0.0, digits: $0.1) }
    } else if numbers.count == 1, numbers[0].digits == 5 {
      // Excel serial day number (1900 date system, as Excel writes it: day 1 = 1900-01-01 with
      // the fictitious 1900-02-29, so serials from 61 on count from 1899-12-30).
      let day = Day(year: 1899, month: 12, day: 30).advanced(by: numbers[0].value)
      return instant(day: day, seconds: (fraction * 86_400).rounded(), offset: zoneOffset)
    }

    guard numbers.count == 3 || numbers.count == 5 || numbers.count == 6 || numbers.count == 4,
      numbers[0].digits == 4
    else { return nil }
    let y = numbers[0].value
    let m = numbers[1].value
    let d = numbers[2].value
    let hour = numbers.count > 3 ? numbers[3].value : 0
    let minute = numbers.count > 4 ? numbers[4].value : 0
    let second = numbers.count > 5 ? numbers[5].value : 0
    guard (1...12).contains(m), d >= 1, d <= TimeParser.daysIn(month: m, year: y), hour <= 24, minute < 60,
      second <= 60, hour < 24 || (minute == 0 && second == 0)
    else { return nil }
    let seconds = Double(hour * 3600 + minute * 60 + second) + fraction
    return instant(day: Day(year: y, month: m, day: d), seconds: seconds, offset: zoneOffset)
  }

  /// The most common spelling read without allocating: ASCII `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
  /// `YYYY-MM-DDTHH:MM:SS` (space or `T`), no zone, to what the general reader gives for the same
  /// text. Nil for any other spelling and for an impossible date or time: the general reader then
  /// decides.
  private func parseFixedISO(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { b -> Date? in
      let n = b.count
      guard n == 10 || n == 16 || n == 19 else { return nil }
      func digit(_ i: Int) -> Int? {
        let c = b[i]
        return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
      }
      func number(_ i: Int, _ width: Int) -> Int? {
        var v = 0
        for k in i..<(i + width) {
          guard let d = digit(k) else { return nil }
          v = v * 10 + d
        }
        return v
      }
      guard b[4] == 0x2D, b[7] == 0x2D, let y = number(0, 4), let m = number(5, 2), let d = number(8, 2)
      else { return nil }
      var hour = 0
      var minute = 0
      var second = 0
      if n >= 16 {
        guard b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A, let h = number(11, 2), let mi = number(14, 2)
        else { return nil }
        hour = h
        minute = mi
      }
      if n == 19 {
        guard b[16] == 0x3A, let sec = number(17, 2) else { return nil }
        second = sec
      }
      // The general reader's checks, in the same terms.
      guard (1...12).contains(m), d >= 1, d <= TimeParser.daysIn(month: m, year: y), hour <= 24, minute < 60,
        second <= 60, hour < 24 || (minute == 0 && second == 0)
      else { return nil }
      return instant(
        day: Day(year: y, month: m, day: d), seconds: Double(hour * 3600 + minute * 60 + second), offset: nil)
    }
  }

  private func instant(day: Day, seconds: Double, offset: Int?) -> Date {
    let local = Double(day.number) * 86_400 + seconds
    if let offset { return Date(timeIntervalSince1970: local - Double(offset)) }
    if let fixedOffset, Int(local) >= TimeParser.fixedSince {
      return Date(timeIntervalSince1970: local - Double(fixedOffset))
    }
    // Two steps settle the offset across a transition (the zone's offset at the guessed instant).
    let first = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
    let second = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - first)))
    return Date(timeIntervalSince1970: local - second)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
