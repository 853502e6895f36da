import CLinearAlgebra

/// Solvers and eigen-decompositions through LAPACKE, column-major.
extension Matrix {
  private static let upper = CChar(truncatingIfNeeded: UInt8(ascii: "U"))
  private static let vectors = CChar(truncatingIfNeeded: UInt8(ascii: "V"))
  private static let noVectors = CChar(truncatingIfNeeded: UInt8(ascii: "N"))
  private static let noTranspose = CChar(truncatingIfNeeded: UInt8(ascii: "N"))

  /// Solves `A X = B` for symmetric positive-definite A by Cholesky (dposv).
  /// - Throws: `LinearAlgebraError.notPositiveDefinite` when A is not positive definite.
  /// - Complexity: O(n³/3 + n² · nrhs).
  public static func solvePositiveDefinite(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    precondition(a.rows == a.columns, "posv: A must be square")
    precondition(b.rows == a.rows, "posv: B must have as many rows as A")
    var factor = a.storage
    var x = b.storage
    let n = Int32(a.rows)
    if n == 0 { return b }
    let info = LAPACKE_dposv(
      LAPACK_COL_MAJOR, upper, n, Int32(b.columns), &factor, n, &x, n)
    try LinearAlgebraError.check(info, routine: "dposv") {
      .notPositiveDefinite(routine: "dposv", order: $0)
    }
    return Matrix(rows: b.rows, columns: b.columns, columnMajor: x)
  }

  /// Solves `A x = b` for symmetric positive-definite A by Cholesky (dposv).
  public static func solvePositiveDefinite(_ a: Matrix, _ b: [Double]) throws -> [Double] {
    try solvePositiveDefinite(a, Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
  }

  /// The least-squares solution of `min ‖A x − b‖₂` for a full-rank A with rows ≥ columns,
  /// by QR (dgels).
  /// - Throws: `LinearAlgebraError.singular` when A is rank deficient.
  /// - Complexity: O(2 · rows · columns²).
  public static func leastSquares(_ a: Matrix, _ b: [Double]) throws -> [Double] {
    precondition(b.count == a.rows, "gels: b must have one entry per row of A")
    precondition(a.rows >= a.columns, "gels: needs at least as many rows as columns")
    var factor = a.storage
    var rhs = b
    let m = Int32(a.rows)
    let n = Int32(a.columns)
    if n == 0 { return [] }
    let info = LAPACKE_dgels(
      LAPACK_COL_MAJOR, noTranspose, m, n, 1, &factor, max(m, 1), &rhs, max(m, 1))
    try LinearAlgebraError.check(info, routine: "dgels") { .singular(routine: "dgels", index: $0) }
    return Array(rhs.prefix(a.columns))
  }

  /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix (dsyev).
  /// - Throws: `LinearAlgebraError.noConvergence`.
  /// - Complexity: O(n³).
  public static func symmetricEigen(_ a: Matrix) throws -> (values: [Double], vectors: Matrix) {
    precondition(a.rows == a.columns, "syev: A must be square")
    let n = Int32(a.rows)
    var w = [Double](repeating: 0, count: a.rows)
    var v = a.storage
    if n == 0 { return ([], a) }
    let info = LAPACKE_dsyev(LAPACK_COL_MAJOR, vectors, upper, n, &v, n, &w)
    try LinearAlgebraError.check(info, routine: "dsyev") {
      .noConvergence(routine: "dsyev", count: $0)
    }
    return (w, Matrix(rows: a.rows, columns: a.columns, columnMajor: v))
  }

  /// Eigenvalues and right eigenvectors of a general square matrix (dgeev).
  ///
  /// Values are `(real, imaginary)` pairs in LAPACK's order. For a real eigenvalue j, column j
  /// of `vectors` is its eigenvector; a complex pair (j, j+1) has vectors `v[:,j] ± i·v[:,j+1]`.
  /// - Throws: `LinearAlgebraError.noConvergence` when the QR algorithm failed.
  /// - Complexity: O(n³).
  public static func eigen(_ a: Matrix) throws -> (real: [Double], imaginary: [Double], vectors: Matrix) {
    precondition(a.rows == a.columns, "geev: A must be square")
    let n = Int32(a.rows)
    if n == 0 { return ([], [], a) }
    var copy = a.storage
    var wr = [Double](repeating: 0, count: a.rows)
    var wi = [Double](repeating: 0, count: a.rows)
    var vl = [Double](repeating: 0, count: 1)
    var vr = [Double](repeating: 0, count: a.rows * a.rows)
    let info = LAPACKE_dgeev(
      LAPACK_COL_MAJOR, noVectors, vectors, n, &copy, n, &wr, &wi, &vl, 1, &vr, n)
    try LinearAlgebraError.check(info, routine: "dgeev") {
      .noConvergence(routine: "dgeev", count: $0)
    }
    return (wr, wi, Matrix(rows: a.rows, columns: a.columns, columnMajor: vr))
  }
}
