/// A dense matrix of `Double` in column-major order, the layout BLAS and LAPACK work in.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Columns are contiguous, so a feature matrix
/// with one row per grid and one column per feature hands each feature to BLAS without copying.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
  public let rows: Int
  public let columns: Int
  /// Column-major elements, `rows * columns` of them.
  public var storage: [Double]

  /// A `rows × columns` matrix with every element `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
    self.rows = rows
    self.columns = columns
    storage = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing column-major elements.
  public init(rows: Int, columns: Int, columnMajor: [Double]) {
    precondition(columnMajor.count == rows * columns, "Expected \(rows * columns) elements")
    self.rows = rows
    self.columns = columns
    storage = columnMajor
  }

  /// A matrix from rows written as they read on paper: `Matrix([[1, 2], [3, 4]])`.
  public init(_ rowsOfElements: [[Double]]) {
    let r = rowsOfElements.count
    let c = rowsOfElements.first?.count ?? 0
    precondition(rowsOfElements.allSatisfy { $0.count == c }, "Rows must have equal length")
    self.init(rows: r, columns: c)
    for i in 0..<r {
      for j in 0..<c { storage[i + j * r] = rowsOfElements[i][j] }
    }
  }

  /// A matrix whose columns are the given vectors, all of equal length.
  public init(columns vectors: [[Double]]) {
    let r = vectors.first?.count ?? 0
    precondition(vectors.allSatisfy { $0.count == r }, "Columns must have equal length")
    self.init(rows: r, columns: vectors.count, columnMajor: vectors.flatMap { $0 })
  }

  /// The n × n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Index out of range")
      return storage[row + column * rows]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Index out of range")
      storage[row + column * rows] = newValue
    }
  }

  /// Column `j` as a vector.
  public func column(_ j: Int) -> [Double] {
    Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// Row `i` as a vector.
  public func row(_ i: Int) -> [Double] {
    (0..<columns).map { storage[i + $0 * rows] }
  }

  /// Replaces column `j`.
  public mutating func setColumn(_ j: Int, _ values: [Double]) {
    precondition(values.count == rows, "Column length must equal rows")
    storage.replaceSubrange((j * rows)..<((j + 1) * rows), with: values)
  }

  /// The transpose, as a new matrix.
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] }
    }
    return t
  }

  /// The elements as rows of a nested array (for tests and printing).
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  public var description: String {
    rowArrays.map { $0.map { String($0) }.joined(separator: "\t") }.joined(separator: "\n")
  }
}
