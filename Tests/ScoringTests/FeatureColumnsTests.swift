import Foundation
import LinearAlgebra
import Testing

@testable import Scoring

/// A feature matrix is written column by column into memory allocated once, each large column's
/// rows split across the cores; standardizing a large matrix splits its columns across the cores.
/// Both must give exactly the numbers of the plain, one-thread way.
@Suite("Feature columns written in place and standardized on the cores")
struct FeatureColumnsTests {
  /// Enough rows that every large column is split across the cores (at least two runs).
  let rows = 3 * FeatureColumns.rowsPerCore + 17

  /// A value that differs by row and feature, with zeros and repeats (as counts have).
  func value(_ row: Int, _ feature: Int) -> Double {
    let h = (row &* 2_654_435_761 &+ feature &* 40_503) % 1_000
    return h < 300 ? 0 : Double(h % 97) / Double(feature + 1)
  }

  /// Where two columns first differ in bits (or in length), as (element, got, expected).
  func firstDifference(_ got: [Double], _ expected: [Double]) -> (Int, Double, Double)? {
    guard got.count == expected.count else { return (min(got.count, expected.count), .nan, .nan) }
    return zip(got, expected).enumerated().first { $1.0.bitPattern != $1.1.bitPattern }.map {
      ($0, $1.0, $1.1)
    }
  }

  func descriptor(_ k: Int) -> FeatureDescriptor {
    FeatureDescriptor(
      name: "f\(k)", family: "family\(k % 5)", transform: k % 3 == 0 ? .identity : .log1p, zh: "{n}",
      en: "{n}")
  }

  @Test("columns given as arrays or written in place, past the expected count, equal the columns")
  func inPlace() {
    let features = 9  // more than the 6 expected: the last ones are appended
    var cols = FeatureColumns(rows: rows, expected: 6)
    var expectedValues: [Double] = []
    var expectedDisplay: [Double] = []
    for k in 0..<features {
      let v = (0..<rows).map { value($0, k) }
      // Every third feature has display values of its own: the value rounded up.
      let shown = k % 3 == 1 ? v.map { $0.rounded(.up) } : nil
      expectedValues += v
      expectedDisplay += shown ?? v
      if k % 2 == 0 {
        cols.add(descriptor(k), v, display: shown)
      } else {
        cols.add(
          descriptor(k), { r, column in for i in r { column[i] = v[i] } },
          display: shown.map { shown -> FeatureColumns.Fill in
            { r, column in for i in r { column[i] = shown[i] } }
          })
      }
    }
    let matrix = cols.build()
    #expect(matrix.descriptors.map(\.name) == (0..<features).map { "f\($0)" })
    #expect(matrix.values.columns == features && matrix.display.columns == features)
    #expect(firstDifference(matrix.values.storage, expectedValues) == nil)
    #expect(firstDifference(matrix.display.storage, expectedDisplay) == nil)
  }

  @Test("a matrix of no rows or no columns builds")
  func empty() {
    var none = FeatureColumns(rows: 0)
    none.add(descriptor(0), [])
    #expect(none.build().values == Matrix(rows: 0, columns: 1))
    var noColumns = FeatureColumns(rows: 5)
    #expect(noColumns.build().values == Matrix(rows: 5, columns: 0))
  }

  /// z = (transform(x) − mean) / sd, column by column, one thread: the definition.
  func reference(_ m: FeatureMatrix, given: Standardization?, chosen: [Int]?) -> (Matrix, Standardization) {
    let (n, p) = (m.rows, m.descriptors.count)
    var z = Matrix(rows: n, columns: p)
    var means = given?.means ?? [Double](repeating: 0, count: p)
    var sds = given?.sds ?? [Double](repeating: 1, count: p)
    for j in chosen ?? Array(0..<p) {
      let t = (0..<n).map { m.descriptors[j].transform.apply(m.values[$0, j]) }
      if given == nil {
        var sum = 0.0
        for v in t { sum += v }
        let mean = sum / Double(n)
        var ss = 0.0
        for v in t { ss += (v - mean) * (v - mean) }
        let sd = (ss / Double(n)).squareRoot()
        (means[j], sds[j]) = (mean, sd > 1e-12 ? sd : 1)
      }
      for i in 0..<n { z[i, j] = (t[i] - means[j]) * (1 / sds[j]) }
    }
    return (z, Standardization(means: means, sds: sds))
  }

  @Test("standardizing on the cores gives the one-thread numbers: learned, given, and chosen columns")
  func standardized() {
    var cols = FeatureColumns(rows: rows)
    for k in 0..<9 { cols.add(descriptor(k), (0..<rows).map { value($0, k) }) }
    cols.add(descriptor(9), [Double](repeating: 4, count: rows))  // constant: sd 1, z 0
    let m = cols.build()
    let learned = m.standardized()
    let expected = reference(m, given: nil, chosen: nil)
    #expect(firstDifference(learned.z.storage, expected.0.storage) == nil)
    #expect(learned.standardization == expected.1)
    #expect(learned.standardization.sds[9] == 1)

    let given = Standardization(
      means: (0..<10).map { Double($0) / 10 }, sds: (0..<10).map { 1 + Double($0) / 4 })
    let chosen = [7, 2, 5]
    let applied = m.standardized(given, columns: chosen)
    let expectedApplied = reference(m, given: given, chosen: chosen)
    #expect(firstDifference(applied.z.storage, expectedApplied.0.storage) == nil)
    #expect(applied.standardization == given)
    // Columns not chosen are zero.
    #expect((0..<rows).allSatisfy { applied.z[$0, 0] == 0 && applied.z[$0, 9] == 0 })
  }
}
