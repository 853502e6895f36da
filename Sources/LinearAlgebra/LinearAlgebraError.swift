/// What LAPACK's `info` result means, named.
///
/// LAPACK returns `info < 0` when argument `-info` was illegal (a programming error in this
/// module) and `info > 0` for a numerical condition that depends on the routine.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Argument number `position` of `routine` was illegal.
  case illegalArgument(routine: String, position: Int)
  /// The leading minor of order `order` is not positive definite (posv: Cholesky failed).
  case notPositiveDefinite(routine: String, order: Int)
  /// The factor has an exact zero at `index` (gels: the matrix is rank deficient).
  case singular(routine: String, index: Int)
  /// The eigenvalue iteration failed to converge for `count` elements (syev, geev).
  case noConvergence(routine: String, count: Int)

  public var description: String {
    switch self {
    case .illegalArgument(let r, let p): "\(r): argument \(p) was illegal"
    case .notPositiveDefinite(let r, let o):
      "\(r): the matrix is not positive definite (leading minor of order \(o))"
    case .singular(let r, let i): "\(r): the matrix is singular or rank deficient (at \(i))"
    case .noConvergence(let r, let c): "\(r): the iteration did not converge (\(c) elements)"
    }
  }

  /// Maps a LAPACK `info` to an error, or nil when it is 0 (success).
  static func check(_ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError) throws {
    if info == 0 { return }
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
    throw positive(Int(info))
  }
}
