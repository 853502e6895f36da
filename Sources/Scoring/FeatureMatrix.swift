import Foundation
import LinearAlgebra

/// How a feature is turned into a model input before standardizing.
package enum FeatureTransform: String, Sendable, Codable {
  /// Counts and other heavy-tailed quantities: `log(1 + x)`.
  case log1p
  /// Flags, levels, rates already on a comparable scale.
  case identity

  @inline(__always) package func apply(_ x: Double) -> Double {
    switch self {
    case .log1p: x > 0 ? Double.log1p(x) : 0
    case .identity: x
    }
  }
}

/// What a feature means, in words a 网格员 reads: a sentence template per language, where `{n}`
/// stands for the feature's display value (a plain count over a window, never a z-score).
package struct FeatureDescriptor: Sendable, Hashable {
  /// Stable name, e.g. `incidents.violence.hl30`.
  package var name: String
  /// Features of one family say the same thing; a list of reasons names each family once.
  package var family: String
  package var transform: FeatureTransform
  package var zh: String
  package var en: String
  /// Whether the display value is a whole count (printed without decimals).
  package var integral: Bool = true

  /// The sentence for a display value.
  package func reason(_ value: Double) -> (zh: String, en: String) {
    let text = ReasonTemplate(self)
    return text.render(value)
  }
}

/// A descriptor's sentences split once at `{n}`, so that filling in a count is two concatenations
/// (the explain pass writes millions of sentences).
struct ReasonTemplate: Sendable {
  let zh: (String, String?)
  let en: (String, String?)
  let integral: Bool

  init(_ d: FeatureDescriptor) {
    func split(_ t: String) -> (String, String?) {
      guard let r = t.range(of: "{n}") else { return (t, nil) }
      return (String(t[..<r.lowerBound]), String(t[r.upperBound...]))
    }
    zh = split(d.zh)
    en = split(d.en)
    integral = d.integral
  }

  func render(_ value: Double) -> (zh: String, en: String) {
    let n = integral ? String(Int(value.rounded())) : formatOneDecimal(value)
    return (zh.1.map { zh.0 + n + $0 } ?? zh.0, en.1.map { en.0 + n + $0 } ?? en.0)
  }
}

private func formatOneDecimal(_ x: Double) -> String {
  let r = (x * 10).rounded() / 10
  return r == r.rounded() ? String(Int(r)) : String(r)
}

extension Double {
  static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
}

/// A feature matrix: one row per entity (grid or shop), one column per feature, column-major so
/// that each feature is a contiguous vector for BLAS; with the counts the sentences quote.
public struct FeatureMatrix: Sendable {
  package let descriptors: [FeatureDescriptor]
  /// Raw values (before transform and standardization).
  public let values: Matrix
  /// What a reason sentence quotes for each (entity, feature): window counts, days, flags.
  package let display: Matrix

  package init(descriptors: [FeatureDescriptor], values: Matrix, display: Matrix) {
    precondition(descriptors.count == values.columns && display.columns == values.columns)
    precondition(display.rows == values.rows)
    self.descriptors = descriptors
    self.values = values
    self.display = display
  }

  public var names: [String] { descriptors.map(\.name) }
  public var rows: Int { values.rows }

  /// The index of the feature called `name`.
  public func column(named name: String) -> Int? { descriptors.firstIndex { $0.name == name } }

  /// The raw values of the feature called `name`.
  public func values(of name: String) -> [Double]? { column(named: name).map { values.column($0) } }

  /// The transformed model inputs (before standardization).
  package func transformed() -> Matrix {
    var out = values
    let n = values.rows
    out.storage.withUnsafeMutableBufferPointer { s in
      for (j, d) in descriptors.enumerated() where d.transform != .identity {
        for i in (j * n)..<((j + 1) * n) { s[i] = d.transform.apply(s[i]) }
      }
    }
    return out
  }

  /// The rows `indices`, in that order (for training sets drawn from several cut dates).
  package func selectingRows(_ indices: [Int]) -> FeatureMatrix {
    func pick(_ m: Matrix) -> Matrix {
      var out = Matrix(rows: indices.count, columns: m.columns)
      for j in 0..<m.columns {
        let src = j * m.rows
        let dst = j * indices.count
        for (r, i) in indices.enumerated() { out.storage[dst + r] = m.storage[src + i] }
      }
      return out
    }
    return FeatureMatrix(descriptors: descriptors, values: pick(values), display: pick(display))
  }
}

/// Accumulates feature columns in order, then packs them into a `FeatureMatrix`.
///
/// Both matrices are allocated once, for `expected` columns, without a fill, and each feature is
/// written straight into its column, its rows split across the cores when there are many: the
/// memory is first touched where it is written, on every core, and no column is copied twice
/// (`SendableBuffer.swift` says why that matters). Columns beyond `expected` are appended.
struct FeatureColumns {
  /// Writes a feature's value of each row in `rows` at `column[row]`.
  typealias Fill = @Sendable (_ rows: Range<Int>, _ column: UnsafeMutablePointer<Double>) -> Void

  let rows: Int
  private(set) var descriptors: [FeatureDescriptor] = []
  private var values: [Double]
  private var display: [Double]
  /// Rows one core writes at least, so that a split is worth its cost.
  static let rowsPerCore = 32_768

  init(rows: Int, expected: Int = 64) {
    self.rows = rows
    values = [Double](unzeroed: rows * expected)
    display = [Double](unzeroed: rows * expected)
  }

  mutating func add(_ d: FeatureDescriptor, _ v: [Double], display shown: [Double]? = nil) {
    precondition(v.count == rows, "feature \(d.name): one value per row")
    precondition(shown.map { $0.count == rows } ?? true, "feature \(d.name): one display value per row")
    add(
      d, { r, column in copy(v, r, to: column) },
      display: shown.map { shown -> Fill in { r, column in copy(shown, r, to: column) } })
  }

  /// Adds a feature whose values `value` writes into its column, and its display values `shown`
  /// (the values when nil).
  mutating func add(_ d: FeatureDescriptor, _ value: @escaping Fill, display shown: Fill? = nil) {
    let k = descriptors.count
    descriptors.append(d)
    guard rows > 0 else { return }
    if values.count < (k + 1) * rows {
      values.append(contentsOf: repeatElement(0, count: rows))
      display.append(contentsOf: repeatElement(0, count: rows))
    }
    values.withUnsafeMutableBufferPointer { v in
      display.withUnsafeMutableBufferPointer { s in
        let (vc, sc) = (UnsafeSendable(v.baseAddress! + k * rows), UnsafeSendable(s.baseAddress! + k * rows))
        concurrentRuns(rows, minimumRun: Self.rowsPerCore) { r in
          value(r, vc.pointer)
          if let shown {
            shown(r, sc.pointer)
          } else {
            (sc.pointer + r.lowerBound).update(from: vc.pointer + r.lowerBound, count: r.count)
          }
        }
      }
    }
  }

  /// The matrices of the features added (the columns move into them).
  mutating func build() -> FeatureMatrix {
    var (v, s) = ([Double](), [Double]())
    swap(&v, &values)
    swap(&s, &display)
    let used = descriptors.count * rows
    v.removeLast(v.count - used)
    s.removeLast(s.count - used)
    return FeatureMatrix(
      descriptors: descriptors,
      values: Matrix(rows: rows, columns: descriptors.count, columnMajor: v),
      display: Matrix(rows: rows, columns: descriptors.count, columnMajor: s))
  }
}

/// `v[rows]` written at `column[rows]`.
@inline(__always)
private func copy(_ v: [Double], _ rows: Range<Int>, to column: UnsafeMutablePointer<Double>) {
  v.withUnsafeBufferPointer { v in
    (column + rows.lowerBound).update(from: v.baseAddress! + rows.lowerBound, count: rows.count)
  }
}
