import Records
import Synchronization

/// The rows of a column of ids, looked up by id: an open-addressing table of row numbers hashed
/// with FNV-1a over the id's UTF-8 (Fowler–Noll–Vo, 64-bit), compared by the ids themselves.
///
/// A million shop ids are indexed at every score (the events' shops are looked up in it) and
/// looked up several times each per patrol plan; `Dictionary`'s
/// seeded SipHash costs several times more per short id, and a lookup here changes nothing, so
/// that many run at once. Lookups agree with `String` equality (canonical equivalence): when
/// some id is not ASCII, the index is a `Dictionary`; otherwise a key that is not ASCII is looked
/// up as the ASCII text it is canonically equivalent to, if any.
package struct IDIndex: Sendable {
  private let ids: [String]
  /// Row + 1 per slot, 0 for an empty slot: two tables side by side of `mask + 1` slots each (a
  /// power of two). An id's table is its hash's top bit, its first slot there the hash's low
  /// bits, and it probes onward within that table, so that each table is filled on a core of
  /// its own.
  private var slots: [Int32] = []
  private var mask = 0
  /// Set instead of `slots` when some id is not ASCII.
  private var dictionary: [String: Int32]?
  /// Whether some id appears on more than one row (the first row is the one found).
  package private(set) var repeated = false
  /// Ids from which the two tables are filled on two cores at once.
  static let manyIDs = 100_000

  /// The index of `ids`, row i holding `ids[i]`.
  /// - Complexity: O(total UTF-8 bytes) expected; the hashes, then the two tables, on the cores.
  package init(_ ids: [String]) {
    self.ids = ids
    let n = ids.count
    var hashes = [UInt64](unzeroed: n)
    let ascii = Mutex(true)
    hashes.withUnsafeMutableBufferPointer { h in
      let h = SendableBuffer(h)
      concurrentRuns(n, minimumRun: Self.manyIDs / 2) { rows in
        for row in rows {
          guard let hash = TextHash.ascii(ids[row]) else { return ascii.withLock { $0 = false } }
          h.buffer[row] = hash
        }
      }
    }
    guard ascii.withLock({ $0 }) else {
      makeDictionary()
      return
    }
    let upper = hashes.reduce(0) { $0 + Int($1 >> 63) }
    var size = 16
    while size < 2 * max(upper, n - upper) { size *= 2 }
    mask = size - 1
    slots = [Int32](repeating: 0, count: 2 * size)
    let (hashed, tableMask) = (hashes, mask)
    let found = Mutex(false)
    slots.withUnsafeMutableBufferPointer { table in
      let table = SendableBuffer(table)
      concurrentRuns(2, minimumRun: n >= Self.manyIDs ? 1 : 2) { halves in
        for half in halves {
          var repeated = false
          for row in 0..<n where Int(hashed[row] >> 63) == half {
            var slot = Self.firstSlot(hashed[row], mask: tableMask)
            while true {
              let held = table.buffer[slot]
              if held == 0 {
                table.buffer[slot] = Int32(row + 1)
                break
              }
              if ids[Int(held) - 1] == ids[row] {
                repeated = true
                break
              }
              slot = Self.nextSlot(slot, mask: tableMask)
            }
          }
          if repeated { found.withLock { $0 = true } }
        }
      }
    }
    repeated = found.withLock { $0 }
  }

  /// The slot where the id of `hash` is looked for first.
  @inline(__always) private static func firstSlot(_ hash: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: hash >> 63) * (mask + 1) + Int(truncatingIfNeeded: hash) & mask
  }

  /// The slot looked at after `slot`, in the same table.
  @inline(__always) private static func nextSlot(_ slot: Int, mask: Int) -> Int {
    (slot & ~mask) | ((slot + 1) & mask)
  }

  @inline(__always) private func firstSlot(_ hash: UInt64) -> Int { Self.firstSlot(hash, mask: mask) }
  @inline(__always) private func nextSlot(_ slot: Int) -> Int { Self.nextSlot(slot, mask: mask) }

  private mutating func makeDictionary() {
    var rows: [String: Int32] = [:]
    rows.reserveCapacity(ids.count)
    repeated = false
    for (row, id) in ids.enumerated() where rows.updateValue(rows[id] ?? Int32(row), forKey: id) != nil {
      repeated = true
    }
    dictionary = rows
    slots = []
  }

  /// The first row holding `id`, nil when none does.
  package func row(of id: String) -> Int? {
    if let dictionary { return dictionary[id].map(Int.init) }
    guard let hash = TextHash.ascii(id) else {
      return Self.asciiEquivalent(of: id).flatMap(row(of:))
    }
    var slot = firstSlot(hash)
    while true {
      let held = slots[slot]
      if held == 0 { return nil }
      if ids[Int(held) - 1] == id { return Int(held) - 1 }
      slot = nextSlot(slot)
    }
  }

  /// The ASCII text canonically equivalent to `text`, when there is one: the only scalars whose
  /// canonical decomposition is ASCII are U+212A KELVIN SIGN (K), U+037E GREEK QUESTION MARK (;)
  /// and U+1FEF GREEK VARIA (`), each a singleton (Unicode Standard Annex #15).
  static func asciiEquivalent(of text: String) -> String? {
    var ascii = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0..<0x80: ascii.append(scalar)
      case 0x212A: ascii.append("K")
      case 0x037E: ascii.append(";")
      case 0x1FEF: ascii.append("`")
      default: return nil
      }
    }
    return String(ascii)
  }

  /// `row(of: id(k))` for every k in `0..<count` (−1: none), looked up on the available cores.
  /// Keys are taken in groups whose slots are read all at once, then their ids, so that the cache
  /// misses of a table too big for the cache overlap.
  package func rows(count: Int, id: @Sendable (Int) -> String?) -> [Int32] {
    let pieces = max(1, min(8, count / 50_000))
    let parts = concurrentMap(pieces) { p in
      let range = p * count / pieces..<(p + 1) * count / pieces
      guard dictionary == nil else { return range.map { k in id(k).flatMap(row(of:)).map(Int32.init) ?? -1 } }
      var found = [Int32](repeating: -1, count: range.count)
      let group = 32
      var keys: [String?] = []
      var place = [Int](repeating: -1, count: group)
      var held = [Int32](repeating: 0, count: group)
      var lengths = [Int](repeating: 0, count: group)
      for start in stride(from: range.lowerBound, to: range.upperBound, by: group) {
        let end = min(start + group, range.upperBound)
        keys = (start..<end).map(id)
        // The first slot of each ASCII key, then what each holds.
        for g in keys.indices {
          place[g] = -1
          if let key = keys[g], let hash = TextHash.ascii(key) {
            place[g] = firstSlot(hash)
          }
        }
        for g in keys.indices where place[g] >= 0 { held[g] = slots[place[g]] }
        // The ids those slots name, read all at once too (a short id is held in its `String`).
        for g in keys.indices where place[g] >= 0 && held[g] != 0 {
          lengths[g] = ids[Int(held[g]) - 1].utf8.count
        }
        for g in keys.indices {
          guard let key = keys[g] else { continue }
          guard place[g] >= 0 else {
            found[start - range.lowerBound + g] = row(of: key).map(Int32.init) ?? -1
            continue
          }
          var (slot, h) = (place[g], held[g])
          // The first slot's id is compared by length first (read above), then as text.
          if h != 0, lengths[g] != key.utf8.count {
            slot = nextSlot(slot)
            h = slots[slot]
          }
          while h != 0 {
            if ids[Int(h) - 1] == key {
              found[start - range.lowerBound + g] = h - 1
              break
            }
            slot = nextSlot(slot)
            h = slots[slot]
          }
        }
      }
      return found
    }
    return parts.flatMap { $0 }
  }
}
