import Foundation
import Records

// The parts of a `LocationResolver` read from a `LocationSource` as rows ask for them. Each gives
// the answers its whole table would give (`AddressTable`, `PolygonIndex`, a set of grid ids, a
// dictionary of shops' grids) and caches what it read. After `budget` reads of single keys a part
// reads its whole table once and answers from it: a file naming that many keys is big enough for
// the table to be the cheaper way, so it costs at most `budget` key reads more than loading first.
// A part is used by one reading thread at a time; the lock makes sharing it safe anyway.

/// Known grid ids, one primary-key read per new id; any id is known while no grid is stored.
final class OnDemandGrids: @unchecked Sendable {
  private let source: any LocationSource
  private let budget: Int
  private let lock = NSLock()
  private var anyStored: Bool?
  private var known: [String: Bool] = [:]
  private var all: Set<String>?

  init(_ source: any LocationSource, budget: Int) {
    self.source = source
    self.budget = budget
  }

  func isKnown(_ id: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if all == nil, known.count >= budget { all = source.gridIDs() }
    if let all { return all.isEmpty || all.contains(id) }
    if anyStored == nil { anyStored = source.hasGrids() }
    guard anyStored == true else { return true }
    if let answer = known[id] { return answer }
    let answer = source.gridExists(id)
    known[id] = answer
    return answer
  }
}

/// Point in polygon over the stored boxes (read once, at the first point) with each candidate
/// polygon read when a point first falls in its box, and tested on its own box and rings.
final class OnDemandBoundaries: @unchecked Sendable {
  private let source: any LocationSource
  private let lock = NSLock()
  private var index: PolygonIndex?
  private var boundaries: [String: GridBoundary?] = [:]

  init(_ source: any LocationSource) {
    self.source = source
  }

  var isEmpty: Bool {
    lock.lock()
    defer { lock.unlock() }
    return boxes().isEmpty
  }

  /// The grid of the first polygon (by grid id, then polygon) holding `p`, as `PolygonIndex` over
  /// every stored boundary finds it: the stored boxes hold the polygons' own boxes, so every
  /// polygon the whole index would test is tested here, in the same order.
  func grid(containing p: GeoPoint) -> String? {
    lock.lock()
    defer { lock.unlock() }
    let index = boxes()
    return index.first(containing: p) { part in
      guard let polygon = polygon(part), let box = GeoBox(ring: polygon.first ?? []), box.contains(p) else {
        return false
      }
      return PolygonIndex.contains(polygon, p)
    }?.gridID
  }

  private func boxes() -> PolygonIndex {
    if let index { return index }
    let made = PolygonIndex(
      parts: source.boundaryBoxes().map {
        PolygonIndex.Part(gridID: $0.gridID, polygon: $0.polygon, box: $0.box)
      })
    index = made
    return made
  }

  private func polygon(_ part: PolygonIndex.Part) -> PolygonRings? {
    let boundary: GridBoundary?
    if let read = boundaries[part.gridID] {
      boundary = read
    } else {
      boundary = source.boundary(part.gridID)
      boundaries[part.gridID] = .some(boundary)
    }
    guard let boundary, part.polygon < boundary.polygons.count else { return nil }
    return boundary.polygons[part.polygon]
  }
}

/// The address table by key: a prefix of an address is looked up among the stored keys that
/// begin with it, so only the prefixes an address has are read, never the whole table.
final class OnDemandAddresses: @unchecked Sendable {
  private let source: any LocationSource
  private let budget: Int
  private let lock = NSLock()
  private var grids: [String: String?] = [:]
  private var reads = 0
  private var table: AddressTable?
  private var anyEntry: Bool?

  init(_ source: any LocationSource, budget: Int) {
    self.source = source
    self.budget = budget
  }

  /// Whether no entry has a key (what `AddressTable.isEmpty` says of the whole table).
  var isEmpty: Bool {
    lock.lock()
    defer { lock.unlock() }
    if let table { return table.isEmpty }
    if let anyEntry { return !anyEntry }
    // Keys made only of `号` marks are empty; they sort first, so the first few entries tell.
    var lower = ""
    var found = false
    while true {
      let rows = source.addresses(from: lower, below: nil, limit: 16)
      if rows.contains(where: { !AddressTable.key(normalized: $0.id).isEmpty }) {
        found = true
        break
      }
      guard rows.count == 16, let last = rows.last else { break }
      lower = last.id + "\u{0}"  // the least text after `last.id`
    }
    anyEntry = found
    return !found
  }

  /// The grid of the longest entry prefixing `address`, as `AddressTable.grid(for:)` finds it.
  func grid(for address: String) -> String? {
    lock.lock()
    defer { lock.unlock() }
    if let table { return table.grid(for: address) }
    return AddressTable.longestPrefix(of: address, lengths: nil) { grid(forKey: $0) }
  }

  /// The grid of the first entry (by stored key) whose key is `key`. A stored key is a
  /// normalized address, `key` with any number of trailing `#` marks, so every one that can be
  /// `key` lies from `key` up to `key` + `$` (the character after `#`).
  private func grid(forKey key: String) -> String? {
    if let table { return table.grid(forKey: key) }
    if let cached = grids[key] { return cached }
    if reads >= budget {
      let whole = AddressTable(source.addresses())
      table = whole
      return whole.grid(forKey: key)
    }
    reads += 1
    let grid = source.addresses(from: key, below: key + "$", limit: Int(Int32.max)).first {
      AddressTable.key(normalized: $0.id) == key
    }?.gridID
    grids[key] = .some(grid)
    return grid
  }
}

/// Shops' grids, one primary-key read per new shop id.
final class OnDemandShops: @unchecked Sendable {
  private let source: any LocationSource
  private let budget: Int
  private let lock = NSLock()
  private var grids: [String: String?] = [:]
  private var all: [String: String]?

  init(_ source: any LocationSource, budget: Int) {
    self.source = source
    self.budget = budget
  }

  func grid(ofShop id: String) -> String? {
    lock.lock()
    defer { lock.unlock() }
    if all == nil, grids.count >= budget { all = source.shopGrids() }
    if let all { return all[id] }
    if let cached = grids[id] { return cached }
    let grid = source.shopGrid(id)
    grids[id] = .some(grid)
    return grid
  }
}
