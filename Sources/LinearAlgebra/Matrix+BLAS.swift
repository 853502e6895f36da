import CLinearAlgebra

/// Level-1/2/3 BLAS on `Matrix` and `[Double]`, through OpenBLAS's CBLAS.
extension Matrix {
  /// `y = alpha · op(A) · x + beta · y` (dgemv), op(A) = A or Aᵀ.
  /// - Complexity: O(rows · columns).
  public func gemv(
    _ x: [Double], transpose: Bool = false, alpha: Double = 1, beta: Double = 0,
    into y: inout [Double]
  ) {
    let (m, n) = (Int32(rows), Int32(columns))
    precondition(x.count == (transpose ? rows : columns), "gemv: x has the wrong length")
    precondition(y.count == (transpose ? columns : rows), "gemv: y has the wrong length")
    if rows == 0 || columns == 0 {
      for i in y.indices { y[i] *= beta }
      return
    }
    storage.withUnsafeBufferPointer { a in
      cblas_dgemv(
        CblasColMajor, transpose ? CblasTrans : CblasNoTrans, m, n, alpha, a.baseAddress,
        max(m, 1), x, 1, beta, &y, 1)
    }
  }

  /// A · x.
  public func multiply(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: rows)
    gemv(x, into: &y)
    return y
  }

  /// Aᵀ · x.
  public func transposeMultiply(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: columns)
    gemv(x, transpose: true, into: &y)
    return y
  }

  /// `alpha · op(A) · op(B)` (dgemm).
  /// - Complexity: O(m · n · k).
  public static func gemm(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
  ) -> Matrix {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 || k == 0 { return c }
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            pa.baseAddress, Int32(max(a.rows, 1)), pb.baseAddress, Int32(max(b.rows, 1)), 0,
            pc.baseAddress, Int32(max(m, 1)))
        }
      }
    }
    return c
  }

  public static func * (a: Matrix, b: Matrix) -> Matrix { gemm(a, b) }

  /// The Gram matrix `alpha · AᵀA` (or `alpha · AAᵀ` with `transpose: false`) by dsyrk, with both
  /// triangles filled.
  ///
  /// `AᵀA` is what normal equations and IRLS need (`XᵀWX` is the Gram of `√W·X`).
  /// - Complexity: O(rows · columns²) for AᵀA, half of a gemm.
  public func gram(transpose: Bool = true, alpha: Double = 1) -> Matrix {
    let n = transpose ? columns : rows
    let k = transpose ? rows : columns
    var c = Matrix(rows: n, columns: n)
    if n == 0 || k == 0 { return c }
    storage.withUnsafeBufferPointer { pa in
      c.storage.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, Int32(n), Int32(k),
          alpha, pa.baseAddress, Int32(max(rows, 1)), 0, pc.baseAddress, Int32(n))
      }
    }
    for j in 0..<n {
      for i in (j + 1)..<max(n, j + 1) { c.storage[i + j * n] = c.storage[j + i * n] }
    }
    return c
  }

  /// Every row i multiplied by `weights[i]` (for `√W·X` in weighted least squares).
  /// - Complexity: O(rows · columns).
  public func scalingRows(by weights: [Double]) -> Matrix {
    precondition(weights.count == rows, "scalingRows: one weight per row")
    var out = self
    out.storage.withUnsafeMutableBufferPointer { s in
      for j in 0..<columns {
        let base = j * rows
        for i in 0..<rows { s[base + i] *= weights[i] }
      }
    }
    return out
  }
}

/// Vector operations through BLAS level 1.
public enum Vector {
  /// xᵀy (ddot).
  public static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths differ")
    return cblas_ddot(Int32(x.count), x, 1, y, 1)
  }

  /// y ← alpha·x + y (daxpy).
  public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count, "axpy: lengths differ")
    cblas_daxpy(Int32(x.count), alpha, x, 1, &y, 1)
  }

  /// ‖x‖₂ (dnrm2).
  public static func norm(_ x: [Double]) -> Double { cblas_dnrm2(Int32(x.count), x, 1) }
}
