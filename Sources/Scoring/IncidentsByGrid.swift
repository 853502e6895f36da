import Foundation

/// The incident columns a grid's counts read, regrouped grid by grid: grid g's incidents are
/// `range(of: g)`, in table order (so by day), each with its day, feature group, severity and the
/// day it stops being an open dispute.
///
/// The grid feature pass reads every incident up to the cut once per cut (twelve times when a
/// model is fitted, `FeatureBuilder.forManyCuts()`). Read in table order, each incident lands in a random grid's block of
/// counts: at scale 100 that block array is 48 MB and every incident misses the cache several
/// times. Read grid by grid, one block takes all its grid's incidents while it is in the cache
/// and the columns are read front to back. Each count still adds the same incidents in the same
/// (table) order, so every sum is the same to the bit.
///
/// Made by a stable counting sort on the grid (O(incidents + grids)); 10 bytes per incident.
package struct IncidentsByGrid: Sendable {
  /// Grid g's incidents are positions `start[g]..<start[g + 1]`.
  package let start: [Int]
  package let day: [Int32]
  package let group: [UInt8]
  package let severity: [UInt8]
  /// The day a dispute was resolved (`EventTables.never` while it is not); `Int32.min` for an
  /// incident that is not a dispute, so that "open at the cut c" is `openUntil > c` for both.
  package let openUntil: [Int32]

  package init(_ t: EventTables, grids: Int) {
    let n = t.incidentCount
    var start = [Int](repeating: 0, count: grids + 1)
    for g in t.incidentGrid {
      precondition(g >= 0 && Int(g) < grids, "an incident without a grid in the scoring tables")
      start[Int(g) + 1] += 1
    }
    for g in 0..<grids { start[g + 1] += start[g] }
    var next = start
    var day = [Int32](repeating: 0, count: n)
    var group = [UInt8](repeating: 0, count: n)
    var severity = [UInt8](repeating: 0, count: n)
    var openUntil = [Int32](repeating: 0, count: n)
    for k in 0..<n {
      let g = Int(t.incidentGrid[k])
      let at = next[g]
      next[g] += 1
      day[at] = t.incidentDay[k]
      group[at] = t.incidentGroup[k]
      severity[at] = t.incidentSeverity[k]
      openUntil[at] = t.incidentDispute[k] ? t.incidentResolved[k] : .min
    }
    self.start = start
    self.day = day
    self.group = group
    self.severity = severity
    self.openUntil = openUntil
  }

  package func range(of grid: Int) -> Range<Int> { start[grid]..<start[grid + 1] }
}
