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

  @Test("Fixed-width ISO times (read without allocating) equal the same instants spelled 2022/3/5 14:3:0")
  func fixedISO() {
    // A deterministic walk over days from 1950 (before the zone's last transition) to 2040, times,
    // and impossible values (day 0–32, month 0–13, hour 24, minute 60), each compared with the
    // general reader's spelling of the same numbers (slashes, no padding).
    var state: UInt64 = 7
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // Knuth's MMIX LCG
      return Int((state >> 33) % UInt64(n))
    }
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    for zone in [TimeZone.district, TimeZone(identifier: "America/Chicago")!] {
      let p = TimeParser(zone: zone)
      for _ in 0..<3_000 {
        let (y, m, d) = (1950 + next(91), next(14), next(33))
        let (h, mi, sec) = (next(25), next(61), next(61))
        let general = "\(y)/\(m)/\(d)"
        #expect(p.parse("\(y)-\(two(m))-\(two(d))") == p.parse(general), "\(general)")
        #expect(
          p.parse("\(y)-\(two(m))-\(two(d)) \(two(h)):\(two(mi))") == p.parse(general + " \(h):\(mi)"))
        #expect(
          p.parse("\(y)-\(two(m))-\(two(d))T\(two(h)):\(two(mi)):\(two(sec))")
            == p.parse(general + " \(h):\(mi):\(sec)"), "\(general) \(h):\(mi):\(sec)")
      }
    }
  }
}
