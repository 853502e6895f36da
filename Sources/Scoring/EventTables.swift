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

    // Incidents, sorted by day.
    // (day, record, dense entity index): each id is looked up once.
    var rows: [(Int32, Int, Int32)] = []
    rows.reserveCapacity(district.incidents.count)
    for (k, r) in district.incidents.enumerated() {
      let d = day(r.occurredAt)
      if d <= limit, let g = index.gridIndex[r.gridID] { rows.append((d, k, g)) }
    }
    rows.sort { $0.0 < $1.0 }
    incidentGrid.reserveCapacity(rows.count)
    for (d, k, g) in rows {
      let r = district.incidents[k]
      incidentGrid.append(g)
      incidentShop.append(r.shopID.flatMap { index.shopIndex[$0] } ?? -1)
      incidentDay.append(d)
      incidentGroup.append(groupOfCode[r.category] ?? otherGroup)
      incidentSeverity.append(UInt8(clamping: max(1, min(4, r.severity))))
      incidentDispute.append(r.isDispute)
      var resolved = day(r.resolvedAt)
      if resolved == EventTables.never, r.status == .resolved || r.status == .mediated {
        resolved = d  // resolved at an unknown time: counted as resolved when it happened
      }
      incidentResolved.append(resolved)
    }

    // Petitions.
    rows.removeAll(keepingCapacity: true)
    for (k, r) in district.petitions.enumerated() {
      let d = day(r.receivedAt)
      if d <= limit, let g = index.gridIndex[r.gridID] { rows.append((d, k, g)) }
    }
    rows.sort { $0.0 < $1.0 }
    var petitioners: [String: Int32] = [:]
    for (d, k, g) in rows {
      let r = district.petitions[k]
      petitionGrid.append(g)
      petitionDay.append(d)
      petitionDue.append(day(r.dueAt))
      let closed = day(r.closedAt)
      petitionClosed.append(closed)
      // Satisfaction is known only once the petition is closed (by the cutoff).
      let sat: Int8 =
        closed > limit ? 0 : (r.satisfied == .yes ? 1 : (r.satisfied == .no ? -1 : 0))
      petitionSatisfied.append(sat)
      if let key = r.petitionerKey, !key.isEmpty {
        let p = petitioners[key] ?? Int32(petitioners.count)
        petitioners[key] = p
        petitioner.append(p)
      } else {
        petitioner.append(-1)
      }
      petitionCount.append(Int32(max(1, r.petitionerCount)))
    }
    petitionerCount = petitioners.count

    // Inspections.
    rows.removeAll(keepingCapacity: true)
    for (k, r) in district.inspections.enumerated() {
      let d = day(r.inspectedAt)
      if d <= limit, let s = index.shopIndex[r.shopID] { rows.append((d, k, s)) }
    }
    rows.sort { $0.0 < $1.0 }
    for (d, k, s) in rows {
      let r = district.inspections[k]
      inspectionShop.append(s)
      inspectionDay.append(d)
      let found = max(0, r.hazardsFound)
      inspectionHazards.append(Int32(found))
      inspectionMajor.append(Int32(max(0, min(found, r.majorHazards))))
      inspectionRectified.append(Int32(max(0, min(found, r.hazardsRectified))))
      inspectionDue.append(day(r.rectifyDue))
      var fixed = day(r.rectifiedAt)
      if fixed == EventTables.never, found > 0, r.hazardsRectified > 0 { fixed = d }
      inspectionRectifiedDay.append(fixed)
      inspectionSuspended.append(r.result == .suspended)
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
