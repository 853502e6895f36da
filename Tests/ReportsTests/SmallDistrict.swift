import Foundation
import Records
import Reports

/// A 3 × 3 lattice of square grids (about 550 m a side near Beijing's latitude) in two
/// communities of one subdistrict, with scores ranked by id, for the writers' tests.
enum SmallDistrict {
  static let side = 0.005

  static func grid(_ row: Int, _ col: Int) -> Grid {
    let id = "G\(row)\(col)"
    return Grid(
      id: id, name: "网格\(row)\(col)号", subdistrictID: "S1", communityID: col < 2 ? "C1" : "C2",
      households: 100 * (row + 1), location: centre(row, col))
  }

  static func centre(_ row: Int, _ col: Int) -> GeoPoint {
    GeoPoint(lon: 116.4 + (Double(col) + 0.5) * side, lat: 39.9 + (Double(row) + 0.5) * side)
  }

  /// A square ring, clockwise and not closed: the writers must fix both.
  static func square(_ row: Int, _ col: Int) -> [GeoPoint] {
    let x = 116.4 + Double(col) * side
    let y = 39.9 + Double(row) * side
    return [
      GeoPoint(lon: x, lat: y), GeoPoint(lon: x, lat: y + side), GeoPoint(lon: x + side, lat: y + side),
      GeoPoint(lon: x + side, lat: y),
    ]
  }

  static var district: District {
    var grids: [Grid] = []
    var boundaries: [GridBoundary] = []
    for row in 0..<3 {
      for col in 0..<3 {
        grids.append(grid(row, col))
        boundaries.append(GridBoundary(gridID: "G\(row)\(col)", polygons: [[square(row, col)]]))
      }
    }
    let shops = [
      Shop(id: "SH1", name: "老王烧烤, \"夜宵\"", streetID: "ST1", gridID: "G00", category: "shop.restaurant"),
      Shop(id: "SH2", name: "便民超市", streetID: "ST1", gridID: "G01", category: "shop.retail"),
    ]
    let inspections = [
      Inspection(id: "I1", inspectedAt: day(2024, 3, 1), shopID: "SH1", hazardsFound: 1),
      Inspection(id: "I2", inspectedAt: day(2024, 5, 20), shopID: "SH1", hazardsFound: 0),
      // After the as-of date: must not show as the last inspection.
      Inspection(id: "I3", inspectedAt: day(2024, 7, 1), shopID: "SH1", hazardsFound: 0),
    ]
    return District(grids: grids, boundaries: boundaries, shops: shops, inspections: inspections)
  }

  static let asOf = Day(year: 2024, month: 6, day: 1)

  static func day(_ y: Int, _ m: Int, _ d: Int) -> Date {
    Day(year: y, month: m, day: d).start(in: .district)
  }

  /// Grid scores falling with the id's order; levels 2 red, 2 orange, 2 yellow, 3 blue.
  static var scores: [RiskScore] {
    let ids = (0..<3).flatMap { r in (0..<3).map { c in "G\(r)\(c)" } }
    let levels: [RiskLevel] = [.red, .red, .orange, .orange, .yellow, .yellow, .blue, .blue, .blue]
    var scores = ids.enumerated().map { i, id in
      RiskScore(
        entity: .grid, id: id, score: 0.9 - 0.1 * Double(i), rank: i + 1, level: levels[i],
        giZ: 3.0 - 0.5 * Double(i), trend: i == 0 ? "intensifying" : "none",
        reasons: [
          Reason(zh: "近30天案事件\(9 - i)起", en: "\(9 - i) incidents in 30 days"),
          Reason(zh: "物业纠纷", en: "disputes"),
        ])
    }
    scores.append(
      RiskScore(
        entity: .shop, id: "SH1", score: 0.7, rank: 1, level: .red,
        reasons: [Reason(zh: "逾期未整改隐患1处", en: "1 overdue hazard")]))
    scores.append(RiskScore(entity: .shop, id: "SH2", score: 0.2, rank: 2, level: .blue))
    return scores
  }

  static func report(_ language: ReportLanguage = .zh) -> HotspotReport {
    HotspotReport(
      scores: scores, district: district, asOf: asOf,
      run: ScoreRun(asOf: asOf, modelVersion: "test-1", dataFingerprint: "abc"), language: language)
  }
}
