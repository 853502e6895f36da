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
  /// Day the acceptance notice (受理告知) was given, `never` while not given or not recorded.
  package var petitionAccepted: [Int32] = []
  /// Whether the source records acceptance notices at all (any petition has one by the cutoff);
  /// only then does a missing notice read as "not yet accepted".
  package private(set) var tracksAcceptance = false
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
    @Sendable func day(_ d: Date) -> Int32 {
      Int32(((d.timeIntervalSince1970 + offset) / 86_400).rounded(.down))
    }
    @Sendable func day(_ d: Date?) -> Int32 { d.map { day($0) } ?? EventTables.never }
    let limit = self.cutoff

    let (groups, groupOfCode) = EventTables.groups(taxonomy)
    incidentGroups = groups
    let otherGroup = UInt8(groups.count - 1)

    // Each table in two passes over its records, split across cores: day and dense index (each id
    // looked up once), then a stable counting sort by day places every field into its column.
    let incidents = district.incidents
    var days = [Int32](repeating: 0, count: incidents.count)
    var owner = [Int32](repeating: -1, count: incidents.count)
    inParallel(incidents.count, &days, &owner) { k, day_, owner_ in
      let r = incidents[k]
      day_ = day(r.occurredAt)
      if day_ <= limit, let g = index.gridIndex[r.gridID] { owner_ = g }
    }
    var order = DayOrder(days: days, kept: owner)
    incidentDay = order.sorted(days)
    incidentGrid = order.sorted(owner)
    var shop = [Int32](repeating: -1, count: order.count)
    var resolvedDay = [Int32](repeating: EventTables.never, count: order.count)
    var packed = [Int32](repeating: 0, count: order.count)  // group | severity << 8 | dispute << 16
    let position = order.position
    let eventDays = days
    inParallel(incidents.count, scatter: position, &shop, &resolvedDay, &packed) {
      k, shop_, resolved_, packed_ in
      let r = incidents[k]
      if let id = r.shopID { shop_ = index.shopIndex.row(of: id).map(Int32.init) ?? -1 }
      let group = Int32(groupOfCode[r.category] ?? otherGroup)
      let severity = Int32(max(1, min(4, r.severity)))
      packed_ = group | severity << 8 | (r.isDispute ? 1 << 16 : 0)
      var resolved = day(r.resolvedAt)
      if resolved == EventTables.never, r.status == .resolved || r.status == .mediated {
        resolved = eventDays[k]  // resolved at an unknown time: counted as resolved when it happened
      }
      resolved_ = resolved
    }
    incidentShop = shop
    incidentResolved = resolvedDay
    incidentGroup = packed.map { UInt8(truncatingIfNeeded: $0) }
    incidentSeverity = packed.map { UInt8(truncatingIfNeeded: $0 >> 8) }
    incidentDispute = packed.map { $0 >> 16 != 0 }

    // Petitions (petitioners get dense numbers in one sequential pass).
    let petitions = district.petitions
    days = [Int32](repeating: 0, count: petitions.count)
    owner = [Int32](repeating: -1, count: petitions.count)
    inParallel(petitions.count, &days, &owner) { k, day_, owner_ in
      let r = petitions[k]
      day_ = day(r.receivedAt)
      if day_ <= limit, let g = index.gridIndex[r.gridID] { owner_ = g }
    }
    order = DayOrder(days: days, kept: owner)
    petitionDay = order.sorted(days)
    petitionGrid = order.sorted(owner)
    var due = [Int32](repeating: EventTables.never, count: order.count)
    var closedDay = due
    var satisfaction = [Int32](repeating: 0, count: order.count)
    inParallel(petitions.count, scatter: order.position, &due, &closedDay, &satisfaction) {
      k, due_, closed_, sat_ in
      let r = petitions[k]
      due_ = day(r.dueAt)
      closed_ = day(r.closedAt)
      // Satisfaction is known only once the petition is closed (by the cutoff); the count of
      // petitioners rides in the upper bits.
      let sat: Int32 = closed_ > limit ? 0 : (r.satisfied == .yes ? 1 : (r.satisfied == .no ? -1 : 0))
      sat_ = (sat + 1) | Int32(min(max(1, r.petitionerCount), 1 << 20)) << 2
    }
    petitionDue = due
    petitionClosed = closedDay
    petitionSatisfied = satisfaction.map { Int8(($0 & 3) - 1) }
    petitionCount = satisfaction.map { $0 >> 2 }
    var people = [Int32](repeating: -1, count: order.count)
    var accepted = [Int32](repeating: EventTables.never, count: order.count)
    var petitioners: [String: Int32] = [:]
    for (k, r) in petitions.enumerated() where order.position[k] >= 0 {
      let position = Int(order.position[k])
      if let key = r.petitionerKey, !key.isEmpty {
        let p = petitioners[key] ?? Int32(petitioners.count)
        petitioners[key] = p
        people[position] = p
      }
      let a = day(r.acceptedAt)
      accepted[position] = a <= limit ? a : EventTables.never
    }
    petitioner = people
    petitionerCount = petitioners.count
    petitionAccepted = accepted
    tracksAcceptance = accepted.contains { $0 != EventTables.never }

    // Inspections.
    let inspections = district.inspections
    days = [Int32](repeating: 0, count: inspections.count)
    owner = [Int32](repeating: -1, count: inspections.count)
    inParallel(inspections.count, &days, &owner) { k, day_, owner_ in
      let r = inspections[k]
      day_ = day(r.inspectedAt)
      if day_ <= limit, let s = index.shopIndex.row(of: r.shopID) { owner_ = Int32(s) }
    }
    order = DayOrder(days: days, kept: owner)
    inspectionDay = order.sorted(days)
    inspectionShop = order.sorted(owner)
    var counts = [Int32](repeating: 0, count: order.count)  // found | major << 10 | rectified << 20
    var rectifyDue = [Int32](repeating: EventTables.never, count: order.count)
    var fixedDay = rectifyDue
    let inspectionDays = days
    inParallel(inspections.count, scatter: order.position, &counts, &rectifyDue, &fixedDay) {
      k, counts_, due_, fixed_ in
      let r = inspections[k]
      let found = Int32(max(0, min(r.hazardsFound, 1023)))
      let major = Int32(max(0, min(Int(found), r.majorHazards)))
      let rectified = Int32(max(0, min(Int(found), r.hazardsRectified)))
      counts_ = found | major << 10 | rectified << 20 | (r.result == .suspended ? 1 << 30 : 0)
      due_ = day(r.rectifyDue)
      var fixed = day(r.rectifiedAt)
      if fixed == EventTables.never, found > 0, r.hazardsRectified > 0 { fixed = inspectionDays[k] }
      fixed_ = fixed
    }
    inspectionHazards = counts.map { $0 & 1023 }
    inspectionMajor = counts.map { ($0 >> 10) & 1023 }
    inspectionRectified = counts.map { ($0 >> 20) & 1023 }
    inspectionSuspended = counts.map { $0 >> 30 != 0 }
    inspectionDue = rectifyDue
    inspectionRectifiedDay = fixedDay
  }

  /// The same tables from columns a store read in key order (`Store.loadScoringInputs`), already
  /// as known at `cutoff`: rows are sorted by day and, within a day, by time and then key, which is
  /// the order `init(_:index:taxonomy:cutoff:zone:)` gets its records in, so both give equal tables.
  /// - Complexity: O(rows + days spanned + rows · log(rows of one day)).
  package init(
    _ columns: EventColumns, index: DistrictIndex, taxonomy: Taxonomy, cutoff: Day, zone: TimeZone = .district
  ) {
    self.cutoff = Int32(cutoff.number)
    let offset = Double(zone.secondsFromGMT(for: cutoff.start(in: zone)))
    // A stored time read as a `Date`, as the record path reads it, then its day; `never` for NaN.
    @Sendable func day(_ t: Double) -> Int32 {
      if t.isNaN { return EventTables.never }
      return Int32(((Date(timeIntervalSince1970: t).timeIntervalSince1970 + offset) / 86_400).rounded(.down))
    }
    let limit = self.cutoff
    let (groups, groupOfCode) = EventTables.groups(taxonomy)
    incidentGroups = groups
    let otherGroup = UInt8(groups.count - 1)
    let gridOf = { @Sendable (ids: [String]) in ids.map { index.gridIndex[$0] ?? -1 } }
    let shopOf = { @Sendable (ids: [String]) in index.shopIndex.rows(count: ids.count) { ids[$0] } }
    /// Day of each row and its dense owner (-1: dropped), from a per-row id number.
    @Sendable func daysAndOwners(_ time: [Double], _ id: [Int32], _ dense: [Int32]) -> ([Int32], [Int32]) {
      var days = [Int32](repeating: 0, count: time.count)
      var owner = [Int32](repeating: -1, count: time.count)
      for k in time.indices {
        days[k] = day(time[k])
        if days[k] <= limit, id[k] >= 0 { owner[k] = dense[Int(id[k])] }
      }
      return (days, owner)
    }

    // The three tables are independent: each is built on a core of its own.
    let (incidents, petitions, inspections) = concurrently(
      {
        let i = columns.incidents
        let (days, owner) = daysAndOwners(i.time, i.grid, gridOf(i.gridIDs))
        let order = DayOrder(days: days, kept: owner, within: i.time)
        let shopNumber = shopOf(i.shopIDs)
        let group = i.categories.map { groupOfCode[$0] ?? otherGroup }
        let dispute = i.categories.map { $0.hasPrefix("dispute.") }
        var resolved = [Int32](repeating: EventTables.never, count: i.count)
        for k in 0..<i.count {
          resolved[k] = day(i.resolvedAt[k])
          // Resolved at an unknown time: counted as resolved when it happened.
          if resolved[k] == EventTables.never, i.settled[k] { resolved[k] = days[k] }
        }
        return IncidentColumns(
          day: order.sorted(days), grid: order.sorted(owner),
          shop: order.sorted(i.shop.map { $0 >= 0 ? shopNumber[Int($0)] : -1 }),
          group: order.sorted(i.category.map { Int32(group[Int($0)]) }).map { UInt8($0) },
          dispute: order.sorted(i.category.map { dispute[Int($0)] ? 1 : 0 }).map { $0 != 0 },
          severity: order.sorted(i.severity).map { UInt8(max(1, min(4, $0))) },
          resolved: order.sorted(resolved))
      },
      {
        // Petitioners numbered again by first appearance in day order.
        let p = columns.petitions
        let (days, owner) = daysAndOwners(p.time, p.grid, gridOf(p.gridIDs))
        let order = DayOrder(days: days, kept: owner, within: p.time)
        let closed = order.sorted(p.closedAt.map(day))
        var renumbered = [Int32](repeating: -1, count: Int(p.petitioner.max() ?? -1) + 1)
        var people = order.sorted(p.petitioner)
        var next: Int32 = 0
        for r in people.indices where people[r] >= 0 {
          let key = Int(people[r])
          if renumbered[key] < 0 {
            renumbered[key] = next
            next += 1
          }
          people[r] = renumbered[key]
        }
        return PetitionColumns(
          day: order.sorted(days), grid: order.sorted(owner), due: order.sorted(p.dueAt.map(day)),
          closed: closed,
          satisfied: zip(closed, order.sorted(p.satisfied.map(Int32.init))).map { closed, sat in
            closed > limit ? 0 : Int8(sat)
          },
          count: order.sorted(p.petitionerCount).map { min(max(1, $0), 1 << 20) }, petitioner: people,
          petitioners: Int(next),
          accepted: order.sorted(p.acceptedAt.map(day)).map { $0 <= limit ? $0 : EventTables.never })
      },
      {
        let n = columns.inspections
        let (days, owner) = daysAndOwners(n.time, n.shop, shopOf(n.shopIDs))
        let order = DayOrder(days: days, kept: owner, within: n.time)
        let found = n.hazardsFound.map { max(0, min($0, 1023)) }
        var fixed = [Int32](repeating: EventTables.never, count: n.count)
        for k in 0..<n.count {
          fixed[k] = day(n.rectifiedAt[k])
          if fixed[k] == EventTables.never, found[k] > 0, n.hazardsRectified[k] > 0 { fixed[k] = days[k] }
        }
        return InspectionColumns(
          day: order.sorted(days), shop: order.sorted(owner), hazards: order.sorted(found),
          major: order.sorted(zip(found, n.majorHazards).map { max(0, min($0, $1)) }),
          rectified: order.sorted(zip(found, n.hazardsRectified).map { max(0, min($0, $1)) }),
          suspended: order.sorted(n.suspended.map { $0 ? 1 : 0 }).map { $0 != 0 },
          due: order.sorted(n.rectifyDue.map(day)), rectifiedDay: order.sorted(fixed))
      })
    incidentDay = incidents.day
    incidentGrid = incidents.grid
    incidentShop = incidents.shop
    incidentGroup = incidents.group
    incidentDispute = incidents.dispute
    incidentSeverity = incidents.severity
    incidentResolved = incidents.resolved
    petitionDay = petitions.day
    petitionGrid = petitions.grid
    petitionDue = petitions.due
    petitionClosed = petitions.closed
    petitionSatisfied = petitions.satisfied
    petitionCount = petitions.count
    petitioner = petitions.petitioner
    petitionerCount = petitions.petitioners
    petitionAccepted = petitions.accepted
    tracksAcceptance = petitionAccepted.contains { $0 != EventTables.never }
    inspectionDay = inspections.day
    inspectionShop = inspections.shop
    inspectionHazards = inspections.hazards
    inspectionMajor = inspections.major
    inspectionRectified = inspections.rectified
    inspectionSuspended = inspections.suspended
    inspectionDue = inspections.due
    inspectionRectifiedDay = inspections.rectifiedDay
  }

  /// One table's columns in day order, as a part of `init(_:index:taxonomy:cutoff:zone:)` from
  /// columns builds them.
  private struct IncidentColumns: Sendable {
    var day, grid, shop: [Int32]
    var group: [UInt8]
    var dispute: [Bool]
    var severity: [UInt8]
    var resolved: [Int32]
  }

  private struct PetitionColumns: Sendable {
    var day, grid, due, closed: [Int32]
    var satisfied: [Int8]
    var count, petitioner: [Int32]
    var petitioners: Int
    var accepted: [Int32]
  }

  private struct InspectionColumns: Sendable {
    var day, shop, hazards, major, rectified: [Int32]
    var suspended: [Bool]
    var due, rectifiedDay: [Int32]
  }

  /// Incident feature groups: the taxonomy `group`s of incident and dispute categories in order
  /// of first appearance, then `other`; and each such category code's group number.
  static func groups(_ taxonomy: Taxonomy) -> (groups: [String], groupOfCode: [String: UInt8]) {
    var groups: [String] = []
    for c in taxonomy.categories where c.domain == .incident || c.domain == .dispute {
      if !groups.contains(c.group) { groups.append(c.group) }
    }
    groups.removeAll { $0 == Taxonomy.other }
    groups.append(Taxonomy.other)
    var groupOfCode: [String: UInt8] = [:]
    for c in taxonomy.categories where c.domain == .incident || c.domain == .dispute {
      groupOfCode[c.code] = UInt8(groups.firstIndex(of: c.group)!)
    }
    return (groups, groupOfCode)
  }

  /// The day incident `k` stops being an open dispute: its resolution day (`never` while it is not
  /// resolved) for a dispute, `Int32.min` for any other incident, so that "an open dispute at the
  /// cut c" is `incidentOpenUntil(k) > c`.
  @inline(__always) func incidentOpenUntil(_ k: Int) -> Int32 {
    incidentDispute[k] ? incidentResolved[k] : .min
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

  /// Records with `kept[k] < 0` are dropped; records of one day are ordered by `time`, then by
  /// their index (a stable sort by `(day, time)`).
  /// - Complexity: O(records + days spanned + records · log(records of one day)).
  init(days: [Int32], kept: [Int32], within time: [Double]) {
    let byDay = DayOrder(days: days, kept: kept)
    var record = [Int32](repeating: 0, count: byDay.count)
    for k in days.indices where byDay.position[k] >= 0 { record[Int(byDay.position[k])] = Int32(k) }
    var start = 0
    while start < record.count {
      let d = days[Int(record[start])]
      var end = start + 1
      while end < record.count, days[Int(record[end])] == d { end += 1 }
      if end - start > 1 {
        record[start..<end].sort { a, b in (time[Int(a)], a) < (time[Int(b)], b) }
      }
      start = end
    }
    var position = byDay.position
    for (p, k) in record.enumerated() { position[Int(k)] = Int32(p) }
    self.position = position
    count = byDay.count
  }

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
  func sorted<T: BinaryInteger>(_ column: [T]) -> [T] {
    var out = [T](repeating: 0, count: count)
    for k in column.indices where position[k] >= 0 { out[Int(position[k])] = column[k] }
    return out
  }
}

/// Runs `body(k, &a[k], &b[k])` for k in 0..<count, split into chunks across cores; each k touches
/// only its own elements.
private func inParallel(
  _ count: Int, _ a: inout [Int32], _ b: inout [Int32],
  _ body: @Sendable (Int, inout Int32, inout Int32) -> Void
) {
  a.withUnsafeMutableBufferPointer { pa in
    b.withUnsafeMutableBufferPointer { pb in
      let (sa, sb) = (UnsafeSendable(pa.baseAddress!), UnsafeSendable(pb.baseAddress!))
      forEachChunk(count) { range in
        for k in range { body(k, &sa.pointer[k], &sb.pointer[k]) }
      }
    }
  }
}

/// Runs `body(k, &a[p], &b[p], &c[p])` with p = `position[k]` for every kept record k (p ≥ 0),
/// split into chunks across cores; positions are distinct, so writes never collide.
private func inParallel(
  _ count: Int, scatter position: [Int32], _ a: inout [Int32], _ b: inout [Int32], _ c: inout [Int32],
  _ body: @Sendable (Int, inout Int32, inout Int32, inout Int32) -> Void
) {
  guard !a.isEmpty else { return }
  a.withUnsafeMutableBufferPointer { pa in
    b.withUnsafeMutableBufferPointer { pb in
      c.withUnsafeMutableBufferPointer { pc in
        let (sa, sb, sc) = (
          UnsafeSendable(pa.baseAddress!), UnsafeSendable(pb.baseAddress!), UnsafeSendable(pc.baseAddress!)
        )
        forEachChunk(count) { range in
          for k in range where position[k] >= 0 {
            let p = Int(position[k])
            body(k, &sa.pointer[p], &sb.pointer[p], &sc.pointer[p])
          }
        }
      }
    }
  }
}

/// `body` over `0..<count` in up to 16 contiguous chunks on the available cores.
private func forEachChunk(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
  guard count > 0 else { return }
  let chunks = max(1, min(16, count / 65_536))
  DispatchQueue.concurrentPerform(iterations: chunks) { c in
    body((count * c / chunks)..<(count * (c + 1) / chunks))
  }
}
