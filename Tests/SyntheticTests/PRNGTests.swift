import Foundation
import Testing

@testable import Synthetic

@Suite("Seeded random numbers")
struct PRNGTests {
  @Test("xoshiro256** gives the reference outputs for state (1, 2, 3, 4)")
  func referenceOutputs() {
    // First outputs of Vigna's xoshiro256starstar.c from s = {1, 2, 3, 4}.
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    #expect(g.next() == 11520)
    #expect(g.next() == 0)
    #expect(g.next() == 1_509_978_240)
    #expect(g.next() == 1_215_971_899_390_074_240)
  }

  @Test("the same seed and stream repeat; other streams and seeds differ")
  func streams() {
    var a = Xoshiro256StarStar(seed: 7, .incidents)
    var b = Xoshiro256StarStar(seed: 7, .incidents)
    var c = Xoshiro256StarStar(seed: 7, .petitions)
    var d = Xoshiro256StarStar(seed: 8, .incidents)
    let xs = (0..<5).map { _ in a.next() }
    #expect(xs == (0..<5).map { _ in b.next() })
    #expect(xs != (0..<5).map { _ in c.next() })
    #expect(xs != (0..<5).map { _ in d.next() })
  }

  @Test(
    "Poisson draws have the asked mean and variance, below and above the method switch",
    arguments: [0.3, 4.0, 55.0, 900.0])
  func poisson(mean: Double) {
    var g = Xoshiro256StarStar(seed: 1, stream: 99)
    let n = 40_000
    let xs = (0..<n).map { _ in Double(g.poisson(mean: mean)) }
    let m = xs.reduce(0, +) / Double(n)
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
    // Standard error of the mean is √(μ/n); allow 5 of them. Variance within 5%.
    #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot())
    #expect(abs(v / mean - 1) < 0.05)
  }

  @Test("normal draws have mean 0 and sd 1 (tolerance 0.02)")
  func normal() {
    var g = Xoshiro256StarStar(seed: 2, stream: 99)
    let xs = (0..<50_000).map { _ in g.normal() }
    let m = xs.reduce(0, +) / Double(xs.count)
    let sd = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
    #expect(abs(m) < 0.02)
    #expect(abs(sd - 1) < 0.02)
  }

  @Test("the alias table draws in proportion to the weights (tolerance 0.01)")
  func alias() {
    let weights = [1.0, 0, 3, 6]
    let table = AliasTable(weights: weights)
    var g = Xoshiro256StarStar(seed: 3, stream: 99)
    var counts = [0, 0, 0, 0]
    let n = 100_000
    for _ in 0..<n { counts[table.draw(&g)] += 1 }
    #expect(counts[1] == 0)
    for i in 0..<4 { #expect(abs(Double(counts[i]) / Double(n) - weights[i] / 10) < 0.01) }
  }
}

@Suite("Calibration maths")
struct CalibrationMathsTests {
  @Test("largest remainder hits the total, respects the minimum and caps")
  func largestRemainder() {
    let parts = Apportionment.largestRemainder(
      total: 115, weights: [60, 70, 5, 1, 80], minimum: 1, caps: [100, 100, 100, 1, 100])
    #expect(parts.reduce(0, +) == 115)
    #expect(parts.allSatisfy { $0 >= 1 })
    #expect(parts[3] == 1)
    #expect(parts[4] > parts[1] && parts[1] > parts[0] && parts[0] > parts[2])
  }

  @Test("systematic rounding keeps the total and each count within one of its expectation")
  func systematic() {
    let expected = [0.4, 2.7, 0, 5.5, 1.4]
    let counts = Apportionment.systematic(expected, offset: 0.73)
    #expect(counts.reduce(0, +) == 10)
    for (c, e) in zip(counts, expected) { #expect(abs(Double(c) - e) < 1) }
  }

  @Test("the logistic intercept makes the weighted mean propensity the target (tolerance 1e-9)")
  func intercept() {
    let logits: [Float] = [-2, -1, 0, 0.5, 1, 3]
    let weights = [1.0, 2, 1, 3, 1, 0.5]
    let a = Calibration.logisticIntercept(logits: logits, weights: weights, mean: 0.185)
    let mean =
      zip(logits, weights).reduce(0.0) { $0 + $1.1 * Calibration.logistic(a + Double($1.0)) }
      / weights.reduce(0, +)
    #expect(abs(mean - 0.185) < 1e-9)
  }

  @Test("smoothed fields are standardized and neighbours correlate")
  func smoothField() {
    let lattice = Lattice(count: 900)
    var g = Xoshiro256StarStar(seed: 5, stream: 99)
    let f = LatentField.smooth(lattice, passes: 6, rng: &g)
    let mean = f.reduce(0, +) / Double(f.count)
    let variance = f.reduce(0) { $0 + $1 * $1 } / Double(f.count) - mean * mean
    #expect(abs(mean) < 1e-9)
    #expect(abs(variance - 1) < 1e-9)
    var products = 0.0
    var pairs = 0.0
    for c in 0..<lattice.count {
      for nb in lattice.neighbours(c) {
        products += f[c] * f[nb]
        pairs += 1
      }
    }
    #expect(products / pairs > 0.7)
  }
}

@Suite("Resident ID numbers")
struct ResidentIDTests {
  @Test("the check digit of GB 11643-1999's example is X, and a changed digit fails")
  func checkDigit() {
    #expect(ResidentID.checkCharacter("11010519491231002") == "X")
    #expect(ResidentID.isValid("11010519491231002X"))
    #expect(!ResidentID.isValid("11010519491231003X"))
    #expect(!ResidentID.isValid("1101051949123100"))
  }

  @Test("synthetic identifiers are valid ID numbers or 11-digit mobile numbers, stable per key")
  func identifiers() {
    for key in UInt64(0)..<2000 {
      let id = ResidentID.identifier(key: key)
      #expect(id == ResidentID.identifier(key: key))
      if id.count == 18 {
        #expect(ResidentID.isValid(id))
      } else {
        #expect(id.count == 11 && id.hasPrefix("1") && id.allSatisfy(\.isNumber))
      }
    }
  }
}
