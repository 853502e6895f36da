import Foundation
import Records

/// What the records say of each shop at the as-of date, as far as planning needs it: the last
/// inspection, the latest "something new" and the earliest open rectification deadline.
///
/// Read from columns (`EventColumns`: the store reads them without a record per row), so a
/// district of a million shops and four million inspections costs one pass over a few numbers per
/// row. Only records dated on or before `asOf` count.
///
/// Hazards count as open when found (`hazards_found > hazards_rectified`), with a deadline
/// (`rectify_due`), not marked rectified by `rectified_at` on or before `asOf`, and not followed
/// by a later inspection that found no hazards (a clean re-check closes them; one on the same day
/// does not).
public struct ShopActivity: Sendable {
  public struct Facts: Sendable, Equatable {
    /// The last inspection on record.
    public var lastInspected: Day?
    /// The latest incident at the shop or inspection that found hazards.
    public var lastNews: Day?
    /// The earliest rectification deadline among hazards still open.
    public var rectifyDue: Day?
  }

  private var factsByShop: [String: Facts]

  /// The facts of shop `id` (all nil for a shop the records never name).
  public subscript(id: String) -> Facts { factsByShop[id] ?? Facts() }

  /// The shops the records name.
  public var shopIDs: Dictionary<String, Facts>.Keys { factsByShop.keys }

  /// - Parameters:
  ///   - events: the incidents (those naming no shop are ignored) and inspections; petitions are
  ///     not read.
  ///   - asOf: the last day whose records count.
  ///   - zone: the zone record times are turned into days in.
  /// - Complexity: O(incidents + inspections), one hash lookup per shop named.
  public init(events: EventColumns, asOf: Day, zone: TimeZone = .district) {
    let scan = Scan(events: events, asOf: asOf, zone: zone)
    var facts: [String: Facts] = [:]
    facts.reserveCapacity(scan.inspected.count)
    for s in scan.inspected.indices where scan.inspected[s] != .min {
      facts[events.inspections.shopIDs[s]] = scan.facts(inspectedShop: s)
    }
    for s in scan.incidentNews.indices where scan.incidentNews[s] != .min {
      let id = events.incidents.shopIDs[s]
      let day = Day(scan.incidentNews[s])
      let known = facts[id]?.lastNews
      facts[id, default: Facts()].lastNews = known.map { max($0, day) } ?? day
    }
    factsByShop = facts
  }

  /// The activity the district's incidents and inspections give (records in memory).
  public init(district: District, asOf: Day, zone: TimeZone = .district) {
    var events = EventColumns()
    events.incidents = EventColumns.Incidents(district.incidents)
    events.inspections = EventColumns.Inspections(district.inspections)
    self.init(events: events, asOf: asOf, zone: zone)
  }
}

extension ShopActivity {
  /// The facts as columns, before they are keyed by shop id: per shop of the inspections' id
  /// table (`inspections.shopIDs`) its last inspection, last inspection that found hazards and
  /// earliest open deadline, and per shop of the incidents' id table its latest incident (day
  /// numbers; `Int.min` and `Int.max`: none). A shop's facts are those of its inspections' slot,
  /// its news the later of the two.
  struct Scan {
    var inspected: [Int]
    var hazard: [Int]
    var due: [Int]
    var incidentNews: [Int]

    /// - Complexity: O(incidents + inspections), no hashing.
    init(events: EventColumns, asOf: Day, zone: TimeZone) {
      let inspections = events.inspections
      let incidents = events.incidents
      // Offsets looked up once from the first record to a year after the as-of day (deadlines).
      let first = min(inspections.time.min() ?? .infinity, incidents.time.min() ?? .infinity)
      let end = asOf.advanced(by: 366).start(in: zone).timeIntervalSince1970
      let calendar = DayCalendar(zone: zone, from: first.isFinite ? min(first, end) : end, to: end)
      let limit = asOf.number

      // Per shop of the inspections' id table: last inspection, last clean one, last with hazards.
      let shops = inspections.shopIDs.count
      var lastInspected = [Int](repeating: .min, count: shops)
      var lastClean = [Int](repeating: .min, count: shops)
      var lastHazard = [Int](repeating: .min, count: shops)
      // Open-hazard candidates (shop, day found, deadline); a later clean re-check is known only
      // at the end of the pass.
      var open: [(shop: Int, day: Int, due: Int)] = []
      for k in 0..<inspections.count {
        guard let day = calendar.day(inspections.time[k])?.number, day <= limit else { continue }
        let s = Int(inspections.shop[k])
        lastInspected[s] = max(lastInspected[s], day)
        guard inspections.hazardsFound[k] > 0 else {
          lastClean[s] = max(lastClean[s], day)
          continue
        }
        lastHazard[s] = max(lastHazard[s], day)
        guard inspections.hazardsFound[k] > inspections.hazardsRectified[k],
          let due = calendar.day(inspections.rectifyDue[k])
        else { continue }
        if let fixed = calendar.day(inspections.rectifiedAt[k]), fixed.number <= limit { continue }
        open.append((s, day, due.number))
      }
      var rectifyDue = [Int](repeating: .max, count: shops)
      for (s, day, due) in open where lastClean[s] <= day {
        rectifyDue[s] = min(rectifyDue[s], due)
      }
      var news = [Int](repeating: .min, count: incidents.shopIDs.count)
      for k in 0..<incidents.count where incidents.shop[k] >= 0 {
        guard let day = calendar.day(incidents.time[k])?.number, day <= limit else { continue }
        let s = Int(incidents.shop[k])
        news[s] = max(news[s], day)
      }
      (inspected, hazard, due, incidentNews) = (lastInspected, lastHazard, rectifyDue, news)
    }

    /// The facts of slot `s` of the inspections' id table (its incidents not counted).
    func facts(inspectedShop s: Int) -> Facts {
      func day(_ n: Int) -> Day? { n == .min || n == .max ? nil : Day(n) }
      return Facts(lastInspected: day(inspected[s]), lastNews: day(hazard[s]), rectifyDue: day(due[s]))
    }
  }
}
