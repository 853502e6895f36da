import Foundation
import Records
import Testing

@testable import Patrol

@Suite("Lists issued earlier")
struct PatrolHistoryTests {
  @Test("a patrol CSV reads back as each shop's latest listing day")
  func readsCSV() throws {
    let text =
      "\u{FEFF}street_id,day,order,shop_id,name,score,last_inspected,reasons\r\n"
      + "ST1,2024-06-02,1,SH1,\"老王家, 饭店\",0.5,,\"原因一；\"\"引号\"\"\"\r\n"
      + "ST1,2024-06-03,1,SH2,便利店,0.4,2024-05-01,\r\n"
      + "ST1,2024-06-05,2,SH1,\"老王家, 饭店\",0.5,,\r\n"
    let history = try PatrolHistory(csv: text, file: "lists.csv")
    #expect(
      history.lastListed == [
        "SH1": Day(year: 2024, month: 6, day: 5), "SH2": Day(year: 2024, month: 6, day: 3),
      ])
  }

  @Test("a listing after tonight does not hide the shop's listing on or before tonight")
  func laterListingsAreNotVisitsYet() throws {
    // Last night planned SH1 for the day after tomorrow; a night before listed it for yesterday.
    let text = "street_id,day,shop_id\nST1,2024-06-05,SH1\nST1,2024-06-02,SH1\nST1,2024-06-04,SH2\n"
    var history = PatrolHistory()
    try history.record(csv: text, file: "lists.csv", through: Day(year: 2024, month: 6, day: 3))
    #expect(history.lastListed == ["SH1": Day(year: 2024, month: 6, day: 2)])
  }

  @Test("quoted fields keep commas, doubled quotes and line breaks")
  func quoting() {
    let records = Array(CSVRecords("a,\"b,c\",\"d\"\"e\"\n\"f\ng\",h\n"))
    #expect(records == [["a", "b,c", "d\"e"], ["f\ng", "h"]])
  }

  @Test("a file without shop_id and day is refused with its name")
  func notAList() {
    #expect {
      try PatrolHistory(csv: "grid_id,score\nG1,0.5\n", file: "hotspots.csv")
    } throws: { error in
      (error as? InputError)?.file == "hotspots.csv"
    }
  }

  @Test("rows issued from a plan read back the same")
  func roundTrip() {
    let (district, scores) = PatrolFixtures.district(streets: 1, shopsPerStreet: 20)
    let plan = PatrolPlanner(config: PatrolConfig(horizonDays: 3)).streetLists(
      district: district, scores: scores, asOf: PatrolFixtures.asOf)
    let csv = "shop_id,day\n" + plan.rows.map { "\($0.shopID),\($0.day.iso)" }.joined(separator: "\n")
    #expect((try? PatrolHistory(csv: csv, file: "x")) == PatrolHistory(rows: plan.rows))
  }
}
