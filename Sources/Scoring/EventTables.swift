import Foundation
import Records

/// Every incident, petition and inspection of a district as contiguous columns of small integers,
/// sorted by day, with ids already mapped to dense indices.
///
/// Built once per scoring run; nothing dated after `cutoff` (the as-of day) enters, so no later
/// stage can use the future even by mistake. A feature pass at an earlier cut date reads the
/// prefix of rows with `day <= cut` (the rows are sorted by day) and treats every resolution or
/// rectification dated after the cut as not yet happened.
///
/// Days are counted in the district's zone with the zone's offset at the cutoff (the district
/// zone, Asia/Shanghai, has had no daylight-saving time since 1991).
/// - Complexity: O(records · log records) for the sort.
package struct EventTables: Sendable {
  /// Sentinel day for "not (yet) happened".
  package static let never = Int32.max

  package let cutoff: Int32
  /// Incident feature groups (taxonomy `group` of incident and dispute categories, then `other`).
  package let incidentGroups: [String]

  // Incidents.
  package var incidentGrid: [Int32] = []
  package var incidentShop: [Int32] = []
  package var incidentDay: [Int32] = []
  package var incidentGroup: [UInt8] = []
  package var incidentSeverity: [UInt8] = []
  package var incidentDispute: [Bool] = []
  /// Day it was resolved, `never` while unresolved.
  package var incidentResolved: [Int32] = []

  // Petitions.
  package var petitionGrid: [Int32] = []
  package var petitionDay: [Int32] = []
  package var petitionDue: [Int32] = []
  package var petitionClosed: [Int32] = []
  /// 1 satisfied, -1 not satisfied, 0 unknown.
  package var petitionSatisfied: [Int8] = []
  /// Dense index of the pseudonymized petitioner, -1 when unknown.
  package var petitioner: [Int32] = []
  package var petitionCount: [Int32] = []
  package private(set) var petitionerCount = 0

  // Inspections.
  package var inspectionShop: [Int32] = []
  package var inspectionDay: [Int32] = []
  package var inspectionHazards: [Int32] = []
  package var inspectionMajor: [Int32] = []
  package var inspectionRectified: [Int32] = []
  package var inspectionDue: [Int32] = []
  package var inspectionRectifiedDay: [Int32] = []
  package var inspectionSuspended: [Bool] = []

  package var incidentCount: Int { incidentDay.count }
  package var petitionRows: Int { petitionDay.count }
  package var inspectionCount: Int { inspectionDay.count }

  /// The earliest day of any record, or `cutoff` when there are none.
  package var firstDay: Int32 {
    min(incidentDay.first ?? cutoff, petitionDay.first ?? cutoff, inspectionDay.first ?? cutoff)
  }

  package init(
    _ district: District, index: DistrictIndex, taxonomy: Taxonomy, cutoff: Day,
    zone: TimeZone = .district
  ) {
    self.cutoff = Int32(cutoff.number)
    let offset = Double(zone.secondsFromGMT(for: cutoff.start(in: zone)))
    func day(_ d: Date) -> Int32 {
      Int32(((d.timeIntervalSince1970 + offset) / 86_400).rounded(.down))
    }
    func day(_ d: Date?) -> Int32 { d.map { day($0) } ?? EventTables.never }
    let limit = self.cutoff

    var groups: [String] = []
    for c in taxonomy.categories where c.domain == .incident || c.domain == .dispute {
      if !groups.contains(c.group) { groups.append(c.group) }
    }
    groups.removeAll { $0 == Taxonomy.other }
    groups.append(Taxonomy.other)
    incidentGroups = groups
    var groupOfCode: [String: UInt8] = [:]
    for c in taxonomy.categories where c.domain == .incident || c.domain == .dispute {
      groupOfCode[c.code] = UInt8(groups.firstIndex(of: c.group)!)
    }
    let otherGroup = UInt8(groups.count - 1)

    // Each table in two sequential passes over its records: day and dense index (each id looked
    // up once), then a stable counting sort by day places every field straight into its column.
    var days = [Int32](repeating: 0, count: district.incidents.count)
    var owner = [Int32](repeating: -1, count: district.incidents.count)
    for (k, r) in district.incidents.enumerated() {
      days[k] = day(r.occurredAt)
      if days[k] <= limit, let g = index.gridIndex[r.gridID] { owner[k] = g }
    }
    var order = DayOrder(days: days, kept: owner)
    incidentDay = order.sorted(days)
    incidentGrid = order.sorted(owner)
    incidentShop = [Int32](repeating: -1, count: order.count)
    incidentGroup = [UInt8](repeating: 0, count: order.count)
    incidentSeverity = [UInt8](repeating: 1, count: order.count)
    incidentDispute = [Bool](repeating: false, count: order.count)
    incidentResolved = [Int32](repeating: EventTables.never, count: order.count)
    for (k, r) in district.incidents.enumerated() {
      let i = Int(order.position[k])
      if i < 0 { continue }
      if let shop = r.shopID { incidentShop[i] = index.shopIndex[shop] ?? -1 }
      incidentGroup[i] = groupOfCode[r.category] ?? otherGroup
      incidentSeverity[i] = UInt8(clamping: max(1, min(4, r.severity)))
      incidentDispute[i] = r.isDispute
      var resolved = day(r.resolvedAt)
      if resolved == EventTables.never, r.status == .resolved || r.status == .mediated {
        resolved = days[k]  // resolved at an unknown time: counted as resolved when it happened
      }
      incidentResolved[i] = resolved
    }

    // Petitions.
    days = [Int32](repeating: 0, count: district.petitions.count)
    owner = [Int32](repeating: -1, count: district.petitions.count)
    for (k, r) in district.petitions.enumerated() {
      days[k] = day(r.receivedAt)
      if days[k] <= limit, let g = index.gridIndex[r.gridID] { owner[k] = g }
    }
    order = DayOrder(days: days, kept: owner)
    petitionDay = order.sorted(days)
    petitionGrid = order.sorted(owner)
    petitionDue = [Int32](repeating: EventTables.never, count: order.count)
    petitionClosed = petitionDue
    petitionSatisfied = [Int8](repeating: 0, count: order.count)
    petitioner = [Int32](repeating: -1, count: order.count)
    petitionCount = [Int32](repeating: 1, count: order.count)
    var petitioners: [String: Int32] = [:]
    for (k, r) in district.petitions.enumerated() {
      let i = Int(order.position[k])
      if i < 0 { continue }
      petitionDue[i] = day(r.dueAt)
      let closed = day(r.closedAt)
      petitionClosed[i] = closed
      // Satisfaction is known only once the petition is closed (by the cutoff).
      petitionSatisfied[i] = closed > limit ? 0 : (r.satisfied == .yes ? 1 : (r.satisfied == .no ? -1 : 0))
      if let key = r.petitionerKey, !key.isEmpty {
        let p = petitioners[key] ?? Int32(petitioners.count)
        petitioners[key] = p
        petitioner[i] = p
      }
      petitionCount[i] = Int32(max(1, r.petitionerCount))
    }
    petitionerCount = petitioners.count

    // Inspections.
    days = [Int32](repeating: 0, count: district.inspections.count)
    owner = [Int32](repeating: -1, count: district.inspections.count)
    for (k, r) in district.inspections.enumerated() {
      days[k] = day(r.inspectedAt)
      if days[k] <= limit, let s = index.shopIndex[r.shopID] { owner[k] = s }
    }
    order = DayOrder(days: days, kept: owner)
    inspectionDay = order.sorted(days)
    inspectionShop = order.sorted(owner)
    inspectionHazards = [Int32](repeating: 0, count: order.count)
    inspectionMajor = inspectionHazards
    inspectionRectified = inspectionHazards
    inspectionDue = [Int32](repeating: EventTables.never, count: order.count)
    inspectionRectifiedDay = inspectionDue
    inspectionSuspended = [Bool](repeating: false, count: order.count)
    for (k, r) in district.inspections.enumerated() {
      let i = Int(order.position[k])
      if i < 0 { continue }
      let found = max(0, r.hazardsFound)
      inspectionHazards[i] = Int32(found)
      inspectionMajor[i] = Int32(max(0, min(found, r.majorHazards)))
      inspectionRectified[i] = Int32(max(0, min(found, r.hazardsRectified)))
      inspectionDue[i] = day(r.rectifyDue)
      var fixed = day(r.rectifiedAt)
      if fixed == EventTables.never, found > 0, r.hazardsRectified > 0 { fixed = days[k] }
      inspectionRectifiedDay[i] = fixed
      inspectionSuspended[i] = r.result == .suspended
    }
  }

  /// Number of leading rows of a day-sorted column with `day <= cut`.
  package static func prefix(_ days: [Int32], through cut: Int32) -> Int {
    var lo = 0
    var hi = days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if days[mid] <= cut { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}

/// A stable counting sort by day: where each kept record goes in day order.
/// - Complexity: O(records + days spanned).
struct DayOrder {
  /// The sorted position of record k, or -1 when it is not kept.
  let position: [Int32]
  let count: Int

  /// Records with `kept[k] < 0` are dropped.
  init(days: [Int32], kept: [Int32]) {
    var lo = Int32.max
    var hi = Int32.min
    for k in days.indices where kept[k] >= 0 {
      lo = min(lo, days[k])
      hi = max(hi, days[k])
    }
    var position = [Int32](repeating: -1, count: days.count)
    guard lo <= hi else {
      self.position = position
      count = 0
      return
    }
    var next = [Int32](repeating: 0, count: Int(hi - lo) + 2)
    for k in days.indices where kept[k] >= 0 { next[Int(days[k] - lo) + 1] += 1 }
    for d in 1..<next.count { next[d] += next[d - 1] }
    for k in days.indices where kept[k] >= 0 {
      let d = Int(days[k] - lo)
      position[k] = next[d]
      next[d] += 1
    }
    self.position = position
    count = Int(next[next.count - 1])
  }

  /// The kept values of a per-record column, in day order.
  func sorted(_ column: [Int32]) -> [Int32] {
    var out = [Int32](repeating: 0, count: count)
    for k in column.indices where position[k] >= 0 { out[Int(position[k])] = column[k] }
    return out
  }
}
