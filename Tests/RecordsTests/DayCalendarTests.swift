import Foundation
import Testing

@testable import Records

/// `DayCalendar` gives the days `Day(_:in:)` gives, across daylight-saving transitions.
@Suite("Day calendar")
struct DayCalendarTests {
  @Test(
    "every half hour over two years, in zones with and without daylight saving, inside and outside the span",
    arguments: ["America/Chicago", "Asia/Shanghai", "Australia/Lord_Howe", "UTC"])
  func sameDays(zoneName: String) {
    let zone = TimeZone(identifier: zoneName)!
    let start = Day(year: 2023, month: 1, day: 1).start(in: zone).timeIntervalSince1970
    let end = Day(year: 2024, month: 12, day: 31).start(in: zone).timeIntervalSince1970
    let calendar = DayCalendar(zone: zone, from: start, to: end)
    var differing = 0
    var t = start - 40 * 86_400
    while t < end + 40 * 86_400 {
      if calendar.day(t) != Day(Date(timeIntervalSince1970: t), in: zone) { differing += 1 }
      t += 1_800
    }
    #expect(differing == 0)
  }

  @Test("no time reads as no day")
  func noTime() {
    let calendar = DayCalendar(zone: .district, from: 0, to: 86_400)
    #expect(calendar.day(.nan) == nil)
  }
}
