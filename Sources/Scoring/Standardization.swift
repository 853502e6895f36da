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

extension FeatureMatrix {
  /// The model inputs `z = (transform(x) − mean) / sd` of the chosen columns (all when nil), in one
  /// allocation and one pass per column; columns not chosen are 0. With `given` nil the means and
  /// population standard deviations are learned from these rows (a constant column gets sd 1).
  /// Large matrices are done in runs of columns on the available cores (each column as alone).
  /// - Complexity: O(rows · chosen columns).
  package func standardized(_ given: Standardization? = nil, columns chosen: [Int]? = nil) -> (
    z: Matrix, standardization: Standardization
  ) {
    let n = rows
    let p = descriptors.count
    var means = given?.means ?? [Double](repeating: 0, count: p)
    var sds = given?.sds ?? [Double](repeating: 1, count: p)
    guard n > 0, p > 0 else { return (Matrix(rows: n, columns: p), Standardization(means: means, sds: sds)) }
    let isChosen =
      chosen.map { chosen in
        var marked = [Bool](repeating: false, count: p)
        for j in chosen { marked[j] = true }
        return marked
      } ?? [Bool](repeating: true, count: p)
    var z = [Double](unzeroed: n * p)
    let (learn, descriptors) = (given == nil, descriptors)
    values.storage.withUnsafeBufferPointer { x in
      z.withUnsafeMutableBufferPointer { out in
        means.withUnsafeMutableBufferPointer { means in
          sds.withUnsafeMutableBufferPointer { sds in
            // Shared with the workers, each of which reads and writes only its own columns.
            let xs = UnsafeSendable(UnsafeMutablePointer(mutating: x.baseAddress!))
            let (zs, means, sds) = (SendableBuffer(out), SendableBuffer(means), SendableBuffer(sds))
            concurrentRuns(p, minimumRun: max(1, FeatureColumns.rowsPerCore / n)) { columns in
              let (x, out) = (xs.pointer, zs.buffer)
              for j in columns {
                let base = j * n
                guard isChosen[j] else {
                  zs.zero(base..<(base + n))
                  continue
                }
                let transform = descriptors[j].transform
                var sum = 0.0
                for i in base..<(base + n) {
                  let v = transform.apply(x[i])
                  out[i] = v
                  sum += v
                }
                if learn {
                  let m = sum / Double(n)
                  var ss = 0.0
                  for i in base..<(base + n) {
                    let d = out[i] - m
                    ss += d * d
                  }
                  let sd = (ss / Double(n)).squareRoot()
                  means.buffer[j] = m
                  sds.buffer[j] = sd > 1e-12 ? sd : 1
                }
                let m = means.buffer[j]
                let inv = 1 / sds.buffer[j]
                for i in base..<(base + n) { out[i] = (out[i] - m) * inv }
              }
            }
          }
        }
      }
    }
    return (Matrix(rows: n, columns: p, columnMajor: z), Standardization(means: means, sds: sds))
  }
}
