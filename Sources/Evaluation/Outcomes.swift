import Foundation
import Records

/// What happened in an evaluation window `(origin, origin + horizon]`, per grid and per shop:
/// the "ground truth" a ranking made at the origin is scored against.
public struct Outcomes: Sendable {
  /// Incidents of severity ≥ `minimumSeverity` per grid (in `gridIDs` order).
  public var gridEvents: [Double]
  /// Per shop: 1 when an inspection in the window found a hazard or an incident happened at it.
  public var shopEvents: [Double]
  /// Per shop: whether its outcome was observed (it was inspected in the window).
  public var shopObserved: [Bool]
  /// Inspections done in the window: shop index, day and whether it found a hazard, in date order.
  public var inspections: [(shop: Int, day: Int, found: Bool)]

  /// - Parameters:
  ///   - district: all records (those after the window are ignored).
  ///   - gridIDs, shopIDs: the unit order of the rankings.
  ///   - window: the days counted, `origin+1 … origin+horizon`.
  ///   - minimumSeverity: grids count incidents at least this severe (2: "general" and worse).
  /// - Complexity: O(records).
  public init(
    district: District, gridIDs: [String], shopIDs: [String], window: ClosedRange<Day>,
    minimumSeverity: Int = 2, timeZone: TimeZone = .district
  ) {
    let gridIndex = Dictionary(uniqueKeysWithValues: gridIDs.enumerated().map { ($1, $0) })
    let shopIndex = Dictionary(uniqueKeysWithValues: shopIDs.enumerated().map { ($1, $0) })
    var grid = [Double](repeating: 0, count: gridIDs.count)
    var shop = [Double](repeating: 0, count: shopIDs.count)
    var observed = [Bool](repeating: false, count: shopIDs.count)
    for incident in district.incidents {
      guard window.contains(Day(incident.occurredAt, in: timeZone)) else { continue }
      if incident.severity >= minimumSeverity, let g = gridIndex[incident.gridID] { grid[g] += 1 }
      if let id = incident.shopID, let s = shopIndex[id] { shop[s] = 1 }
    }
    var done: [(shop: Int, day: Int, found: Bool)] = []
    for inspection in district.inspections {
      let day = Day(inspection.inspectedAt, in: timeZone)
      guard window.contains(day), let s = shopIndex[inspection.shopID] else { continue }
      observed[s] = true
      if inspection.hazardsFound > 0 { shop[s] = 1 }
      done.append((s, day.number, inspection.hazardsFound > 0))
    }
    done.sort { ($0.day, $0.shop) < ($1.day, $1.shop) }
    gridEvents = grid
    shopEvents = shop
    shopObserved = observed
    inspections = done
  }
}
