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
/// Layout (little-endian): `entries` = version byte, string table (u32 count, then u32 byte length
/// + UTF-8 bytes each), u32 score count, then per score: id (u32 length + UTF-8), f64 score, i64 rank,
/// u8 level (index in `RiskLevel.allCases`), u8 has-Gi* then f64 Gi*, i32 trend (string number, −1
/// none), u8 reason count then per reason u32 zh and u32 en (string numbers).
///
/// `contributions`, version 2 (written now): string table of feature names, u32 count of distinct
/// contributions, u8 width of a contribution number (2 or 4 bytes), then each distinct contribution
/// once (u32 feature, f64 value, f64 contribution), then per score: u8 count, and a number into that
/// table per contribution. Shops alike in what drives their score (most shops of a district, with
/// few or no records) share their contributions: at scale 100 a block of 32,768 shops holds about
/// 32,000 distinct ones among 262,144, and a snapshot takes about half the bytes.
/// Version 1 (until 2026-11): string table, then per score: u8 count, per contribution u32 feature,
/// f64 value, f64 contribution. Both are read; the version byte of `entries` tells which.
struct ScoreBlock {
  /// Scores per block: small enough that a top-20 list reads one block, large enough that a
  /// million shops make a few dozen rows.
  static let capacity = 32_768

  /// The version byte blocks are written with (see the layout above).
  static let version: UInt8 = 2

  var entries: [UInt8]
  var contributions: [UInt8]

  /// The distinct contributions of `units` in order of first use, and for every contribution of
  /// every unit in turn its number among them.
  ///
  /// An open-addressing table keyed by the contribution's bits (feature, value, amount): exact, so
  /// contributions equal as numbers but not as bits (0 and −0) stay apart. The distinct ones are
  /// kept in arrays of their own, which a block's few tens of thousands keep in cache.
  /// - Complexity: O(contributions), one hash of three words each.
  static func distinctContributions(_ sheet: ScoreSheet, units: ArraySlice<Int>) -> (
    distinct: (features: [Int32], values: [UInt64], amounts: [UInt64]), numbers: [UInt32]
  ) {
    let total = units.reduce(0) { $0 + Int(sheet.contributionCounts[$1]) }
    var slots = 16
    while slots < 2 * total { slots <<= 1 }
    let mask = slots - 1
    var table = [Int32](repeating: -1, count: slots)
    var (features, values, amounts) = ([Int32](), [UInt64](), [UInt64]())
    var numbers: [UInt32] = []
    numbers.reserveCapacity(total)
    for i in units {
      let c = i * sheet.contributionStride
      for k in c..<(c + Int(sheet.contributionCounts[i])) {
        let f = sheet.contributionFeatures[k]
        let (v, a) = (sheet.contributionValues[k].bitPattern, sheet.contributionAmounts[k].bitPattern)
        // A multiplicative mix of the three words (constants from splitmix64 and FxHash).
        var h = (v &* 0x9E37_79B9_7F4A_7C15) ^ (a &* 0xBF58_476D_1CE4_E5B9) ^ UInt64(UInt32(bitPattern: f))
        h = (h ^ (h >> 31)) &* 0x517C_C1B7_2722_0A95
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while true {
          let d = Int(table[slot])
          if d < 0 {
            table[slot] = Int32(values.count)
            numbers.append(UInt32(values.count))
            features.append(f)
            values.append(v)
            amounts.append(a)
            break
          }
          if values[d] == v, amounts[d] == a, features[d] == f {
            numbers.append(UInt32(d))
            break
          }
          slot = (slot + 1) & mask
        }
      }
    }
    return ((features, values, amounts), numbers)
  }

  /// Packs the units `units` of `sheet`, in that order (the order they are to be read back).
  ///
  /// Texts and feature names are numbered in the block in order of first use (each unit's trend,
  /// then its reasons, zh before en; its contributions' features), as they are written. Each part
  /// is written into a buffer of its exact size, counted first.
  /// - Complexity: O(units · (reasons + contributions) + texts + features); no hashing.
  init(_ sheet: ScoreSheet, units: ArraySlice<Int>) {
    var texts = LocalNumbers(sheet.texts.count)
    var features = LocalNumbers(sheet.features.count)
    let hasGiZ = !sheet.giZ.isEmpty
    let hasTrends = !sheet.trends.isEmpty
    var bodySize = 4
    for i in units {
      bodySize += 4 + sheet.ids[i].utf8.count + 8 + 8 + 1 + 1 + 4 + 1 + 8 * Int(sheet.reasonCounts[i])
      if hasGiZ, sheet.giZ[i] != nil { bodySize += 8 }
    }
    let (distinct, numbers) = Self.distinctContributions(sheet, units: units)
    let width = distinct.values.count <= 1 << 16 ? 2 : 4
    let detailSize = 4 + 1 + 20 * distinct.values.count + units.count + width * numbers.count
    let body = ByteWriter.write(size: bodySize) { body in
      body.u32(UInt32(units.count))
      for i in units {
        body.string(sheet.ids[i])
        body.f64(sheet.scores[i])
        body.i64(Int64(sheet.ranks[i]))
        body.u8(sheet.levels[i].number)
        if hasGiZ, let z = sheet.giZ[i] {
          body.u8(1)
          body.f64(z)
        } else {
          body.u8(0)
        }
        let trend = hasTrends ? sheet.trends[i] : -1
        body.i32(trend < 0 ? -1 : Int32(texts.number(trend)))
        let r = i * sheet.reasonStride
        let reasons = Int(sheet.reasonCounts[i])
        body.u8(UInt8(reasons))
        for k in r..<(r + reasons) {
          body.u32(texts.number(sheet.reasonZh[k]))
          body.u32(texts.number(sheet.reasonEn[k]))
        }
      }
    }
    let detail = ByteWriter.write(size: detailSize) { detail in
      detail.u32(UInt32(distinct.values.count))
      detail.u8(UInt8(width))
      for d in distinct.values.indices {
        detail.u32(features.number(distinct.features[d]))
        detail.i64(Int64(bitPattern: distinct.values[d]))
        detail.i64(Int64(bitPattern: distinct.amounts[d]))
      }
      var next = 0
      for i in units {
        let kept = Int(sheet.contributionCounts[i])
        detail.u8(UInt8(kept))
        for number in numbers[next..<(next + kept)] {
          if width == 2 { detail.u16(UInt16(number)) } else { detail.u32(number) }
        }
        next += kept
      }
    }
    entries = ByteWriter.write(size: 1 + texts.tableSize(sheet.texts) + body.count) { head in
      head.u8(Self.version)
      texts.write(sheet.texts, to: &head)
      head.bytes(body)
    }
    contributions = ByteWriter.write(size: features.tableSize(sheet.features) + detail.count) { table in
      features.write(sheet.features, to: &table)
      table.bytes(detail)
    }
  }

  /// Unpacks the scores of one block; `contributions` nil leaves every score's contributions empty.
  /// The entries as `decodeSheet` reads them, each unit then made a `RiskScore` with its
  /// contributions.
  /// - Throws: `DatabaseError` when the bytes are not a block of a version this build reads (1 or 2).
  static func decode(
    entity: RiskScore.Entity, entries: UnsafeRawBufferPointer, contributions: UnsafeRawBufferPointer?
  )
    throws -> [RiskScore]
  {
    let sheet = try decodeSheet(entity: entity, entries: entries)
    guard let contributions else {
      return (0..<sheet.count).map { sheet.score(at: $0, contributions: false) }
    }
    var reader = ByteReader(contributions)
    let features = try reader.strings()
    /// A contribution as stored: feature number checked against the block's names.
    func contribution() throws -> Contribution {
      let f = Int(try reader.u32())
      guard f < features.count else { throw corrupt("feature number out of range") }
      return Contribution(feature: features[f], value: try reader.f64(), contribution: try reader.f64())
    }
    // `decodeSheet` read the version byte: 1 or 2.
    if entries.first == 1 {
      // Version 1: each contribution in full, score by score.
      return try (0..<sheet.count).map { i in
        var score = sheet.score(at: i, contributions: false)
        let count = Int(try reader.u8())
        score.contributions.reserveCapacity(count)
        for _ in 0..<count { score.contributions.append(try contribution()) }
        return score
      }
    }
    // Version 2: the distinct contributions, then each score's numbers into them.
    let distinctCount = Int(try reader.u32())
    let width = try reader.u8()
    guard width == 2 || width == 4 else { throw corrupt("contribution number width \(width)") }
    var distinct: [Contribution] = []
    distinct.reserveCapacity(distinctCount)
    for _ in 0..<distinctCount { distinct.append(try contribution()) }
    return try (0..<sheet.count).map { i in
      var score = sheet.score(at: i, contributions: false)
      let count = Int(try reader.u8())
      score.contributions.reserveCapacity(count)
      for _ in 0..<count {
        let k = width == 2 ? Int(try reader.u16()) : Int(try reader.u32())
        guard k < distinct.count else { throw corrupt("contribution number out of range") }
        score.contributions.append(distinct[k])
      }
      return score
    }
  }

  /// Unpacks the scores of one block as a sheet of their own, in block order, without
  /// contributions: lists read them so, as columns (no `RiskScore`, array of reasons or `String`
  /// per reason of each unit). Its texts are the block's string table.
  /// - Throws: `DatabaseError` when the bytes are not a block of a version this build reads (1 or 2).
  static func decodeSheet(entity: RiskScore.Entity, entries: UnsafeRawBufferPointer) throws -> ScoreSheet {
    var r = ByteReader(entries)
    guard (1...Self.version).contains(try r.u8()) else { throw corrupt("unknown score block version") }
    let texts = try r.strings()
    /// Text number `k`, checked against the block's table.
    func checked(_ k: UInt32) throws -> Int32 {
      guard Int(k) < texts.count else { throw corrupt("text number out of range") }
      return Int32(k)
    }
    let n = Int(try r.u32())
    var ids: [String] = []
    var scores: [Double] = []
    var ranks: [Int] = []
    var levels: [RiskLevel] = []
    var giZ: [Double?] = []
    var trends: [Int32] = []
    var reasonCounts: [UInt8] = []
    var reasonTexts: [Int32] = []
    ids.reserveCapacity(n)
    scores.reserveCapacity(n)
    ranks.reserveCapacity(n)
    levels.reserveCapacity(n)
    giZ.reserveCapacity(n)
    trends.reserveCapacity(n)
    reasonCounts.reserveCapacity(n)
    let allLevels = RiskLevel.allCases
    for _ in 0..<n {
      ids.append(try r.string())
      scores.append(try r.f64())
      ranks.append(Int(try r.i64()))
      let levelIndex = Int(try r.u8())
      guard levelIndex < allLevels.count else { throw corrupt("level out of range") }
      levels.append(allLevels[levelIndex])
      giZ.append(try r.u8() == 1 ? try r.f64() : nil)
      let trend = try r.i32()
      trends.append(trend < 0 ? -1 : try checked(UInt32(trend)))
      let count = try r.u8()
      reasonCounts.append(count)
      for _ in 0..<count {
        reasonTexts.append(try checked(try r.u32()))
        reasonTexts.append(try checked(try r.u32()))
      }
    }
    let stride = Int(reasonCounts.max() ?? 0)
    var sheet = ScoreSheet(entity: entity, count: n, contributions: 0, reasons: stride)
    (sheet.ids, sheet.scores, sheet.ranks, sheet.levels) = (ids, scores, ranks, levels)
    sheet.texts = texts
    if giZ.contains(where: { $0 != nil }) { sheet.giZ = giZ }
    if trends.contains(where: { $0 >= 0 }) { sheet.trends = trends }
    sheet.reasonCounts = reasonCounts
    var next = 0
    for i in 0..<n {
      for k in 0..<Int(reasonCounts[i]) {
        sheet.reasonZh[i * stride + k] = reasonTexts[next]
        sheet.reasonEn[i * stride + k] = reasonTexts[next + 1]
        next += 2
      }
    }
    return sheet
  }

  /// Whether `needle` occurs in `bytes` (a quick test before unpacking a block: a hit may be a
  /// coincidence, which the unpacked ids then tell).
  static func contains(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
    guard !needle.isEmpty, bytes.count >= needle.count, let base = bytes.baseAddress else { return false }
    return needle.withUnsafeBytes { n in
      // Each place the first byte occurs (memchr), then the rest compared (memcmp).
      var start = 0
      while start <= bytes.count - n.count {
        guard let hit = memchr(base + start, Int32(needle[0]), bytes.count - n.count - start + 1) else {
          return false
        }
        if memcmp(hit, n.baseAddress!, n.count) == 0 { return true }
        start = base.distance(to: UnsafeRawPointer(hit)) + 1
      }
      return false
    }
  }

  static func corrupt(_ what: String) -> DatabaseError {
    DatabaseError(resultCode: .SQLITE_CORRUPT, message: "score snapshot: \(what)")
  }
}

/// A block's numbers for a sheet's texts (or feature names), in order of first use in the block.
private struct LocalNumbers {
  /// The block's number of each sheet text, −1 while unused.
  var local: [Int32]
  /// The sheet numbers of the block's texts, in block order.
  var used: [Int32] = []

  init(_ count: Int) { local = [Int32](repeating: -1, count: count) }

  mutating func number(_ global: Int32) -> UInt32 {
    let k = local[Int(global)]
    if k >= 0 { return UInt32(k) }
    local[Int(global)] = Int32(used.count)
    used.append(global)
    return UInt32(used.count - 1)
  }

  /// Bytes of the string table `write` writes.
  func tableSize(_ all: [String]) -> Int { used.reduce(4) { $0 + 4 + all[Int($1)].utf8.count } }

  /// The string table: u32 count, then each used text (u32 byte length + UTF-8).
  func write(_ all: [String], to w: inout ByteWriter) {
    w.u32(UInt32(used.count))
    for k in used { w.string(all[Int(k)]) }
  }
}

/// Writes little-endian numbers and length-prefixed UTF-8 into a buffer of a size known in advance.
private struct ByteWriter {
  private let base: UnsafeMutableRawBufferPointer
  private(set) var at = 0

  private init(_ base: UnsafeMutableRawBufferPointer) { self.base = base }

  /// The `size` bytes `fill` writes, exactly.
  static func write(size: Int, _ fill: (inout ByteWriter) -> Void) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var w = ByteWriter(UnsafeMutableRawBufferPointer(buffer))
      fill(&w)
      precondition(w.at == size, "ByteWriter: \(w.at) bytes written, \(size) counted")
      count = size
    }
  }

  private mutating func take(_ n: Int) -> Int {
    precondition(at + n <= base.count, "ByteWriter: more bytes than counted")
    defer { at += n }
    return at
  }

  mutating func u8(_ v: UInt8) { base[take(1)] = v }
  mutating func u16(_ v: UInt16) {
    base.storeBytes(of: v.littleEndian, toByteOffset: take(2), as: UInt16.self)
  }
  mutating func u32(_ v: UInt32) {
    base.storeBytes(of: v.littleEndian, toByteOffset: take(4), as: UInt32.self)
  }
  mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
  mutating func i64(_ v: Int64) { base.storeBytes(of: v.littleEndian, toByteOffset: take(8), as: Int64.self) }
  mutating func f64(_ v: Double) { i64(Int64(bitPattern: v.bitPattern)) }
  mutating func bytes(_ b: [UInt8]) {
    let at = take(b.count)
    b.withUnsafeBytes {
      UnsafeMutableRawBufferPointer(rebasing: base[at..<(at + b.count)]).copyMemory(from: $0)
    }
  }
  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      u32(UInt32(utf8.count))
      let at = take(utf8.count)
      UnsafeMutableRawBufferPointer(rebasing: base[at..<(at + utf8.count)]).copyMemory(
        from: UnsafeRawBufferPointer(utf8))
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
  mutating func u16() throws -> UInt16 {
    UInt16(littleEndian: base.loadUnaligned(fromByteOffset: try take(2), as: UInt16.self))
  }
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

extension RiskLevel {
  /// The level's index in `RiskLevel.allCases`, as a block stores it.
  fileprivate var number: UInt8 {
    switch self {
    case .red: 0
    case .orange: 1
    case .yellow: 2
    case .blue: 3
    }
  }
}
