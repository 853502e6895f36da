/// The order units are ranked in: by score, highest first, ties by index (the order of the
/// comparison `scores[a] != scores[b] ? scores[a] > scores[b] : a < b`).
///
/// Sorted as 64-bit keys by a least-significant-digit radix sort (four stable passes of 16 bits,
/// Knuth, TAOCP vol. 3, §5.2.5), because a million shops sorted through a comparison closure took
/// about 0.2 s of each scoring run: each score is turned into a key that orders as the score does
/// (its IEEE 754 bits, the sign bit flipped for positives and every bit for negatives, then all of
/// them inverted for highest first), and stable passes keep equal keys in index order.
enum RankOrder {
  /// The indices of `scores` in rank order. Scores are not NaN; −0 and +0 are one score.
  /// - Complexity: O(n), four passes over the keys (2^16 counters each).
  static func descending(_ scores: [Double]) -> [Int] {
    let n = scores.count
    var keys = scores.map { ~orderedBits($0 + 0.0) }
    var index = [Int32](0..<Int32(n))
    var nextKeys = [UInt64](repeating: 0, count: n)
    var nextIndex = [Int32](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1 << 16)
    for pass in 0..<4 {
      let shift = UInt64(16 * pass)
      for d in counts.indices { counts[d] = 0 }
      for key in keys { counts[Int((key >> shift) & 0xffff)] += 1 }
      var start = 0
      for d in counts.indices {
        let count = counts[d]
        counts[d] = start
        start += count
      }
      keys.withUnsafeBufferPointer { keysIn in
        index.withUnsafeBufferPointer { indexIn in
          nextKeys.withUnsafeMutableBufferPointer { keysOut in
            nextIndex.withUnsafeMutableBufferPointer { indexOut in
              counts.withUnsafeMutableBufferPointer { next in
                for p in 0..<n {
                  let digit = Int((keysIn[p] >> shift) & 0xffff)
                  let q = next[digit]
                  next[digit] = q + 1
                  keysOut[q] = keysIn[p]
                  indexOut[q] = indexIn[p]
                }
              }
            }
          }
        }
      }
      swap(&keys, &nextKeys)
      swap(&index, &nextIndex)
    }
    return index.map { Int($0) }
  }

  /// Bits of `x` that order as unsigned integers as `x` orders as a number.
  private static func orderedBits(_ x: Double) -> UInt64 {
    let bits = x.bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }
}
