import Foundation

/// Keys as their UTF-8 bytes one after another, without a `String` each: the keys (`id`s) of a
/// record table's rows in the table's key order — what merging changed rows into kept columns
/// needs to find a row — or the pseudonymized petitioner keys petitions are numbered by.
///
/// Keys compare as SQLite's BINARY collation orders a `TEXT PRIMARY KEY` (the order the tables
/// are read in): byte by byte (`memcmp`) over the shorter length, then the shorter key first.
/// `position(of:in:)` needs the keys in that order.
struct RowKeys: Sendable, Equatable {
  /// Every key's bytes, one after another.
  var bytes: [UInt8] = []
  /// Where each key ends in `bytes`.
  var ends: [Int64] = []

  var count: Int { ends.count }

  /// Appends a key given as `length` bytes at `start`.
  mutating func append(_ start: UnsafeRawPointer?, _ length: Int) {
    if let start, length > 0 {
      bytes.append(contentsOf: UnsafeRawBufferPointer(start: start, count: length))
    }
    ends.append(Int64(bytes.count))
  }

  /// Appends key `row` of `other`.
  mutating func append(_ other: RowKeys, row: Int) {
    let range = other.range(row)
    bytes.append(contentsOf: other.bytes[range])
    ends.append(Int64(bytes.count))
  }

  /// Appends keys `rows` of `other`, in order.
  mutating func append(_ other: RowKeys, rows: Range<Int>) {
    guard !rows.isEmpty else { return }
    let start = other.range(rows.lowerBound).lowerBound
    let shift = Int64(bytes.count - start)
    bytes.append(contentsOf: other.bytes[start..<Int(other.ends[rows.upperBound - 1])])
    ends.append(contentsOf: other.ends[rows].lazy.map { $0 + shift })
  }

  /// Where key `row` lies in `bytes`.
  func range(_ row: Int) -> Range<Int> {
    (row == 0 ? 0 : Int(ends[row - 1]))..<Int(ends[row])
  }

  /// The row holding key `row` of `other`, or where it would be inserted to keep the order.
  /// - Complexity: O(log n) key comparisons (binary search).
  func position(of row: Int, in other: RowKeys) -> (index: Int, found: Bool) {
    other.bytes.withUnsafeBytes { theirs in
      let key = UnsafeRawBufferPointer(rebasing: theirs[other.range(row)])
      return bytes.withUnsafeBytes { mine in
        var low = 0
        var high = count
        while low < high {
          let middle = (low + high) / 2
          let order = Self.compare(UnsafeRawBufferPointer(rebasing: mine[range(middle)]), key)
          if order == 0 { return (middle, true) }
          if order < 0 { low = middle + 1 } else { high = middle }
        }
        return (low, false)
      }
    }
  }

  /// A 64-bit FNV-1a hash of key `row`'s bytes (http://www.isthe.com/chongo/tech/comp/fnv/).
  func hash(_ row: Int) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes[range(row)] { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return h
  }

  /// SQLite's BINARY collation (`memcmp` over the shorter length, then the shorter first):
  /// negative, zero or positive as `a` sorts before, with or after `b`.
  static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let shared = min(a.count, b.count)
    if shared > 0 {
      let order = memcmp(a.baseAddress!, b.baseAddress!, shared)
      if order != 0 { return Int(order) }
    }
    return a.count - b.count
  }
}
