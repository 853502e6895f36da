import Foundation
import LinearAlgebra

/// A fitted generalized linear model: intercept first, then one coefficient per column of X.
public struct GLMFit: Sendable, Hashable {
  public var intercept: Double
  public var coefficients: [Double]
  public var iterations: Int
  public var converged: Bool

  /// The linear predictor `b0 + X·b` (dgemv).
  public func linearPredictor(_ x: Matrix) -> [Double] {
    var eta = [Double](repeating: intercept, count: x.rows)
    x.gemv(coefficients, beta: 1, into: &eta)
    return eta
  }
}

/// L2-regularized logistic and Poisson regression by iteratively reweighted least squares.
///
/// Newton–Raphson for a canonical-link GLM is IRLS (McCullagh & Nelder 1989, "Generalized Linear
/// Models", §2.5): with design D = [1 | X], linear predictor η = Dβ, mean μ = g⁻¹(η) and working
/// weights w, each step solves
///
///     (DᵀWD + λP) β_new = DᵀW z,   z = η + (y − μ)/w,
///
/// where P is the identity without its intercept entry (the intercept is not penalized; the
/// penalty is `λ/2 ‖b‖²` on the log-likelihood). DᵀWD is the Gram matrix of √W·D (`scalingRows`
/// then `gram`, dsyrk); the system is solved by Cholesky (`solvePositiveDefinite`, dposv).
/// Logistic: μ = 1/(1+e^{−η}), w = μ(1−μ). Poisson: μ = e^{η}, w = μ.
///
/// The first step starts from the data, as R's `glm` does (`binomial()$initialize`,
/// `poisson()$initialize`): logistic from the base rate (η = logit ȳ), Poisson from μ = y + 0.1
/// (η = log(y + 0.1)). From β = (log ȳ, 0, …) instead, a Poisson fit of grid counts took 26 steps
/// to converge; from the data it takes 7 (measured on the synthetic district's grid counts).
public enum GeneralizedLinearModel {
  public enum Family: String, Sendable, Codable {
    case logistic
    case poisson
  }

  /// The design D = [1 | X]: a column of ones, then the predictors. Fits of the same predictors
  /// (with other outcomes or penalties) can share one.
  public struct Design: Sendable {
    public let matrix: Matrix

    public init(_ x: Matrix) {
      var design = Matrix(rows: x.rows, columns: x.columns + 1, repeating: 1)
      design.storage.replaceSubrange(x.rows..<(x.rows * (x.columns + 1)), with: x.storage)
      matrix = design
    }
  }

  /// Fits y on the columns of x.
  /// - Parameters:
  ///   - x: predictors, one row per observation (standardize them first so λ means the same for all).
  ///   - y: 0/1 outcomes (logistic) or counts (Poisson).
  ///   - lambda: the L2 penalty λ ≥ 0.
  /// - Throws: `LinearAlgebraError.notPositiveDefinite` when the system is singular (λ = 0 with
  ///   collinear columns or perfectly separated data).
  /// - Complexity: O(iterations · n · p²).
  public static func fit(
    _ x: Matrix, _ y: [Double], family: Family, lambda: Double = 1, maxIterations: Int = 50,
    tolerance: Double = 1e-9
  ) throws -> GLMFit {
    try fit(Design(x), y, family: family, lambda: lambda, maxIterations: maxIterations, tolerance: tolerance)
  }

  /// Fits y on the predictors of `design`, as `fit(_:_:family:lambda:maxIterations:tolerance:)`.
  public static func fit(
    _ design: Design, _ y: [Double], family: Family, lambda: Double = 1, maxIterations: Int = 50,
    tolerance: Double = 1e-9
  ) throws -> GLMFit {
    let design = design.matrix
    precondition(y.count == design.rows, "GLM: one outcome per row")
    let n = design.rows
    let p = design.columns
    var beta = [Double](repeating: 0, count: p)
    let mean = y.reduce(0, +) / Double(max(n, 1))
    switch family {
    case .logistic: beta[0] = log(max(mean, 1e-6) / max(1 - mean, 1e-6))
    case .poisson: beta[0] = log(max(mean, 1e-6))
    }
    var iterations = 0
    var converged = false
    var sqrtW = [Double](repeating: 0, count: n)
    var wz = [Double](repeating: 0, count: n)
    var scaled = design
    var eta: [Double]
    switch family {
    case .logistic: eta = [Double](repeating: beta[0], count: n)
    case .poisson: eta = y.map { log($0 + 0.1) }
    }
    while iterations < maxIterations {
      iterations += 1
      if iterations > 1 { eta = design.multiply(beta) }
      for i in 0..<n {
        let mu: Double
        let w: Double
        switch family {
        case .logistic:
          mu = 1 / (1 + exp(-eta[i]))
          w = max(mu * (1 - mu), 1e-10)
        case .poisson:
          mu = exp(min(eta[i], 30))
          w = max(mu, 1e-10)
        }
        sqrtW[i] = w.squareRoot()
        wz[i] = w * eta[i] + (y[i] - mu)  // w · z
      }
      // √W·D into a buffer reused across iterations (the same as `design.scalingRows(by:)`).
      scaled.storage.withUnsafeMutableBufferPointer { out in
        design.storage.withUnsafeBufferPointer { d in
          for j in 0..<p {
            let base = j * n
            for i in 0..<n { out[base + i] = d[base + i] * sqrtW[i] }
          }
        }
      }
      var normal = scaled.gram()
      for j in 1..<p { normal[j, j] += lambda }
      let rhs = design.transposeMultiply(wz)
      let next = try Matrix.solvePositiveDefinite(normal, rhs)
      var change = 0.0
      for j in 0..<p { change = max(change, abs(next[j] - beta[j])) }
      beta = next
      if change < tolerance * (1 + beta.map(abs).max()!) {
        converged = true
        break
      }
    }
    return GLMFit(
      intercept: beta[0], coefficients: Array(beta[1...]), iterations: iterations,
      converged: converged)
  }
}
