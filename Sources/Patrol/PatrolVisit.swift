import Records

/// One line of a plan as the planner keeps it: a few numbers referring to the plan's teams, days,
/// roster and scores (`PatrolPlan.row(of:)` gives the `PatrolRow` people read). A million of them
/// are made, copied and sorted without reference counting.
package struct PatrolVisit: Sendable, Hashable {
  /// Why the planner chose a shop beyond its score: the planner's reason of a row.
  package enum Why: Sendable, Hashable {
    /// Chosen by risk: no reason of the planner's own.
    case none
    /// Hazards `days` past their rectification deadline.
    case recheck(days: Int)
    /// Drawn among shops not inspected or listed in `window` days.
    case explore(window: Int)
    /// `days` since the last visit, under a coverage floor of `floor` days.
    case coverage(days: Int, floor: Int)
    /// Never visited: due under the coverage floor at once.
    case neverVisited

    /// The sentence a row gives for it, in Chinese and English.
    package var reason: Reason? {
      switch self {
      case .none: nil
      case .recheck(let days):
        Reason(zh: "隐患整改逾期\(days)天，需复查", en: "hazards \(days) days past the rectification deadline: re-check")
      case .explore(let window):
        Reason(zh: "随机抽查：近\(window)天未检查", en: "random draw among shops not inspected in \(window) days")
      case .coverage(let days, let floor):
        Reason(
          zh: "距上次检查\(days)天（覆盖下限\(floor)天）",
          en: "\(days) days since the last visit (coverage floor \(floor) days)")
      case .neverVisited: Reason(zh: "无检查记录，纳入覆盖", en: "no visit on record: coverage")
      }
    }
  }

  /// The team's place in `PatrolPlan.teams`.
  package var team: Int32
  /// The day's place in `PatrolPlan.days`.
  package var day: Int32
  /// 1-based walking order within the team's day.
  package var order: Int32
  /// The shop's row in `PatrolPlan.shops`.
  package var shop: Int32
  /// The shop's score's place in `PatrolPlan.scores`, −1 when unscored.
  package var score: Int32
  /// The day of the shop's last inspection on record, if any.
  package var lastInspected: Day?
  package var kind: PatrolRow.Kind
  package var why: Why
}
