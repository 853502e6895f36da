import LinearAlgebra

/// Per-column centring and scaling, `z = (x − mean) / sd`, learned on one matrix and applied to
/// others (a fitted model keeps the training means and standard deviations).
public struct Standardization: Sendable, Hashable, Codable {
  public var means: [Double]
  /// Population standard deviations; a constant column has sd 1 (so its z is 0).
  public var sds: [Double]

  public init(means: [Double], sds: [Double]) {
    self.means = means
    self.sds = sds
  }

  /// Learns means and standard deviations from the columns of `x`.
  /// - Complexity: O(rows · columns).
  public init(fitting x: Matrix) {
    let n = Double(max(x.rows, 1))
    var means = [Double](repeating: 0, count: x.columns)
    var sds = [Double](repeating: 1, count: x.columns)
    x.storage.withUnsafeBufferPointer { s in
      for j in 0..<x.columns {
        let base = j * x.rows
        var sum = 0.0
        for i in 0..<x.rows { sum += s[base + i] }
        let m = sum / n
        var ss = 0.0
        for i in 0..<x.rows {
          let d = s[base + i] - m
          ss += d * d
        }
        means[j] = m
        let sd = (ss / n).squareRoot()
        sds[j] = sd > 1e-12 ? sd : 1
      }
    }
    self.init(means: means, sds: sds)
  }

  /// `(x − mean) / sd`, column by column.
  public func apply(_ x: Matrix) -> Matrix {
    precondition(x.columns == means.count, "Standardization: column count differs")
    var out = x
    out.storage.withUnsafeMutableBufferPointer { s in
      for j in 0..<x.columns {
        let base = j * x.rows
        let m = means[j]
        let inv = 1 / sds[j]
        for i in 0..<x.rows { s[base + i] = (s[base + i] - m) * inv }
      }
    }
    return out
  }
}
