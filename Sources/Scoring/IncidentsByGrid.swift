import Foundation

/// The incident columns a grid's counts read, regrouped grid by grid: grid g's incidents are
/// `range(of: g)`, in table order (so by day), each with its day, feature group, severity and the
/// day it stops being an open dispute.
///
/// The grid feature pass reads every incident up to the cut once per cut (twelve times when a
/// model is fitted, `FeatureBuilder.forManyCuts()`). Read in table order, each incident lands in
/// a random grid's block of counts: at scale 100 that block array is 48 MB and every incident
/// misses the cache several times. Read grid by grid, one block takes all its grid's incidents
/// while it is in the cache and the columns are read front to back. Each count still adds the
/// same incidents in the same (table) order, so every sum is the same to the bit.
///
/// Made by a stable counting sort on the grid (`RowsByUnit`, O(incidents + grids)); 10 bytes per
/// incident.
package struct IncidentsByGrid: Sendable {
  let rows: RowsByUnit
  package let day: [Int32]
  package let group: [UInt8]
  package let severity: [UInt8]
  /// `EventTables.incidentOpenUntil`: open as a dispute at the cut c when `openUntil > c`.
  package let openUntil: [Int32]

  package init(_ t: EventTables, grids: Int) {
    rows = RowsByUnit(t.incidentGrid, units: grids)
    precondition(rows.order.count == t.incidentCount, "an incident without a grid in the scoring tables")
    day = rows.regrouped(t.incidentDay)
    group = rows.regrouped(t.incidentGroup)
    severity = rows.regrouped(t.incidentSeverity)
    openUntil = rows.order.map { t.incidentOpenUntil(Int($0)) }
  }

  package func range(of grid: Int) -> Range<Int> { rows.range(of: grid) }
}
