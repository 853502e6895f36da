import Records
import Testing

@testable import Scoring

@Suite("Rank order")
struct RankOrderTests {
  /// The order by a comparison: highest score first, ties by index.
  private func byComparison(_ s: [Double]) -> [Int] {
    s.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
  }

  @Test("highest first, ties by index, negatives below zero, −0 and +0 one score")
  func small() {
    let scores = [0.5, -1, 0, 2, 0.5, -0.0, -1e-300, .infinity, 1e-300, -.infinity]
    #expect(RankOrder.descending(scores) == [7, 3, 0, 4, 8, 2, 5, 6, 1, 9])
    #expect(RankOrder.descending(scores) == byComparison(scores))
    #expect(RankOrder.descending([]) == [])
  }

  @Test("a hundred thousand scores with many ties, as the comparison orders them")
  func many() {
    var generator = SplitMix64(seed: 11)
    let scores = (0..<100_000).map { _ -> Double in
      let u = Double(generator.next() >> 11) / Double(1 << 53)
      // A third of them tied at a few values, as probabilities rounded or zero often are.
      return u < 0.33 ? Double(Int(u * 30)) / 10 : u * 4 - 2
    }
    #expect(RankOrder.descending(scores) == byComparison(scores))
  }
}
