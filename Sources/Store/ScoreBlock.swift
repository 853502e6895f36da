import Foundation
import GRDB
import GRDBSQLite
import Records

/// Up to `ScoreBlock.capacity` scores of one entity kind of one snapshot, in rank order, packed
/// into two binary columns of the `score_blocks` table (migration v2):
///
/// - `entries`: per score its id, score, rank, level, Gi* z, trend and reasons;
/// - `contributions`: per score its kept feature contributions (only `yanpan explain` reads them,
///   so lists never load those pages).
///
/// Texts repeated across scores (reason sentences, trends, feature names) are written once per
/// block in a string table and referenced by number, so a snapshot of a million shops takes a few
/// hundred bytes per shop instead of a JSON document each, and reading it shares one `String` per
/// distinct sentence. Numbers are stored as their exact IEEE-754 bits: scores read back are
/// identical to the scores written.
///
/// Layout (little-endian): `entries` = version byte 1, string table (u32 count, then u32 byte length
/// + UTF-8 bytes each), u32 score count, then per score: id (u32 length + UTF-8), f64 score, i64 rank,
/// u8 level (index in `RiskLevel.allCases`), u8 has-Gi* then f64 Gi*, i32 trend (string number, −1
/// none), u8 reason count then per reason u32 zh and u32 en (string numbers). `contributions` =
/// string table, then per score: u8 count, per contribution u32 feature (string number), f64 value,
/// f64 contribution.
struct ScoreBlock {
  /// Scores per block: small enough that a top-20 list reads one block, large enough that a
  /// million shops make a few dozen rows.
  static let capacity = 32_768

  var entries: [UInt8]
  var contributions: [UInt8]

  /// Packs `scores` (already in the order they are to be read back).
  /// - Complexity: O(scores · (reasons + contributions)), one hash lookup per text.
  init<C: Collection>(_ scores: C) where C.Element == RiskScore {
    var texts = StringTable()
    var body = ByteWriter()
    body.u32(UInt32(scores.count))
    var features = StringTable()
    var detail = ByteWriter()
    for s in scores {
      body.string(s.id)
      body.f64(s.score)
      body.i64(Int64(s.rank))
      body.u8(UInt8(RiskLevel.allCases.firstIndex(of: s.level)!))
      if let z = s.giZ {
        body.u8(1)
        body.f64(z)
      } else {
        body.u8(0)
      }
      body.i32(s.trend.map { Int32(texts.number($0)) } ?? -1)
      let reasons = s.reasons.prefix(255)
      body.u8(UInt8(reasons.count))
      for r in reasons {
        body.u32(UInt32(texts.number(r.zh)))
        body.u32(UInt32(texts.number(r.en)))
      }
      let kept = s.contributions.prefix(255)
      detail.u8(UInt8(kept.count))
      for c in kept {
        detail.u32(UInt32(features.number(c.feature)))
        detail.f64(c.value)
        detail.f64(c.contribution)
      }
    }
    var head = ByteWriter()
    head.u8(1)
    texts.write(to: &head)
    entries = head.bytes + body.bytes
    var table = ByteWriter()
    features.write(to: &table)
    contributions = table.bytes + detail.bytes
  }

  /// Unpacks the scores of one block; `contributions` nil leaves every score's contributions empty.
  /// - Throws: `DatabaseError` when the bytes are not a block this version wrote.
  static func decode(
    entity: RiskScore.Entity, entries: UnsafeRawBufferPointer, contributions: UnsafeRawBufferPointer?
  )
    throws -> [RiskScore]
  {
    var r = ByteReader(entries)
    guard try r.u8() == 1 else { throw corrupt("unknown score block version") }
    let texts = try r.strings()
    func text(_ k: UInt32) throws -> String {
      guard Int(k) < texts.count else { throw corrupt("text number out of range") }
      return texts[Int(k)]
    }
    let n = Int(try r.u32())
    var d: ByteReader?
    var features: [String] = []
    if let contributions {
      var reader = ByteReader(contributions)
      features = try reader.strings()
      d = reader
    }
    var scores: [RiskScore] = []
    scores.reserveCapacity(n)
    let levels = RiskLevel.allCases
    for _ in 0..<n {
      let id = try r.string()
      let score = try r.f64()
      let rank = Int(try r.i64())
      let levelIndex = Int(try r.u8())
      guard levelIndex < levels.count else { throw corrupt("level out of range") }
      let giZ: Double? = try r.u8() == 1 ? try r.f64() : nil
      let trendNumber = try r.i32()
      let trend = trendNumber < 0 ? nil : try text(UInt32(trendNumber))
      let reasonCount = Int(try r.u8())
      var reasons: [Reason] = []
      reasons.reserveCapacity(reasonCount)
      for _ in 0..<reasonCount {
        reasons.append(Reason(zh: try text(try r.u32()), en: try text(try r.u32())))
      }
      var kept: [Contribution] = []
      if var reader = d {
        let count = Int(try reader.u8())
        kept.reserveCapacity(count)
        for _ in 0..<count {
          let f = Int(try reader.u32())
          guard f < features.count else { throw corrupt("feature number out of range") }
          kept.append(
            Contribution(feature: features[f], value: try reader.f64(), contribution: try reader.f64()))
        }
        d = reader
      }
      scores.append(
        RiskScore(
          entity: entity, id: id, score: score, rank: rank, level: levels[levelIndex], giZ: giZ, trend: trend,
          contributions: kept, reasons: reasons))
    }
    return scores
  }

  static func corrupt(_ what: String) -> DatabaseError {
    DatabaseError(resultCode: .SQLITE_CORRUPT, message: "score snapshot: \(what)")
  }
}

/// Distinct texts numbered in order of first use.
private struct StringTable {
  var numbers: [String: Int] = [:]
  var texts: [String] = []

  mutating func number(_ text: String) -> Int {
    if let k = numbers[text] { return k }
    numbers[text] = texts.count
    texts.append(text)
    return texts.count - 1
  }

  func write(to w: inout ByteWriter) {
    w.u32(UInt32(texts.count))
    for t in texts { w.string(t) }
  }
}

/// Appends little-endian numbers and length-prefixed UTF-8 to a byte array.
private struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
  mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func f64(_ v: Double) { i64(Int64(bitPattern: v.bitPattern)) }
  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      u32(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }
}

/// Reads what `ByteWriter` wrote, checking every length against the bytes left.
private struct ByteReader {
  let base: UnsafeRawBufferPointer
  var at = 0

  init(_ base: UnsafeRawBufferPointer) { self.base = base }

  mutating func take(_ n: Int) throws -> Int {
    guard n >= 0, at + n <= base.count else { throw ScoreBlock.corrupt("cut short") }
    defer { at += n }
    return at
  }

  mutating func u8() throws -> UInt8 { base[try take(1)] }
  mutating func u32() throws -> UInt32 {
    UInt32(littleEndian: base.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
  }
  mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }
  mutating func i64() throws -> Int64 {
    Int64(littleEndian: base.loadUnaligned(fromByteOffset: try take(8), as: Int64.self))
  }
  mutating func f64() throws -> Double { Double(bitPattern: UInt64(bitPattern: try i64())) }
  mutating func string() throws -> String {
    let n = Int(try u32())
    let start = try take(n)
    return String(decoding: UnsafeRawBufferPointer(rebasing: base[start..<(start + n)]), as: UTF8.self)
  }
  mutating func strings() throws -> [String] {
    let n = Int(try u32())
    var out: [String] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try string()) }
    return out
  }
}

extension PreparedStatement {
  /// Binds bytes as a BLOB to the 1-based parameter `position` (SQLite copies them).
  func bind(blob: [UInt8], at position: Int32) {
    blob.withUnsafeBytes { bytes in
      _ = sqlite3_bind_blob64(
        handle, position, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(bytes.count),
        unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
  }

  /// The bytes of a BLOB column of the current row, valid until the next step or reset.
  func blob(_ column: Int32) -> UnsafeRawBufferPointer {
    let count = Int(sqlite3_column_bytes(handle, column))
    guard let bytes = sqlite3_column_blob(handle, column), count > 0 else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    return UnsafeRawBufferPointer(start: bytes, count: count)
  }
}
