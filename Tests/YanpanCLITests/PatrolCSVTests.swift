import Foundation
import Patrol
import Records
import Reports
import Testing

@testable import YanpanCLI

/// The patrol CSV written from a plan's visits (`PatrolCSV`) is the CSV of its rows as cells.
@Suite("patrol CSV from visits")
struct PatrolCSVTests {
  static let asOf = Day(year: 2024, month: 6, day: 1)

  /// Two streets (one without a team record) and three grids of shops whose names and ids need
  /// quoting or not, some unscored, some never inspected, one with hazards past their deadline.
  static func district() -> (District, [RiskScore]) {
    var district = District()
    district.streets = [Street(id: "ST,1", name: "人民路", subdistrictID: "SD1", chief: "张三", dailyCapacity: 4)]
    district.grids = (1...3).map { Grid(id: "G\($0)", subdistrictID: "SD1", communityID: "C1") }
    district.adjacency = [
      GridAdjacency(gridID: "G1", neighborID: "G2"), GridAdjacency(gridID: "G2", neighborID: "G3"),
    ]
    let names = ["鑫泰维修部", "Joe's \"Diner\"", " 前有空格", "后有空格 ", "逗号,店", "全角\u{3000}", "Café", "e\u{301}"]
    var scores: [RiskScore] = []
    for i in 0..<24 {
      let id = i == 3 ? "SH 3" : "SH\(i)"
      district.shops.append(
        Shop(
          id: id, name: names[i % names.count], streetID: i % 3 == 0 ? "ST2" : "ST,1",
          gridID: "G\(i % 3 + 1)",
          category: "shop.retail",
          location: i % 5 == 0 ? nil : GeoPoint(lon: 116.4 + Double(i) * 0.0003, lat: 39.9),
          status: i == 9 ? .closed : .open))
      if i % 4 != 0 {
        district.inspections.append(
          Inspection(
            id: "I\(i)", inspectedAt: Self.asOf.advanced(by: -3 * i).start(in: .district), shopID: id,
            hazardsFound: i == 5 ? 1 : 0,
            rectifyDue: i == 5 ? Self.asOf.advanced(by: -2).start(in: .district) : nil))
      }
      if i % 7 != 0 {
        scores.append(
          RiskScore(
            entity: .shop, id: id, score: Double((i * 37) % 100) / 97 - 0.2, rank: i + 1,
            level: RiskLevel.allCases[i % 4],
            reasons: (0..<(i % 3)).map { Reason(zh: "原因\($0)，近\(i)天", en: "reason \($0), \(i) days") }))
      }
    }
    return (district, scores)
  }

  static func reports(byGrid: Bool) -> [PatrolReport] {
    let (district, scores) = Self.district()
    let planner = PatrolPlanner(
      config: PatrolConfig(horizonDays: 4, explorationShare: 0.25, gridWorkerDailyCapacity: 3))
    let plan =
      byGrid
      ? planner.gridLists(
        district: district, scores: scores, asOf: Self.asOf,
        posts: GridPosts.pairing(
          district: district, away: ["G1": [Self.asOf.advanced(by: 1)], "G2": [Self.asOf.advanced(by: 1)]]))
      : planner.streetLists(district: district, scores: scores, asOf: Self.asOf)
    return ReportLanguage.allCases.map {
      PatrolReport(plan: plan, district: district, byGrid: byGrid, language: $0)
    }
  }

  @Test(
    "street and grid lists, in both languages and every encoding, are the bytes of their rows as cells",
    arguments: [false, true])
  func sameBytes(byGrid: Bool) throws {
    for report in Self.reports(byGrid: byGrid) {
      #expect(report.plan.visitsAreSorted)
      #expect(report.plan.visits.count > 20)
      for encoding in [TextEncoding.utf8BOM, .utf8, .gb18030] {
        let fromCells = try report.csv(rows: report.sortedRows, encoding: encoding)
        #expect(try report.csv(encoding: encoding) == fromCells, "\(report.language) \(encoding)")
      }
    }
  }

  @Test("one team's run of visits is the CSV of that team's rows")
  func oneTeam() throws {
    for report in Self.reports(byGrid: false) {
      for (team, range) in report.plan.visitRanges {
        let rows = report.sortedRows.filter { $0.streetID == team }
        #expect(
          try report.csv(visits: range, encoding: .utf8BOM) == report.csv(rows: rows, encoding: .utf8BOM))
      }
    }
  }

  @Test("one writer of many teams' lists in turn gives each the bytes of its rows", arguments: [false, true])
  func manyLists(byGrid: Bool) throws {
    for report in Self.reports(byGrid: byGrid) {
      for byteOrderMark in [true, false] {
        var lists = PatrolCSV.Lists(report.csvWriter, byteOrderMark: byteOrderMark)
        // Twice over, so that the second pass reads what the first kept.
        for (team, range) in report.plan.visitRanges.sorted(by: { $0.key < $1.key }) + report.plan.visitRanges
        {
          let rows = report.sortedRows.filter { report.team($0) == team }
          #expect(
            try lists.csv(visits: range)
              == report.csv(rows: rows, encoding: byteOrderMark ? .utf8BOM : .utf8), "\(team)")
        }
      }
    }
  }
}
