import Foundation
import Records
import Synthetic
import TestSupport
import Testing

@Suite("Synthetic district: planted risk shows in the records")
struct PlantedRiskTests {
  let district = GeneratedDistrict.small

  /// Day number of an ISO timestamp's date.
  func day(_ timestamp: String) -> Int { Day(iso: timestamp.prefix(10))!.number }

  @Test(
    "incidents cluster in time within a grid: pairs 1–7 days apart outnumber pairs 29–35 days apart by over 15%"
  )
  func nearRepeats() throws {
    // A Knox-style comparison (Knox 1964): with near-repeat excitation, same-grid pairs close in
    // time are more frequent than pairs a month apart, whose rate is the background's.
    let csv = try district.csv("incidents.csv")
    let (g, t) = (csv.column("grid_id"), csv.column("occurred_at"))
    var days: [String: [Int]] = [:]
    for row in csv.rows where !row[g].isEmpty { days[row[g], default: []].append(day(row[t])) }
    var near = 0
    var far = 0
    for list in days.values {
      let sorted = list.sorted()
      for i in sorted.indices {
        var j = i + 1
        while j < sorted.count && sorted[j] - sorted[i] <= 35 {
          let lag = sorted[j] - sorted[i]
          if (1...7).contains(lag) { near += 1 }
          if (29...35).contains(lag) { far += 1 }
          j += 1
        }
      }
    }
    #expect(Double(near) > 1.15 * Double(far), "near \(near), far \(far)")
  }

  @Test(
    "inspections visit flagged and risky shops more, yet reach most unflagged shops; hazards follow the propensity"
  )
  func inspectionsFollowRisk() throws {
    let shops = try district.csv("shops.csv")
    let truth = try district.csv("truth/shop_risk.csv")
    let inspections = try district.csv("inspections.csv")
    let flagged = Dictionary(
      uniqueKeysWithValues: shops.rows.map {
        ($0[shops.column("shop_id")], !$0[shops.column("flags")].isEmpty)
      })
    let propensity = Dictionary(
      uniqueKeysWithValues: truth.rows.map { ($0[0], Double($0[truth.column("hazard_propensity")])!) })
    var visits: [String: Int] = [:]
    var foundPropensity: [Double] = []
    var passPropensity: [Double] = []
    for row in inspections.rows {
      let shop = row[inspections.column("shop_id")]
      visits[shop, default: 0] += 1
      let p = propensity[shop]!
      if Int(row[inspections.column("hazards_found")])! > 0 {
        foundPropensity.append(p)
      } else {
        passPropensity.append(p)
      }
    }
    func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }
    let flaggedShops = flagged.filter { $0.value }.map(\.key)
    let plainShops = flagged.filter { !$0.value }.map(\.key)
    let flaggedVisits = mean(flaggedShops.map { Double(visits[$0] ?? 0) })
    let plainVisits = mean(plainShops.map { Double(visits[$0] ?? 0) })
    #expect(flaggedVisits > 1.3 * plainVisits, "flagged \(flaggedVisits), plain \(plainVisits)")
    let plainReached = Double(plainShops.filter { visits[$0] != nil }.count) / Double(plainShops.count)
    #expect(plainReached > 0.6, "unflagged shops inspected at least once: \(plainReached)")
    #expect(mean(foundPropensity) > 1.3 * mean(passPropensity))
  }

  @Test("the report table has a row per figure with target, produced, deviation and a ✓ or ✗")
  func reportTable() {
    let lines = district.report.table().split(separator: "\n").map(String.init)
    for f in district.report.figures {
      let line = lines.first { $0.hasPrefix(f.name + " ") }
      #expect(line != nil, "\(f.name)")
      #expect(line.map { $0.hasSuffix("✓") || $0.hasSuffix("✗") } ?? false)
      #expect(line.map { $0.contains("%") } ?? false)
    }
  }
}
