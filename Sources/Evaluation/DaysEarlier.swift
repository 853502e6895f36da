/// "Days earlier": how much sooner inspections that found something would have been reached had
/// the inspections actually done in a window been done in score order instead.
///
/// The method of the City of Chicago's food-inspection forecasting evaluation (2014): keep the
/// dates on which inspections were actually done, hand them out again in order of descending
/// score, and average, over inspections with a finding, `actual day − reordered day`.
public struct DaysEarlier: Sendable, Equatable {
  /// Mean days earlier over inspections with a finding (positive = found sooner).
  public var meanDaysEarlier: Double
  /// Inspections with a finding.
  public var positives: Int
  /// Share of positives reached in the first half of the window, actual order.
  public var firstHalfActual: Double
  /// Share of positives reached in the first half of the window, score order.
  public var firstHalfReordered: Double

  /// - Parameters:
  ///   - days: the day each inspection was actually done (any order).
  ///   - scores: the score of each inspection's shop as of before the window.
  ///   - found: whether each inspection found something (hazard, critical violation).
  ///   - seed: tie-break seed for equal scores.
  /// - Returns: nil when the window holds no inspection with a finding.
  /// - Complexity: O(n log n).
  public init?(days: [Int], scores: [Double], found: [Bool], seed: UInt64) {
    precondition(days.count == scores.count && scores.count == found.count, "one day, score, finding each")
    let positives = found.filter { $0 }.count
    guard positives > 0 else { return nil }
    let slots = days.sorted()
    let reordered = Ranking(scores: scores, seed: seed).order
    var newDay = [Int](repeating: 0, count: days.count)
    for (slot, unit) in reordered.enumerated() { newDay[unit] = slots[slot] }
    var gained = 0.0
    var firstHalfActual = 0
    var firstHalfReordered = 0
    let half = slots.count / 2  // positions 0..<half form the first half of the visits
    var actualPosition = [Int](repeating: 0, count: days.count)
    for (position, unit) in days.indices.sorted(by: { days[$0] < days[$1] }).enumerated() {
      actualPosition[unit] = position
    }
    var reorderedPosition = [Int](repeating: 0, count: days.count)
    for (position, unit) in reordered.enumerated() { reorderedPosition[unit] = position }
    for i in days.indices where found[i] {
      gained += Double(days[i] - newDay[i])
      if actualPosition[i] < half { firstHalfActual += 1 }
      if reorderedPosition[i] < half { firstHalfReordered += 1 }
    }
    self.positives = positives
    meanDaysEarlier = gained / Double(positives)
    self.firstHalfActual = Double(firstHalfActual) / Double(positives)
    self.firstHalfReordered = Double(firstHalfReordered) / Double(positives)
  }
}
