import Foundation
import Records

extension ScoringTables {
  /// Merges `changed` — rows ingest files inserted or replaced since these tables were read, read
  /// the same way (`Store.scoringTables(changedAfter:)`) — into these tables: a row whose key is
  /// here already is replaced, any other is inserted at its place in key order. Ids `changed`
  /// names are numbered as these tables number them (new ones get the next numbers).
  ///
  /// The result holds what a read of every table after those ingests would, in the same order;
  /// only the numbering of ids may differ (a cut numbers them again). Records are never deleted
  /// from the store, so a merge only replaces and inserts.
  /// - Complexity: O(changed · log rows) to place the rows; O(rows) per column when a row is
  ///   inserted before the last (rows that all sort after the last are appended).
  mutating func merge(_ changed: ScoringTables) {
    mergeShops(changed.shops)
    mergeIncidents(changed.events.incidents, keys: changed.incidentKeys)
    mergePetitions(changed.events.petitions, keys: changed.petitionKeys, petitioners: changed.petitioners)
    mergeInspections(changed.events.inspections, keys: changed.inspectionKeys)
  }

  private mutating func mergeShops(_ new: ShopColumns) {
    guard new.count > 0 else { return }
    let plan = Placement(shopIDs: shops.ids, new.ids)
    var c = shops
    plan.apply(&c.ids, new.ids)
    plan.apply(&c.grid, Self.translate(new.grid, new.gridIDs, into: &c.gridIDs))
    plan.apply(&c.category, Self.translate(new.category, new.categories, into: &c.categories))
    plan.apply(&c.flags, new.flags)
    plan.apply(&c.openedOn, new.openedOn)
    plan.apply(&c.open, new.open)
    plan.apply(&c.names, new.names)
    plan.apply(&c.street, Self.translate(new.street, new.streetIDs, into: &c.streetIDs))
    plan.apply(&c.located, new.located)
    plan.apply(&c.lon, new.lon)
    plan.apply(&c.lat, new.lat)
    shops = c
  }

  private mutating func mergeIncidents(_ new: EventColumns.Incidents, keys: RowKeys) {
    guard new.count > 0 else { return }
    let plan = Placement(incidentKeys, keys)
    var c = events.incidents
    events.incidents = EventColumns.Incidents()
    plan.apply(&c.time, new.time)
    plan.apply(&c.grid, Self.translate(new.grid, new.gridIDs, into: &c.gridIDs))
    plan.apply(&c.shop, Self.translate(new.shop, new.shopIDs, into: &c.shopIDs))
    plan.apply(&c.category, Self.translate(new.category, new.categories, into: &c.categories))
    plan.apply(&c.severity, new.severity)
    plan.apply(&c.resolvedAt, new.resolvedAt)
    plan.apply(&c.settled, new.settled)
    plan.apply(&incidentKeys, keys)
    events.incidents = c
  }

  private mutating func mergePetitions(
    _ new: EventColumns.Petitions, keys: RowKeys, petitioners people: RowKeys
  ) {
    guard new.count > 0 else { return }
    let plan = Placement(petitionKeys, keys)
    var c = events.petitions
    events.petitions = EventColumns.Petitions()
    plan.apply(&c.time, new.time)
    plan.apply(&c.grid, Self.translate(new.grid, new.gridIDs, into: &c.gridIDs))
    plan.apply(&c.dueAt, new.dueAt)
    plan.apply(&c.closedAt, new.closedAt)
    plan.apply(&c.satisfied, new.satisfied)
    plan.apply(&c.petitioner, Self.translate(new.petitioner, people, into: &petitioners))
    plan.apply(&c.petitionerCount, new.petitionerCount)
    plan.apply(&c.acceptedAt, new.acceptedAt)
    plan.apply(&petitionKeys, keys)
    events.petitions = c
  }

  private mutating func mergeInspections(_ new: EventColumns.Inspections, keys: RowKeys) {
    guard new.count > 0 else { return }
    let plan = Placement(inspectionKeys, keys)
    var c = events.inspections
    events.inspections = EventColumns.Inspections()
    plan.apply(&c.time, new.time)
    plan.apply(&c.shop, Self.translate(new.shop, new.shopIDs, into: &c.shopIDs))
    plan.apply(&c.hazardsFound, new.hazardsFound)
    plan.apply(&c.majorHazards, new.majorHazards)
    plan.apply(&c.hazardsRectified, new.hazardsRectified)
    plan.apply(&c.rectifyDue, new.rectifyDue)
    plan.apply(&c.rectifiedAt, new.rectifiedAt)
    plan.apply(&c.suspended, new.suspended)
    plan.apply(&inspectionKeys, keys)
    events.inspections = c
  }

  /// `translate` for texts kept as bytes (petitioner keys): a kept key is made a `String` only
  /// when its hash is one of `texts`' hashes.
  /// - Complexity: O(kept bytes + texts) hashing, and O(column).
  static func translate(_ column: [Int32], _ texts: RowKeys, into kept: inout RowKeys) -> [Int32] {
    func string(_ keys: RowKeys, _ n: Int) -> String {
      String(decoding: keys.bytes[keys.range(n)], as: UTF8.self)
    }
    let wanted = Set((0..<texts.count).map { texts.hash($0) })
    var candidates: [String] = []
    var candidateNumbers: [Int32] = []
    for n in 0..<kept.count where wanted.contains(kept.hash(n)) {
      candidates.append(string(kept, n))
      candidateNumbers.append(Int32(n))
    }
    var strings = candidates
    let translated = translate(column, (0..<texts.count).map { string(texts, $0) }, into: &strings)
    // Numbers below `candidates.count` are candidates' places; the rest are new keys.
    var added = RowKeys()
    for text in strings[candidates.count...] {
      Array(text.utf8).withUnsafeBytes { added.append($0.baseAddress, $0.count) }
    }
    let firstNew = Int32(kept.count)
    kept.append(added, rows: 0..<added.count)
    return translated.map { n in
      n < 0
        ? -1 : (Int(n) < candidates.count ? candidateNumbers[Int(n)] : firstNew + n - Int32(candidates.count))
    }
  }

  /// `column`'s numbers (into `texts`) as numbers into `kept`: a text `kept` holds keeps the
  /// first number `kept` gives it (texts equal as `String`s are one id, as the store's reader
  /// numbers them); a new one is appended to `kept`.
  /// - Complexity: O(kept + texts) hashing, and O(column).
  static func translate(_ column: [Int32], _ texts: [String], into kept: inout [String]) -> [Int32] {
    var number = [Int32](repeating: -1, count: texts.count)
    var wanted: [String: [Int]] = [:]
    for (n, text) in texts.enumerated() { wanted[text, default: []].append(n) }
    for (n, text) in kept.enumerated() {
      guard let those = wanted.removeValue(forKey: text) else { continue }
      for k in those { number[k] = Int32(n) }
      if wanted.isEmpty { break }
    }
    // Texts new to `kept`, numbered in order of first appearance (equal texts: one number).
    var added: [String: Int32] = [:]
    for (n, text) in texts.enumerated() where number[n] < 0 {
      if let a = added[text] {
        number[n] = a
      } else {
        number[n] = Int32(kept.count)
        added[text] = number[n]
        kept.append(text)
      }
    }
    return column.map { $0 < 0 ? -1 : number[Int($0)] }
  }

  /// Where each changed row goes among the kept rows: over a kept row with the same key, or
  /// inserted before kept row `before` (changed rows come in key order, so their places do too).
  private struct Placement {
    var replaced: [(row: Int, from: Int)] = []
    var inserted: [(before: Int, from: Int)] = []
    let keptCount: Int

    init(_ kept: RowKeys, _ changed: RowKeys) {
      keptCount = kept.count
      for from in 0..<changed.count {
        let (index, found) = kept.position(of: from, in: changed)
        if found { replaced.append((index, from)) } else { inserted.append((index, from)) }
      }
    }

    init(shopIDs kept: [String], _ changed: [String]) {
      keptCount = kept.count
      for (from, id) in changed.enumerated() {
        // Binary search in key order (the bytes, as SQLite's BINARY collation compares them).
        var low = 0
        var high = kept.count
        var found = false
        while low < high {
          let middle = (low + high) / 2
          if kept[middle].utf8.elementsEqual(id.utf8) {
            low = middle
            found = true
            break
          }
          if kept[middle].utf8.lexicographicallyPrecedes(id.utf8) { low = middle + 1 } else { high = middle }
        }
        if found { replaced.append((low, from)) } else { inserted.append((low, from)) }
      }
    }

    func apply<T>(_ kept: inout [T], _ changed: [T]) {
      for (row, from) in replaced { kept[row] = changed[from] }
      guard let first = inserted.first else { return }
      if first.before == keptCount {
        kept.append(contentsOf: inserted.map { changed[$0.from] })
        return
      }
      var merged: [T] = []
      merged.reserveCapacity(kept.count + inserted.count)
      var next = 0
      for (before, from) in inserted {
        merged.append(contentsOf: kept[next..<before])
        merged.append(changed[from])
        next = before
      }
      merged.append(contentsOf: kept[next...])
      kept = merged
    }

    /// The keys: a replaced row keeps its key; inserted keys go to their places.
    func apply(_ kept: inout RowKeys, _ changed: RowKeys) {
      guard let first = inserted.first else { return }
      if first.before == keptCount {
        for (_, from) in inserted { kept.append(changed, row: from) }
        return
      }
      var merged = RowKeys()
      merged.bytes.reserveCapacity(kept.bytes.count + changed.bytes.count)
      merged.ends.reserveCapacity(kept.count + inserted.count)
      var next = 0
      for (before, from) in inserted {
        merged.append(kept, rows: next..<before)
        merged.append(changed, row: from)
        next = before
      }
      merged.append(kept, rows: next..<kept.count)
      kept = merged
    }
  }
}
