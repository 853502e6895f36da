import Foundation
import Testing

@testable import Records

@Suite("Day: calendar days in the district's zone")
struct DayTests {
  @Test("known day numbers")
  func known() {
    #expect(Day(year: 1970, month: 1, day: 1).number == 0)
    #expect(Day(year: 2000, month: 3, day: 1).number == 11_017)
    #expect(Day(year: 2024, month: 2, day: 29).iso == "2024-02-29")
    #expect(Day(year: 1970, month: 1, day: 1).weekday == 3)  // a Thursday
  }

  @Test("ISO dates print as %04d-%02d-%02d does, inside and outside the years 0…9999")
  func isoPrinted() {
    for n in stride(from: -800_000, to: 3_000_000, by: 89) + [-719_528, -719_529, 2_932_896, 2_932_897] {
      let (y, m, d) = Day(n).components
      #expect(Day(n).iso == String(format: "%04d-%02d-%02d", y, m, d), "day \(n)")
    }
    #expect(Day(year: 9, month: 1, day: 2).iso == "0009-01-02")
    #expect(Day(year: 10_000, month: 1, day: 1).iso == "10000-01-01")
  }

  @Test("civil round trip over four centuries of days")
  func roundTrip() {
    for n in stride(from: -200_000, to: 200_000, by: 97) {
      let (y, m, d) = Day(n).components
      #expect(Day(year: y, month: m, day: d).number == n)
    }
  }

  @Test("a Shanghai evening falls on the Shanghai day, not the UTC one")
  func zone() {
    // 2023-05-07 23:30 in Shanghai is 15:30 UTC the same day; 00:30 on the 8th is 16:30 UTC on the 7th.
    let day = Day(year: 2023, month: 5, day: 8)
    let start = day.start(in: .district)
    #expect(start.timeIntervalSince1970 == Double(day.number) * 86_400 - 8 * 3600)
    #expect(Day(start.addingTimeInterval(1800), in: .district) == day)
    #expect(Day(start.addingTimeInterval(-1800), in: .district) == day.advanced(by: -1))
    #expect(Day(iso: "2023-05-08") == day)
    #expect(Day(iso: "2023-13-08") == nil)
  }

  @Test("ISO days: ten bytes YYYY-MM-DD, or fields without their leading zeros; nothing else")
  func isoText() {
    let day = Day(year: 2023, month: 5, day: 8)
    #expect(Day(iso: "2023-05-08") == day)
    #expect(Day(iso: "2023-5-8") == day)
    #expect(Day(iso: "x2023-05-08".dropFirst()) == day)
    for bad in ["2023-05-32", "2023-00-08", "2023-05-0x", "2023/05/08", "2023-05-08T", "20230508", ""] {
      #expect(Day(iso: bad) == nil, "\(bad)")
    }
  }

  @Test("ISO days read from UTF-8 bytes in place are the days their text reads as")
  func isoBytes() {
    for text in [
      "2023-05-08", "2023-5-8", "1999-12-31", "2023-05-32", "2023-00-08", "2023-05-0x", "2023/05/08",
      "20230508",
      "", "２０２３-05-08",
    ] {
      let bytes = Array(text.utf8)
      #expect(bytes.withUnsafeBufferPointer { Day(isoUTF8: $0) } == Day(iso: text), "\(text)")
    }
    #expect(
      [UInt8]("2023-05-08".utf8).withUnsafeBufferPointer { Day(isoUTF8: $0) }
        == Day(year: 2023, month: 5, day: 8))
  }
}
