/// Draws an index with probability proportional to fixed weights in O(1) per draw.
///
/// Walker's alias method (Walker 1977) built by Vose's stable construction ("A linear algorithm
/// for generating random numbers with a given distribution", IEEE TSE 17(9), 1991).
/// - Complexity: O(n) to build, O(1) per draw; 12 bytes per weight.
package struct AliasTable {
  private var probability: [Double]
  private var alias: [Int32]
  /// The sum of the weights it was built from.
  package let total: Double

  /// - Precondition: at least one weight, all finite and ≥ 0, with a positive sum.
  package init(weights: [Double]) {
    let n = weights.count
    precondition(n > 0 && n < Int(Int32.max), "alias table needs 1…2³¹ weights")
    var total = 0.0
    for w in weights { total += w }
    precondition(total > 0 && total.isFinite, "alias table needs a positive finite total")
    self.total = total
    var probability = [Double](repeating: 1, count: n)
    var alias = [Int32](repeating: 0, count: n)
    var scaled = weights.map { $0 * Double(n) / total }
    var small: [Int32] = []
    var large: [Int32] = []
    small.reserveCapacity(n)
    large.reserveCapacity(n)
    for i in 0..<n {
      if scaled[i] < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) }
    }
    while let s = small.last, let l = large.last {
      small.removeLast()
      probability[Int(s)] = scaled[Int(s)]
      alias[Int(s)] = l
      scaled[Int(l)] = (scaled[Int(l)] + scaled[Int(s)]) - 1
      if scaled[Int(l)] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    // What is left has weight 1 up to rounding.
    for l in large { probability[Int(l)] = 1 }
    for s in small { probability[Int(s)] = 1 }
    for i in 0..<n where probability[i] == 1 { alias[i] = Int32(i) }
    self.probability = probability
    self.alias = alias
  }

  package var count: Int { probability.count }

  @inline(__always)
  package func draw(_ rng: inout Xoshiro256StarStar) -> Int {
    let i = rng.below(probability.count)
    return rng.uniform() < probability[i] ? i : Int(alias[i])
  }
}
