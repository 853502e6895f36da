import Foundation

/// The inspection and incident columns a shop's counts read, regrouped shop by shop: shop s's
/// inspections are `inspections(of: s)` and its incidents `incidents(of: s)`, each in table order
/// (so by day).
///
/// The shop pass reads every inspection and every incident at a shop up to the cut once per cut
/// (twelve times when a model is fitted, `FeatureBuilder.forManyCuts()`). In table order each
/// lands on a random shop's accumulators: at scale 100 they are 154 MB, and each event misses
/// the cache. Shop by shop, one shop's accumulators take all its events at once and the columns
/// are read front to back; each count still adds the same events in the same (table) order.
///
/// Made by a stable counting sort on the shop (O(events + shops)); 25 bytes per inspection and
/// 5 per incident at a shop.
package struct EventsByShop: Sendable {
  /// Shop s's inspections are positions `inspectionStart[s]..<inspectionStart[s + 1]`.
  package let inspectionStart: [Int]
  package let inspectionDay: [Int32]
  package let hazards: [Int32]
  package let major: [Int32]
  package let suspended: [Bool]
  package let rectified: [Int32]
  package let rectifiedDay: [Int32]
  package let due: [Int32]
  /// Shop s's incidents are positions `incidentStart[s]..<incidentStart[s + 1]`.
  package let incidentStart: [Int]
  package let incidentDay: [Int32]
  package let incidentSeverity: [UInt8]

  package init(_ t: EventTables, shops: Int) {
    let inspectionsAt = Self.positions(of: t.inspectionShop, units: shops)
    inspectionStart = inspectionsAt.start
    inspectionDay = Self.regrouped(t.inspectionDay, inspectionsAt.order)
    hazards = Self.regrouped(t.inspectionHazards, inspectionsAt.order)
    major = Self.regrouped(t.inspectionMajor, inspectionsAt.order)
    suspended = Self.regrouped(t.inspectionSuspended, inspectionsAt.order)
    rectified = Self.regrouped(t.inspectionRectified, inspectionsAt.order)
    rectifiedDay = Self.regrouped(t.inspectionRectifiedDay, inspectionsAt.order)
    due = Self.regrouped(t.inspectionDue, inspectionsAt.order)
    let incidentsAt = Self.positions(of: t.incidentShop, units: shops)
    incidentStart = incidentsAt.start
    incidentDay = Self.regrouped(t.incidentDay, incidentsAt.order)
    incidentSeverity = Self.regrouped(t.incidentSeverity, incidentsAt.order)
  }

  package func inspections(of shop: Int) -> Range<Int> { inspectionStart[shop]..<inspectionStart[shop + 1] }
  package func incidents(of shop: Int) -> Range<Int> { incidentStart[shop]..<incidentStart[shop + 1] }

  /// Stable counting sort of rows by `unit` (rows whose unit is negative left out): each unit's
  /// first position, and the table row at each position.
  static func positions(of unit: [Int32], units: Int) -> (start: [Int], order: [Int32]) {
    var start = [Int](repeating: 0, count: units + 1)
    for u in unit where u >= 0 {
      precondition(Int(u) < units, "an event of an unknown shop in the scoring tables")
      start[Int(u) + 1] += 1
    }
    for u in 0..<units { start[u + 1] += start[u] }
    var next = start
    var order = [Int32](repeating: 0, count: start[units])
    for (k, u) in unit.enumerated() where u >= 0 {
      order[next[Int(u)]] = Int32(k)
      next[Int(u)] += 1
    }
    return (start, order)
  }

  static func regrouped<T>(_ column: [T], _ order: [Int32]) -> [T] { order.map { column[Int($0)] } }
}
