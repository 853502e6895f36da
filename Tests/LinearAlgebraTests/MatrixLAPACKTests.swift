import Testing

@testable import LinearAlgebra

@Suite("LAPACK through Matrix")
struct MatrixLAPACKTests {
  @Test("posv solves a positive-definite system (hand-checked)")
  func posv() throws {
    // [4 2; 2 3]·x = [2, 1]: det = 8, x = [ (3·2 − 2·1)/8, (4·1 − 2·2)/8 ] = [0.5, 0]
    let x = try Matrix.solvePositiveDefinite(Matrix([[4, 2], [2, 3]]), [2, 1])
    #expect(close(x, [0.5, 0]))
    // Two right-hand sides at once.
    let b = Matrix([[2, 4], [1, 2]])
    let xs = try Matrix.solvePositiveDefinite(Matrix([[4, 2], [2, 3]]), b)
    #expect(close(xs.storage, [0.5, 0, 1, 0]))
  }

  @Test("posv refuses a matrix that is not positive definite, naming the minor")
  func posvIndefinite() {
    #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dposv", order: 2)) {
      try Matrix.solvePositiveDefinite(Matrix([[1, 2], [2, 1]]), [1, 1])
    }
  }

  @Test("gels fits a line through points exactly on it, and the mean for noise")
  func gels() throws {
    // y = 1 + 2t at t = 0, 1, 2, 3.
    let design = Matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
    #expect(close(try Matrix.leastSquares(design, [1, 3, 5, 7]), [1, 2]))
    // Points (0,0), (1,1), (2,1): slope = Σ(t−1)(y−2/3)/Σ(t−1)² = 0.5; intercept = 2/3 − 0.5 = 1/6.
    let x = try Matrix.leastSquares(Matrix([[1, 0], [1, 1], [1, 2]]), [0, 1, 1])
    #expect(close(x, [1.0 / 6, 0.5]))
  }

  @Test("gels reports a matrix whose triangular factor has an exact zero (a zero column)")
  func gelsSingular() {
    #expect(throws: LinearAlgebraError.singular(routine: "dgels", index: 2)) {
      try Matrix.leastSquares(Matrix([[1, 0], [2, 0], [3, 0]]), [1, 2, 3])
    }
  }

  @Test("syev: eigenvalues 1 and 3 of [2 1; 1 2], vectors along (1,−1) and (1,1)")
  func syev() throws {
    let (values, vectors) = try Matrix.symmetricEigen(Matrix([[2, 1], [1, 2]]))
    #expect(close(values, [1, 3]))
    let s = 1 / 2.0.squareRoot()
    #expect(close(vectors.column(0).map(abs), [s, s]))
    #expect(abs(vectors[0, 0] + vectors[1, 0]) < 1e-12)  // (1, −1) direction
    #expect(abs(vectors[0, 1] - vectors[1, 1]) < 1e-12)  // (1, 1) direction
  }

  @Test("geev: a non-symmetric matrix with real eigenvalues 2 and 5")
  func geevReal() throws {
    // [4 1; 2 3]: trace 7, det 10 → λ = 2, 5; for 5: (4−5)x + y = 0 → (1, 1).
    let (re, im, v) = try Matrix.eigen(Matrix([[4, 1], [2, 3]]))
    #expect(close(re.sorted(), [2, 5]))
    #expect(im.allSatisfy { $0 == 0 })
    let j = re.firstIndex { abs($0 - 5) < 1e-9 }!
    #expect(abs(v[0, j] - v[1, j]) < 1e-12)
  }

  @Test("geev: a rotation has the complex pair ±i")
  func geevComplex() throws {
    let (re, im, _) = try Matrix.eigen(Matrix([[0, -1], [1, 0]]))
    #expect(close(re, [0, 0]))
    #expect(close(im.sorted(), [-1, 1]))
  }
}
