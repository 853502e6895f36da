import Testing

@testable import LinearAlgebra

/// Checks that `a` and `b` agree elementwise within `tolerance`.
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-10) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

@Suite("BLAS through Matrix")
struct MatrixBLASTests {
  let a = Matrix([[1, 2, 3], [4, 5, 6]])  // 2 × 3

  @Test("storage is column-major")
  func layout() {
    #expect(a.storage == [1, 4, 2, 5, 3, 6])
    #expect(a[1, 2] == 6)
    #expect(a.column(1) == [2, 5])
    #expect(a.row(0) == [1, 2, 3])
    #expect(a.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
  }

  @Test("gemv: A·x and Aᵀ·y by hand")
  func gemv() {
    // [1 2 3; 4 5 6]·[1, 0, -1] = [1 - 3, 4 - 6] = [-2, -2]
    #expect(a.multiply([1, 0, -1]) == [-2, -2])
    // Aᵀ·[1, 1] = column sums = [5, 7, 9]
    #expect(a.transposeMultiply([1, 1]) == [5, 7, 9])
    var y = [1.0, 1.0]
    a.gemv([1, 1, 1], alpha: 2, beta: 3, into: &y)  // 2·[6, 15] + 3·[1, 1]
    #expect(y == [15, 33])
  }

  @Test("gemm: a 2×3 by 3×2 product by hand")
  func gemm() {
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    // Row 0: 1·7+2·9+3·11 = 58, 1·8+2·10+3·12 = 64; row 1: 4·7+5·9+6·11 = 139, 4·8+5·10+6·12 = 154
    #expect((a * b).rowArrays == [[58, 64], [139, 154]])
    #expect(Matrix.gemm(a, a, transposeB: true).rowArrays == [[14, 32], [32, 77]])
    #expect(Matrix.gemm(b, b, transposeA: true, alpha: 0.5).rowArrays == [[125.5, 139], [139, 154]])
  }

  @Test("syrk: the Gram matrix AᵀA with both triangles, equal to gemm")
  func gram() {
    let g = a.gram()
    #expect(g.rowArrays == [[17, 22, 27], [22, 29, 36], [27, 36, 45]])
    #expect(g == Matrix.gemm(a, a, transposeA: true))
    #expect(a.gram(transpose: false).rowArrays == [[14, 32], [32, 77]])
  }

  @Test("row scaling for √W·X")
  func scaling() {
    #expect(a.scalingRows(by: [2, -1]).rowArrays == [[2, 4, 6], [-4, -5, -6]])
  }

  @Test("level 1: dot, axpy, norm")
  func level1() {
    #expect(Vector.dot([1, 2, 3], [4, 5, 6]) == 32)
    var y = [1.0, 1.0]
    Vector.axpy(2, [3, 4], &y)
    #expect(y == [7, 9])
    #expect(Vector.norm([3, 4]) == 5)
  }

  @Test("empty matrices are harmless")
  func empty() {
    let e = Matrix(rows: 0, columns: 3)
    #expect(e.transposeMultiply([]) == [0, 0, 0])
    #expect(e.gram().rowArrays == [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
  }

  @Test("OpenBLAS is the library answering")
  func openBLAS() {
    #expect(!BLASInfo.coreName.isEmpty)
    #expect(BLASInfo.configuration.contains("OpenBLAS"))
    #expect(BLASInfo.threads >= 1)
  }

  @Test("the thread count can be set (tests run with one, so one is set and kept)")
  func threads() {
    BLASInfo.use(threads: 1)
    #expect(BLASInfo.threads == 1)
  }

  @Test("with one thread, OpenBLAS's idle workers can be stopped (the threaded build exports how)")
  func workersStop() {
    #expect(BLASInfo.stopWorkers())
    // BLAS still answers, on the calling thread: [1 2 3; 4 5 6]·[1, 1, 1] = [6, 15].
    #expect(a.multiply([1, 1, 1]) == [6, 15])
  }
}
