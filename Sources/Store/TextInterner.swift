import Foundation
import GRDBSQLite

/// Dense numbers for the distinct strings of a text column, in order of first appearance.
///
/// Looks each row's text up by its bytes, so a row whose text was seen before makes no `String`:
/// first against the previous row's text (runs of one grid or shop), then in an open-addressing
/// table whose slots keep the text's hash, length, place and first 16 bytes side by side (one
/// cache line per probe; ids and codes up to 16 bytes never read the stored bytes). Rows taken in
/// batches (`add`, then `flush`) have their slots read all at once first, so that the cache misses
/// of a table too big for the cache overlap. `finish` then merges texts that differ in bytes but
/// are equal as `String`s (as a dictionary keyed by the decoded text would have numbered them).
/// - Complexity: O(bytes) per row, amortized.
struct TextInterner {
  private struct Slot {
    /// The text's hash (its low bits place the slot; all of them are compared first).
    var hash: UInt32 = 0
    /// The text's number, −1 for an empty slot.
    var number: Int32 = -1
    var start: UInt32 = 0
    var length: UInt32 = 0
    /// The text's first 16 bytes (zero after its end): texts this short, as ids and codes are,
    /// are compared here without reading `storage`.
    var head = Head()
  }

  /// Up to 16 bytes of a text, zero-padded.
  private struct Head: Equatable {
    var a: UInt64 = 0
    var b: UInt64 = 0

    init() {}

    init(_ bytes: UnsafeRawPointer?, _ count: Int) {
      guard let bytes else { return }
      let n = min(count, 16)
      withUnsafeMutableBytes(of: &self) { out in
        for k in 0..<n { out[k] = bytes.load(fromByteOffset: k, as: UInt8.self) }
      }
    }
  }

  private var count = 0
  /// Whether every text so far is ASCII (then texts differing in bytes differ as `String`s).
  private var ascii = true
  /// Every distinct text's bytes, one after another; text n is `storage[offsets[n]..<offsets[n+1]]`.
  private var storage: [UInt8] = []
  private var offsets: [Int] = [0]
  private var slots = [Slot](repeating: Slot(), count: 1024)
  /// The previous row's text (number −1: none yet).
  private var last = Slot()

  /// Rows added (`add`) and not yet numbered (`flush`): each text's first 16 bytes, length (−1:
  /// NULL), hash, and where its bytes past the 16th start in `pendingTails`.
  private var pendingHeads: [Head] = []
  private var pendingLengths: [Int] = []
  private var pendingHashes: [UInt32] = []
  private var pendingTailStarts: [Int] = []
  private var pendingTails: [UInt8] = []
  /// What the slot-touching pass of `flush` read (kept, so that its loads are not left out).
  private var touched: UInt32 = 0

  /// Rows `add` takes before the caller should `flush`.
  static let batch = 512

  /// Rows added and not yet numbered.
  var pending: Int { pendingLengths.count }

  /// The number of column `column`'s text in the current row, -1 when NULL (or empty, when
  /// `emptyIsNull`).
  mutating func number(_ s: PreparedStatement, _ column: Int32, emptyIsNull: Bool = false) -> Int32 {
    guard let (bytes, count) = Self.text(s, column, emptyIsNull: emptyIsNull) else { return -1 }
    let head = Head(bytes, count)
    let tail = count > 16 ? bytes! + 16 : nil
    return number(head, Self.hash(head, tail, count), count, tail)
  }

  /// Takes column `column`'s text in the current row (its bytes copied), to be numbered by the next
  /// `flush`, which writes the number (as `number` would) over the row's place in the column.
  mutating func add(_ s: PreparedStatement, _ column: Int32, emptyIsNull: Bool = false) {
    guard let (bytes, count) = Self.text(s, column, emptyIsNull: emptyIsNull) else {
      pendingHeads.append(Head())
      pendingLengths.append(-1)
      pendingHashes.append(0)
      pendingTailStarts.append(0)
      return
    }
    let head = Head(bytes, count)
    let tail = count > 16 ? bytes! + 16 : nil
    pendingHeads.append(head)
    pendingLengths.append(count)
    pendingHashes.append(Self.hash(head, tail, count))
    pendingTailStarts.append(pendingTails.count)
    if let tail { pendingTails.append(contentsOf: UnsafeRawBufferPointer(start: tail, count: count - 16)) }
  }

  /// Numbers the rows added since the last flush, in order, into the last `pending` places of
  /// `column`. Their slots are read first, all at once, so that the cache misses of a batch
  /// overlap instead of following one another.
  mutating func flush(into column: inout [Int32]) {
    let n = pending
    precondition(column.count >= n, "TextInterner.flush: the column lacks the added rows")
    let mask = slots.count - 1
    var sum: UInt32 = 0
    for k in 0..<n where pendingLengths[k] >= 0 { sum &+= slots[Int(pendingHashes[k]) & mask].hash }
    touched &+= sum
    let base = column.count - n
    do {
      let tails = pendingTails
      tails.withUnsafeBytes { tails in
        for k in 0..<n {
          let count = pendingLengths[k]
          let tail = count > 16 ? tails.baseAddress! + pendingTailStarts[k] : nil
          column[base + k] = count < 0 ? -1 : number(pendingHeads[k], pendingHashes[k], count, tail)
        }
      }
    }
    pendingHeads.removeAll(keepingCapacity: true)
    pendingLengths.removeAll(keepingCapacity: true)
    pendingHashes.removeAll(keepingCapacity: true)
    pendingTailStarts.removeAll(keepingCapacity: true)
    pendingTails.removeAll(keepingCapacity: true)
  }

  /// The bytes of column `column`'s text in the current row; nil when NULL (or empty, when
  /// `emptyIsNull`).
  private static func text(_ s: PreparedStatement, _ column: Int32, emptyIsNull: Bool) -> (
    UnsafeRawPointer?, Int
  )? {
    if s.isNull(column) { return nil }
    // `sqlite3_column_text` before `sqlite3_column_bytes`, as SQLite's documentation orders them.
    let start = sqlite3_column_text(s.handle, column)
    let count = start == nil ? 0 : Int(sqlite3_column_bytes(s.handle, column))
    if emptyIsNull, count == 0 { return nil }
    return (UnsafeRawPointer(start), count)
  }

  /// The number of the text of `count` bytes whose first 16 are `head` and the rest at `tail`.
  private mutating func number(_ head: Head, _ h: UInt32, _ count: Int, _ tail: UnsafeRawPointer?) -> Int32 {
    if last.number >= 0, matches(last, head, count, tail) { return last.number }
    let mask = slots.count - 1
    var slot = Int(h) & mask
    while true {
      let s = slots[slot]
      if s.number < 0 { break }
      if s.hash == h, matches(s, head, count, tail) {
        last = s
        return s.number
      }
      slot = (slot + 1) & mask
    }
    let n = Int32(self.count)
    precondition(storage.count + count <= Int(UInt32.max), "TextInterner: more than 4 GiB of distinct text")
    slots[slot] = Slot(hash: h, number: n, start: UInt32(storage.count), length: UInt32(count), head: head)
    last = slots[slot]
    withUnsafeBytes(of: head) { storage.append(contentsOf: $0.prefix(min(count, 16))) }
    if let tail { storage.append(contentsOf: UnsafeRawBufferPointer(start: tail, count: count - 16)) }
    ascii = ascii && storage[(storage.count - count)...].allSatisfy { $0 < 0x80 }
    offsets.append(storage.count)
    self.count += 1
    // At most three quarters full: linear probing stays short with a mixed hash.
    if self.count * 4 > slots.count * 3 { grow() }
    return n
  }

  /// Whether the slot's text is the `count` bytes whose first 16 are `head` and the rest at `tail`.
  private func matches(_ s: Slot, _ head: Head, _ count: Int, _ tail: UnsafeRawPointer?) -> Bool {
    guard Int(s.length) == count, s.head == head else { return false }
    return count <= 16
      || storage.withUnsafeBufferPointer {
        memcmp($0.baseAddress! + Int(s.start) + 16, tail!, count - 16) == 0
      }
  }

  /// A 32-bit hash of a text (its first 16 bytes in `head`, the rest at `tail`), eight bytes at a
  /// time, zero-padded: each word multiplied in (the multiply–xorshift steps of MurmurHash3's
  /// 64-bit finalizer, Appleby 2011), then the finalizer itself, folded.
  private static func hash(_ head: Head, _ tail: UnsafeRawPointer?, _ count: Int) -> UInt32 {
    @inline(__always) func mixIn(_ h: inout UInt64, _ word: UInt64) {
      h = (h ^ word) &* 0xff51_afd7_ed55_8ccd
      h ^= h >> 32
    }
    var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
    mixIn(&h, head.a)
    if count > 8 { mixIn(&h, head.b) }
    let rest = max(0, count - 16)
    var k = 0
    while k + 8 <= rest {
      mixIn(&h, tail!.loadUnaligned(fromByteOffset: k, as: UInt64.self))
      k += 8
    }
    if k < rest {
      var word: UInt64 = 0
      for i in k..<rest { word |= UInt64(tail!.load(fromByteOffset: i, as: UInt8.self)) << (8 * (i - k)) }
      mixIn(&h, word)
    }
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return UInt32(truncatingIfNeeded: h ^ (h >> 32))
  }

  /// Doubles the slot table, placing every text again by its kept hash.
  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    let mask = slots.count - 1
    for s in old where s.number >= 0 {
      var slot = Int(s.hash) & mask
      while slots[slot].number >= 0 { slot = (slot + 1) & mask }
      slots[slot] = s
    }
  }

  /// The distinct texts; numbers in `column` of texts equal as `String`s to an earlier one are
  /// replaced by the earlier one's (only possible when some text is not ASCII).
  @discardableResult
  func finish(_ column: inout [Int32]) -> [String] {
    let values = (0..<count).map { n in
      storage.withUnsafeBufferPointer { String(decoding: $0[offsets[n]..<offsets[n + 1]], as: UTF8.self) }
    }
    guard !ascii else { return values }
    var first: [String: Int32] = [:]
    var same = [Int32](repeating: 0, count: values.count)
    for (n, v) in values.enumerated() {
      let f = first[v] ?? Int32(n)
      first[v] = f
      same[n] = f
    }
    for k in column.indices where column[k] >= 0 { column[k] = same[Int(column[k])] }
    return values
  }

  /// The distinct texts as bytes (no `String` each), for a column whose numbers are merged as
  /// `finishNumbers` merges them.
  func finishBytes(_ column: inout [Int32]) -> RowKeys {
    finishNumbers(&column)
    return RowKeys(bytes: Array(storage[0..<offsets[count]]), ends: offsets[1...].map { Int64($0) })
  }

  /// `finish` for a column whose texts are not needed: only merges numbers, when some text is
  /// not ASCII.
  func finishNumbers(_ column: inout [Int32]) {
    if !ascii { finish(&column) }
  }
}
