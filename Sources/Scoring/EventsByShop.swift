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
/// Made by a stable counting sort on the shop (`RowsByUnit`, O(events + shops)); 25 bytes per
/// inspection and 5 per incident at a shop.
package struct EventsByShop: Sendable {
  let inspectionRows: RowsByUnit
  package let inspectionDay: [Int32]
  package let hazards: [Int32]
  package let major: [Int32]
  package let suspended: [Bool]
  package let rectified: [Int32]
  package let rectifiedDay: [Int32]
  package let due: [Int32]
  let incidentRows: RowsByUnit
  package let incidentDay: [Int32]
  package let incidentSeverity: [UInt8]

  package init(_ t: EventTables, shops: Int) {
    let inspections = RowsByUnit(t.inspectionShop, units: shops)
    inspectionRows = inspections
    inspectionDay = inspections.regrouped(t.inspectionDay)
    hazards = inspections.regrouped(t.inspectionHazards)
    major = inspections.regrouped(t.inspectionMajor)
    suspended = inspections.regrouped(t.inspectionSuspended)
    rectified = inspections.regrouped(t.inspectionRectified)
    rectifiedDay = inspections.regrouped(t.inspectionRectifiedDay)
    due = inspections.regrouped(t.inspectionDue)
    let incidents = RowsByUnit(t.incidentShop, units: shops)
    incidentRows = incidents
    incidentDay = incidents.regrouped(t.incidentDay)
    incidentSeverity = incidents.regrouped(t.incidentSeverity)
  }

  package func inspections(of shop: Int) -> Range<Int> { inspectionRows.range(of: shop) }
  package func incidents(of shop: Int) -> Range<Int> { incidentRows.range(of: shop) }
}
