import Foundation
import LinearAlgebra
import Records

/// A logistic-regression problem shaped like the trainer's largest (shop rows are capped at 40,000
/// in `ModelTrainer`): standard-normal predictors and 0/1 outcomes drawn from a known model with
/// rare positives, so every IRLS iteration does the work of a real fit.
struct LogisticDesign {
  let x: Matrix
  let y: [Double]

  /// - Parameters:
  ///   - rows: observations; columns: predictors (without the intercept).
  /// The true model: η = −3 + Σ βⱼ xⱼ with βⱼ = ±0.6 / (1 + j/4), so about 8% of outcomes are 1.
  init(rows: Int = 40_000, columns: Int = 20, seed: UInt64 = 11) {
    var rng = SplitMix64(seed: seed)
    var storage = [Double](repeating: 0, count: rows * columns)
    for k in storage.indices {
      // Box–Muller: √(−2 ln u₁) cos(2π u₂) is standard normal for independent uniforms u₁, u₂.
      let u1 = max(rng.unit(), 1e-300)
      storage[k] = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * rng.unit())
    }
    var beta = [Double](repeating: 0, count: columns)
    for j in 0..<columns {
      let sign: Double = j % 2 == 0 ? 1 : -1
      beta[j] = sign * 0.6 / (1 + Double(j) / 4)
    }
    var y = [Double](repeating: 0, count: rows)
    for i in 0..<rows {
      var eta = -3.0
      for j in 0..<columns { eta += beta[j] * storage[j * rows + i] }  // column-major
      y[i] = rng.unit() < 1 / (1 + exp(-eta)) ? 1 : 0
    }
    x = Matrix(rows: rows, columns: columns, columnMajor: storage)
    self.y = y
  }
}
