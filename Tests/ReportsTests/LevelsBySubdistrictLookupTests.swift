import Records
import Reports
import Testing

/// `levelsBySubdistrict` looks up only the red and orange shop scores by id, unless a shop score
/// of any level could list a subdistrict that no grid score lists: the counts and the subdistricts
/// listed must be those of counting every shop score.
@Suite("Levels per subdistrict: shop scores looked up by id")
struct LevelsBySubdistrictLookupTests {
  /// The small district with a ninth subdistrict S9 of one grid, G99, that has no score, and two
  /// shops in it (SH8 and SH9).
  static func report(scoringSH9 level: RiskLevel?) -> HotspotReport {
    var report = SmallDistrict.report()
    report.district.grids.append(
      Grid(id: "G99", name: "九网格", subdistrictID: "S9", communityID: "C9", households: 10))
    report.district.shops += [
      Shop(id: "SH8", name: "八号店", streetID: "ST1", gridID: "G99", category: "shop.retail"),
      Shop(id: "SH9", name: "九号店", streetID: "ST1", gridID: "G99", category: "shop.retail"),
    ]
    if let level {
      report.scores.append(RiskScore(entity: .shop, id: "SH9", score: 0.1, rank: 3, level: level))
    }
    return report
  }

  static let s1: [Cell] = [
    .text("S1"), .integer(9), .integer(2), .integer(2), .integer(2), .integer(3), .integer(1), .integer(0),
  ]

  @Test("a subdistrict without a scored grid is listed when one of its shops is scored, at any level")
  func subdistrictListedByAShop() {
    for level in RiskLevel.allCases {
      let report = Self.report(scoringSH9: level)
      let s9: [Cell] = [
        .text("S9"), .integer(0), .integer(0), .integer(0), .integer(0), .integer(0),
        .integer(level == .red ? 1 : 0), .integer(level == .orange ? 1 : 0),
      ]
      #expect(report.levelsBySubdistrict().rows == [Self.s1, s9], "\(level)")
      #expect(report.levelsBySubdistrict(shops: ShopRoster(report.district.shops)).rows == [Self.s1, s9])
    }
    // Its shops unscored: not listed.
    let report = Self.report(scoringSH9: nil)
    #expect(report.levelsBySubdistrict().rows == [Self.s1])
    #expect(report.levelsBySubdistrict(shops: ShopRoster(report.district.shops)).rows == [Self.s1])
  }

  @Test("a shop score counts at the first shop with its id; one with no shop counts nowhere")
  func firstShopAndUnknownIDs() {
    var report = SmallDistrict.report()
    for i in report.district.grids.indices where report.district.grids[i].id.hasSuffix("2") {
      report.district.grids[i].subdistrictID = "S2"
    }
    // SH2 orange; two red scores for shops no roster row has.
    for i in report.scores.indices where report.scores[i].id == "SH2" { report.scores[i].level = .orange }
    report.scores.append(RiskScore(entity: .shop, id: "SH404", score: 0.5, rank: 3, level: .red))
    report.scores.append(RiskScore(entity: .shop, id: "SH405", score: 0.4, rank: 4, level: .red))
    // SH1 listed twice: first in G02 (S2), then in G00 (S1); SH2 in G01 (S1).
    var first = report.district.shops[0]
    first.gridID = "G02"
    let roster = ShopRoster([first] + report.district.shops)
    let rows = report.levelsBySubdistrict(shops: roster).rows
    #expect(rows.map { $0[0] } == [.text("S1"), .text("S2")])
    #expect(rows[0][6] == .integer(0) && rows[0][7] == .integer(1))
    #expect(rows[1][6] == .integer(1) && rows[1][7] == .integer(0))
  }
}
