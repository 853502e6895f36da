import Foundation
import Records

/// The rankings a model must beat, computed from the same records it saw.
public enum Baselines {
  /// Naive: last period's counts — severity ≥ `minimumSeverity` incidents per grid in the
  /// `horizon` days up to and including the origin; per shop, hazards found plus incidents.
  /// - Complexity: O(records).
  public static func lastPeriod(
    district: District, gridIDs: [String], shopIDs: [String], origin: Day, horizon: Int,
    minimumSeverity: Int = 2, timeZone: TimeZone = .district
  ) -> (grids: [Double], shops: [Double]) {
    let window = origin.advanced(by: -horizon + 1)...origin
    let past = Outcomes(
      district: district, gridIDs: gridIDs, shopIDs: shopIDs, window: window,
      minimumSeverity: minimumSeverity, timeZone: timeZone)
    var shops = [Double](repeating: 0, count: shopIDs.count)
    let shopIndex = Dictionary(uniqueKeysWithValues: shopIDs.enumerated().map { ($1, $0) })
    for incident in district.incidents {
      guard let id = incident.shopID, let s = shopIndex[id],
        window.contains(Day(incident.occurredAt, in: timeZone))
      else { continue }
      shops[s] += 1
    }
    for inspection in district.inspections {
      guard let s = shopIndex[inspection.shopID],
        window.contains(Day(inspection.inspectedAt, in: timeZone))
      else { continue }
      shops[s] += Double(inspection.hazardsFound)
    }
    return (past.gridEvents, shops)
  }

  /// Prospective hotspotting (Bowers, Johnson & Pease 2004): each past event within `bandwidth`
  /// days adds `1 / (1 + d) · 1 / (1 + w)` to every grid, where `d` is the number of adjacency
  /// steps (0 for its own grid, 1 for a neighbour, nothing further) and `w` the whole weeks
  /// since it happened. A kernel density over the grid graph rather than over metres, so it needs
  /// no coordinates.
  /// - Complexity: O(events · mean degree).
  public static func prospectiveHotspot(
    district: District, gridIDs: [String], origin: Day, bandwidth: Int = 56,
    minimumSeverity: Int = 2, timeZone: TimeZone = .district
  ) -> [Double] {
    let index = Dictionary(uniqueKeysWithValues: gridIDs.enumerated().map { ($1, $0) })
    var neighbours = [[Int]](repeating: [], count: gridIDs.count)
    for pair in district.adjacency {
      guard let a = index[pair.gridID], let b = index[pair.neighborID], a != b else { continue }
      neighbours[a].append(b)
      neighbours[b].append(a)
    }
    for i in neighbours.indices { neighbours[i] = Array(Set(neighbours[i])).sorted() }
    var score = [Double](repeating: 0, count: gridIDs.count)
    for incident in district.incidents where incident.severity >= minimumSeverity {
      let age = origin.number - Day(incident.occurredAt, in: timeZone).number
      guard age >= 0, age < bandwidth, let g = index[incident.gridID] else { continue }
      let time = 1 / (1 + Double(age / 7))
      score[g] += time
      for n in neighbours[g] { score[n] += time / 2 }
    }
    return score
  }

  /// Random: a seeded uniform score per unit (the floor any ranking should clear).
  public static func random(count: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in rng.unit() }
  }
}
