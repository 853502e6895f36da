/// Does the top list over- or under-serve a part of the district relative to where the harm was?
///
/// For each group (subdistrict), `ratio = (group's share of the selected units) ÷ (group's share
/// of next-period events)`; ratios outside [0.8, 1.25] (the four-fifths rule and its reciprocal,
/// as in disparate-impact audits) are flagged.
public struct ExposureAudit: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var group: String
    public var listShare: Double
    public var eventShare: Double
    /// nil when the group had no events (its list share is then reported alone).
    public var ratio: Double?
    public var flagged: Bool
  }

  public static let band: ClosedRange<Double> = 0.8...1.25

  public var rows: [Row]

  /// - Parameters:
  ///   - groups: each unit's group.
  ///   - selected: the units in the top list.
  ///   - outcomes: each unit's events in the window.
  public init(groups: [String], selected: some Sequence<Int>, outcomes: [Double]) {
    var listCount: [String: Int] = [:]
    var total = 0
    for unit in selected {
      listCount[groups[unit], default: 0] += 1
      total += 1
    }
    var events: [String: Double] = [:]
    for (unit, y) in outcomes.enumerated() { events[groups[unit], default: 0] += y }
    let totalEvents = outcomes.reduce(0, +)
    rows = Set(groups).sorted().map { group in
      let listShare = total > 0 ? Double(listCount[group] ?? 0) / Double(total) : 0
      let eventShare = totalEvents > 0 ? (events[group] ?? 0) / totalEvents : 0
      let ratio = eventShare > 0 ? listShare / eventShare : nil
      let flagged = ratio.map { !ExposureAudit.band.contains($0) } ?? (listShare > 0)
      return Row(group: group, listShare: listShare, eventShare: eventShare, ratio: ratio, flagged: flagged)
    }
  }
}
