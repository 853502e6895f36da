import Foundation
import LinearAlgebra
import Records
import Testing

@testable import Scoring

@Suite("Spatial statistics: Gi*, FDR, Mann–Kendall, emerging hot spots, shrinkage")
struct StatisticsTests {
  @Test("Gi* on a chain of five areas matches the hand-worked values ±√3 and 0")
  func getisOrdHandWorked() {
    // x = 2, 4, 6, 8, 10 on a chain 0–1–2–3–4. X̄ = 6, S = √(220/5 − 36) = √8.
    // Area 0: Σw x = 2 + 4 = 6, Σw = 2: (6 − 12) / (√8 · √((5·2 − 4)/4)) = −6/√12 = −√3.
    // Area 1: Σw x = 12, Σw = 3: (12 − 18) / (√8 · √((15 − 9)/4)) = −√3. Area 2: (18 − 18) = 0.
    let start: [Int32] = [0, 1, 3, 5, 7, 8]
    let neighbors: [Int32] = [1, 0, 2, 1, 3, 2, 4, 3]
    let z = GetisOrd.zScores([2, 4, 6, 8, 10], neighborStart: start, neighbors: neighbors)
    let r3 = 3.0.squareRoot()
    for (got, want) in zip(z, [-r3, -r3, 0, r3, r3]) { #expect(abs(got - want) < 1e-12) }
    #expect(abs(GetisOrd.pValue(1.959963984540054) - 0.05) < 1e-9)
  }

  @Test("Benjamini–Hochberg rejects the 4 smallest of the 15 p-values in their 1995 paper")
  func benjaminiHochberg() {
    let p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
      0.5719, 0.6528, 0.7590, 1.000,
    ]
    let rejected = FalseDiscoveryRate.significant(p.reversed(), q: 0.05)
    #expect(rejected.filter { $0 }.count == 4)
    #expect(Array(rejected.suffix(4)) == [true, true, true, true])
  }

  @Test("Mann–Kendall: S, variance with ties, and the continuity-corrected Z")
  func mannKendall() {
    let up = MannKendall([1, 2, 3, 4, 5])
    #expect(up.s == 10)
    #expect(abs(up.variance - 50.0 / 3) < 1e-12)
    #expect(abs(up.z - 9 / (50.0 / 3).squareRoot()) < 1e-12)
    let down = MannKendall([5, 4, 3, 2, 1])
    #expect(down.z == -up.z)
    // [1, 1, 2]: S = 2; one tie of 2: Var = (3·2·11 − 2·1·9)/18 = 8/3; Z = 1/√(8/3).
    let tied = MannKendall([1, 1, 2])
    #expect(tied.s == 2)
    #expect(abs(tied.variance - 8.0 / 3) < 1e-12)
    #expect(abs(tied.z - 1 / (8.0 / 3).squareRoot()) < 1e-12)
    #expect(MannKendall([3, 3, 3]).z == 0)
  }

  @Test("emerging hot-spot classes follow the stated rules")
  func emergingClasses() {
    let t = 12
    let allHot = [Bool](repeating: true, count: t)
    let none = [Bool](repeating: false, count: t)
    let rising = (0..<t).map { 2 + Double($0) * 0.3 }
    let flat = (0..<t).map { 3 + ($0 % 2 == 0 ? 0.1 : -0.1) }
    #expect(EmergingHotspot.classify(z: rising, hot: allHot, cold: none) == .intensifying)
    #expect(EmergingHotspot.classify(z: rising.reversed(), hot: allHot, cold: none) == .diminishing)
    #expect(EmergingHotspot.classify(z: flat, hot: allHot, cold: none) == .persistent)
    var lastOnly = none
    lastOnly[t - 1] = true
    #expect(EmergingHotspot.classify(z: flat, hot: lastOnly, cold: none) == .new)
    var onOff = none
    for i in Swift.stride(from: 1, to: t, by: 2) { onOff[i] = true }
    #expect(EmergingHotspot.classify(z: flat, hot: onOff, cold: none) == .sporadic)
    var coldOnce = none
    coldOnce[0] = true
    #expect(EmergingHotspot.classify(z: flat, hot: onOff, cold: coldOnce) == EmergingHotspot.none)
    var pastOnly = onOff
    pastOnly[t - 1] = false
    #expect(EmergingHotspot.classify(z: flat, hot: pastOnly, cold: none) == EmergingHotspot.none)
  }

  @Test("empirical-Bayes shrinkage pulls a small grid further toward the mean than a big one")
  func shrinkage() {
    // Same raw rate (2 per 100 households) in a 50-household and a 2000-household grid.
    let counts: [Double] = [1, 40, 2, 3, 10, 0, 5]
    let exposures: [Double] = [0.5, 20, 4, 6, 10, 3, 8]
    let shrunk = EmpiricalBayes.shrink(counts: counts, exposures: exposures)
    let m = counts.reduce(0, +) / exposures.reduce(0, +)
    let moveSmall = abs(counts[0] / exposures[0] - shrunk[0])
    let moveBig = abs(counts[1] / exposures[1] - shrunk[1])
    #expect(moveSmall > moveBig)
    #expect(shrunk[0] < 2 && shrunk[0] > m)
    // Shrunken rates lie between the raw rate and the prior mean.
    for i in counts.indices {
      let raw = counts[i] / exposures[i]
      #expect(shrunk[i] >= min(raw, m) - 1e-12 && shrunk[i] <= max(raw, m) + 1e-12)
    }
    // Counts no more variable than Poisson noise: every area gets the district rate.
    let even = EmpiricalBayes.shrink(counts: [1, 1, 1, 1], exposures: [1, 1, 1, 1])
    #expect(even.allSatisfy { abs($0 - 1) < 1e-12 })
  }
}
