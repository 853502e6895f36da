import Foundation
import LinearAlgebra
import Records

/// Weights from an Analytic Hierarchy Process pairwise-comparison matrix.
///
/// Saaty (1977, "A scaling method for priorities in hierarchical structures", J. Math. Psych.
/// 15:234–281; 1980, "The Analytic Hierarchy Process"): entry a_ij says how much more important
/// criterion i is than j on the 1–9 scale, with a_ji = 1/a_ij. The weights are the principal
/// (Perron) right eigenvector of A, normalized to sum 1, found with LAPACK dgeev. Consistency:
///
///     CI = (λ_max − n) / (n − 1),   CR = CI / RI(n)
///
/// with Saaty's random index RI (n = 1…15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
/// 1.51, 1.48, 1.56, 1.57, 1.59). A matrix with CR ≥ 0.10 is too inconsistent to use.
public struct AnalyticHierarchy: Sendable, Hashable {
  public var weights: [Double]
  public var lambdaMax: Double
  public var consistencyIndex: Double
  public var consistencyRatio: Double

  /// Saaty's random consistency index RI(n), n = 1…15.
  public static let randomIndex: [Double] = [
    0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
  ]
  /// The largest consistency ratio accepted.
  public static let maximumConsistencyRatio = 0.10

  /// Computes weights and consistency of `pairwise` (rows as written on paper).
  /// - Parameter file: where the matrix came from, for the error message.
  /// - Throws: `InputError` when the matrix is not square, has a non-positive entry, is not
  ///   reciprocal (a_ji ≠ 1/a_ij within 1%), is larger than 15 × 15, or has CR ≥ 0.10.
  /// - Complexity: O(n³).
  public init(pairwise: [[Double]], file: String = "AHP matrix", field: String = "pairwise") throws {
    let n = pairwise.count
    func fail(_ problem: String, _ fix: String) -> InputError {
      InputError(file: file, field: field, problem: problem, fix: fix)
    }
    guard n >= 1, n <= AnalyticHierarchy.randomIndex.count else {
      throw fail("the pairwise matrix has \(n) criteria", "use between 1 and 15 criteria")
    }
    for (i, row) in pairwise.enumerated() {
      guard row.count == n else {
        throw fail("row \(i + 1) has \(row.count) entries, expected \(n)", "make the matrix square")
      }
      for (j, a) in row.enumerated() {
        guard a > 0, a.isFinite else {
          throw fail("entry (\(i + 1), \(j + 1)) is \(a)", "use positive values on Saaty's 1–9 scale")
        }
        let back = pairwise[j][i]
        guard abs(a * back - 1) <= 0.01 else {
          throw fail(
            "entry (\(i + 1), \(j + 1)) = \(a) but (\(j + 1), \(i + 1)) = \(back)",
            "make the matrix reciprocal: a_ji = 1 / a_ij")
        }
      }
    }
    let (re, im, vectors) = try Matrix.eigen(Matrix(pairwise))
    // The Perron root: the real eigenvalue of largest modulus; its vector has one sign.
    var k = 0
    for i in 0..<n where im[i] == 0 && (im[k] != 0 || re[i] > re[k]) { k = i }
    var w = vectors.column(k).map(abs)
    let total = w.reduce(0, +)
    w = w.map { $0 / total }
    lambdaMax = re[k]
    consistencyIndex = n > 1 ? (lambdaMax - Double(n)) / Double(n - 1) : 0
    let ri = AnalyticHierarchy.randomIndex[n - 1]
    consistencyRatio = ri > 0 ? consistencyIndex / ri : 0
    weights = w
    guard consistencyRatio < AnalyticHierarchy.maximumConsistencyRatio else {
      throw fail(
        String(
          format: "the pairwise comparisons are inconsistent: CR = %.3f (λmax = %.3f), must be below 0.10",
          consistencyRatio, lambdaMax),
        "revise the comparisons so that if A beats B and B beats C, A beats C by about the product")
    }
  }
}

/// Entropy weights: a feature that varies more across entities carries more information.
///
/// The entropy weight method (e.g. Zou, Yun & Sun 2006, "Entropy method for determination of
/// weight of evaluating indicators in fuzzy synthetic evaluation", J. Environ. Sci. 18:1020–1023):
/// with each column min–max normalized to x'_ij ∈ [0, 1],
///
///     p_ij = x'_ij / Σ_i x'_ij,   e_j = −(1 / ln n) Σ_i p_ij ln p_ij,   w_j = (1 − e_j) / Σ_k (1 − e_k)
///
/// A constant column has e_j = 1 and weight 0.
public enum EntropyWeights {
  /// - Complexity: O(rows · columns).
  public static func weights(_ x: Matrix) -> [Double] {
    let n = x.rows
    guard n > 1 else { return [Double](repeating: 1 / Double(max(x.columns, 1)), count: x.columns) }
    var d = [Double](repeating: 0, count: x.columns)
    for j in 0..<x.columns {
      let col = x.column(j)
      let lo = col.min()!
      let hi = col.max()!
      guard hi > lo else { continue }
      var sum = 0.0
      for v in col { sum += (v - lo) / (hi - lo) }
      var e = 0.0
      for v in col {
        let p = (v - lo) / (hi - lo) / sum
        if p > 0 { e -= p * log(p) }
      }
      d[j] = 1 - e / log(Double(n))
    }
    let total = d.reduce(0, +)
    return total > 0 ? d.map { $0 / total } : d
  }
}
