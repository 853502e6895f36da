import Foundation
import Records
import TestSupport
import Testing

@testable import Ingest

@Suite struct TimeFormatTests {
  let parser = TimeParser(zone: .district)

  /// Every format of CONTRACT.md §1, with the instant it names (Asia/Shanghai unless a zone is written).
  static let cases: [(String, Date)] = [
    ("2022-03-05", Fixtures.date(2022, 3, 5)),
    ("2022-03-05T14:03:00", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022-03-05T14:03:00+08:00", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022-03-05T06:03:00Z", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022-03-05 14:03:00.500+0800", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180.5)),
    ("2022/3/5", Fixtures.date(2022, 3, 5)),
    ("2022-3-5 14:03", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022.03.05", Fixtures.date(2022, 3, 5)),
    ("20220305", Fixtures.date(2022, 3, 5)),
    ("202203051403", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022年3月5日", Fixtures.date(2022, 3, 5)),
    ("2023年5月7日", Fixtures.date(2023, 5, 7)),
    ("2022年3月5日14时3分", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 180)),
    ("2022年3月5日 14点3分20秒", Fixtures.date(2022, 3, 5).addingTimeInterval(14 * 3600 + 200)),
    ("44625", Fixtures.date(2022, 3, 5)),
    ("44625.5", Fixtures.date(2022, 3, 5, hour: 12)),
    ("２０２２／３／５", Fixtures.date(2022, 3, 5)),
    ("  2022 - 03 - 05  ", Fixtures.date(2022, 3, 5)),
  ]

  @Test("Each contract time format reads to the instant it names", arguments: cases.indices)
  func formats(_ i: Int) {
    let (text, expected) = Self.cases[i]
    #expect(parser.parse(text) == expected, "\(text)")
  }

  @Test(
    "Impossible or foreign texts are not times",
    arguments: ["2022-13-01", "2022-02-30", "2021/2/29", "昨天", "3/5/2022", "12", "2022-03-05T25:00"])
  func rejects(_ text: String) {
    #expect(parser.parse(text) == nil)
  }

  @Test("A different district zone moves times without a zone, not those with one")
  func zones() {
    let utc = TimeParser(zone: TimeZone(identifier: "UTC")!)
    #expect(utc.parse("2022-03-05")!.timeIntervalSince(parser.parse("2022-03-05")!) == 8 * 3600)
    #expect(utc.parse("2022-03-05T00:00Z") == parser.parse("2022-03-05T00:00Z"))
  }
}
