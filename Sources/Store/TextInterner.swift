import Foundation
import GRDBSQLite

/// Dense numbers for the distinct strings of a text column, in order of first appearance.
///
/// Looks each row's text up by its bytes, so a row whose text was seen before makes no `String`:
/// first against the previous row's text (runs of one grid or shop cost one `memcmp`), then in an
/// open-addressing table whose slots keep the text's hash, place and length side by side (one
/// cache line per probe; the bytes are compared only when hash and length agree). `finish` then merges
/// texts that differ in bytes but are equal as `String`s (as a dictionary keyed by the decoded
/// text would have numbered them).
/// - Complexity: O(bytes) per row, amortized.
struct TextInterner {
  private struct Slot {
    /// The text's hash (its low bits place the slot; all of them are compared first).
    var hash: UInt32 = 0
    /// The text's number, −1 for an empty slot.
    var number: Int32 = -1
    var start: UInt32 = 0
    var length: UInt32 = 0
  }

  private var count = 0
  /// Whether every text so far is ASCII (then texts differing in bytes differ as `String`s).
  private var ascii = true
  /// Every distinct text's bytes, one after another; text n is `storage[offsets[n]..<offsets[n+1]]`.
  private var storage: [UInt8] = []
  private var offsets: [Int] = [0]
  private var slots = [Slot](repeating: Slot(), count: 1024)
  /// The previous row's text: its number (−1 for none), place and length.
  private var last: Int32 = -1
  private var lastStart = 0
  private var lastLength = 0

  /// The number of column `column`'s text in the current row, -1 when NULL (or empty, when
  /// `emptyIsNull`).
  mutating func number(_ s: PreparedStatement, _ column: Int32, emptyIsNull: Bool = false) -> Int32 {
    if s.isNull(column) { return -1 }
    // `sqlite3_column_text` before `sqlite3_column_bytes`, as SQLite's documentation orders them.
    let start = sqlite3_column_text(s.handle, column)
    let count = start == nil ? 0 : Int(sqlite3_column_bytes(s.handle, column))
    if emptyIsNull, count == 0 { return -1 }
    return number(UnsafeRawPointer(start), count: count)
  }

  /// The number of the text of `count` bytes at `bytes` (nil only when `count` is 0).
  mutating func number(_ bytes: UnsafeRawPointer?, count: Int) -> Int32 {
    if last >= 0, lastLength == count, equal(lastStart, bytes, count) { return last }
    let h = Self.hash(bytes, count)
    let mask = slots.count - 1
    var slot = Int(h) & mask
    while true {
      let s = slots[slot]
      if s.number < 0 { break }
      if s.hash == h, Int(s.length) == count, equal(Int(s.start), bytes, count) {
        (last, lastStart, lastLength) = (s.number, Int(s.start), count)
        return s.number
      }
      slot = (slot + 1) & mask
    }
    let n = Int32(self.count)
    precondition(storage.count + count <= Int(UInt32.max), "TextInterner: more than 4 GiB of distinct text")
    let text = UnsafeRawBufferPointer(start: bytes, count: count)
    ascii = ascii && text.allSatisfy { $0 < 0x80 }
    slots[slot] = Slot(hash: h, number: n, start: UInt32(storage.count), length: UInt32(count))
    (last, lastStart, lastLength) = (n, storage.count, count)
    storage.append(contentsOf: text)
    offsets.append(storage.count)
    self.count += 1
    // At most three quarters full: linear probing stays short with a mixed hash.
    if self.count * 4 > slots.count * 3 { grow() }
    return n
  }

  /// Whether the `count` stored bytes from `start` are the `count` bytes at `bytes`.
  private func equal(_ start: Int, _ bytes: UnsafeRawPointer?, _ count: Int) -> Bool {
    count == 0 || storage.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes!, count) == 0 }
  }

  /// A 32-bit hash of the bytes, eight at a time: each word multiplied in (the multiply–xorshift
  /// steps of MurmurHash3's 64-bit finalizer, Appleby 2011), then the finalizer itself, folded.
  private static func hash(_ bytes: UnsafeRawPointer?, _ count: Int) -> UInt32 {
    var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
    var k = 0
    while k + 8 <= count {
      h = (h ^ bytes!.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
      h ^= h >> 32
      k += 8
    }
    if k < count {
      var tail: UInt64 = 0
      for i in k..<count { tail |= UInt64(bytes!.load(fromByteOffset: i, as: UInt8.self)) << (8 * (i - k)) }
      h = (h ^ tail) &* 0xff51_afd7_ed55_8ccd
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

  /// `finish` for a column whose texts are not needed: only merges numbers, when some text is
  /// not ASCII.
  func finishNumbers(_ column: inout [Int32]) {
    if !ascii { finish(&column) }
  }
}
