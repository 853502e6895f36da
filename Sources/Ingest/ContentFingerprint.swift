import Crypto
import Foundation
import Records

/// Where canonical bytes go: a byte array (the bytes themselves) or a running hash.
protocol CanonicalSink {
  mutating func append(_ byte: UInt8)
  mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: CanonicalSink where Element == UInt8 {}

/// FNV-1a 64 (Fowler–Noll–Vo, as specified in draft-eastlake-fnv: offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3) of the bytes appended, computed as they come.
struct FNV1a64: CanonicalSink {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func append(_ byte: UInt8) {
    value ^= UInt64(byte)
    value = value &* 0x0000_0100_0000_01b3
  }

  mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
    var h = value
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01b3
    }
    value = h
  }
}

/// The canonical bytes of a record, written straight into a sink (no `String` per field): the
/// kind name, then for each canonical field `0x1E name 0x1F value`. Exactly the bytes of
/// `NormalizedRecord.canonicalFields` joined that way, which both fingerprints hash.
struct CanonicalBytes<Sink: CanonicalSink> {
  private(set) var sink: Sink

  init(kind: String, into sink: Sink) {
    self.sink = sink
    var kind = kind
    kind.withUTF8 { self.sink.append(contentsOf: $0) }
  }

  private mutating func name(_ name: StaticString) {
    sink.append(0x1E)
    name.withUTF8Buffer { sink.append(contentsOf: $0) }
    sink.append(0x1F)
  }

  mutating func text(_ field: StaticString, _ value: String?) {
    name(field)
    if var value { value.withUTF8 { sink.append(contentsOf: $0) } }
  }

  mutating func int(_ field: StaticString, _ value: Int?) {
    name(field)
    guard let value else { return }
    if value >= 0 {
      Canonical.digits(value, width: 1, into: &sink)
    } else {
      var text = String(value)
      text.withUTF8 { sink.append(contentsOf: $0) }
    }
  }

  mutating func time(_ field: StaticString, _ value: Date?) {
    name(field)
    if let value { Canonical.appendTime(value, into: &sink) }
  }

  mutating func point(_ p: GeoPoint?) {
    name("lon")
    if let p { Canonical.appendDegrees(p.lon, into: &sink) }
    name("lat")
    if let p { Canonical.appendDegrees(p.lat, into: &sink) }
  }

  /// Appends a field already in canonical text form (the generic path of the few-row kinds).
  mutating func field(_ field: String, _ value: String) {
    sink.append(0x1E)
    var field = field
    field.withUTF8 { sink.append(contentsOf: $0) }
    sink.append(0x1F)
    var value = value
    value.withUTF8 { sink.append(contentsOf: $0) }
  }
}

extension NormalizedRecord {
  /// `canonicalFields` as the bytes the fingerprints hash (see `CanonicalBytes`).
  /// - Complexity: O(record size), one buffer.
  var canonicalBytes: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(256)
    return writeCanonical(into: bytes)
  }

  /// Writes `canonicalBytes` into `sink` and returns it.
  private func writeCanonical<Sink: CanonicalSink>(into sink: Sink) -> Sink {
    var w = CanonicalBytes(kind: kind.name, into: sink)
    switch self {
    case .grid(let g):
      w.text("grid_id", g.id)
      w.text("name", g.name)
      w.text("subdistrict_id", g.subdistrictID)
      w.text("community_id", g.communityID)
      w.text("kind", g.kind.rawValue)
      w.int("households", g.households)
      w.int("population", g.population)
      w.point(g.location)
    case .shop(let s):
      w.text("shop_id", s.id)
      w.text("name", s.name)
      w.text("street_id", s.streetID)
      w.text("grid_id", s.gridID)
      w.text("category", s.category)
      w.text("flags", s.flags.isEmpty ? "" : s.flags.sorted().joined(separator: ";"))
      w.point(s.location)
      w.text("opened_on", Canonical.day(s.openedOn))
      w.text("status", s.status.rawValue)
    case .incident(let i):
      w.text("incident_id", i.id)
      w.time("occurred_at", i.occurredAt)
      w.text("category", i.category)
      w.int("severity", i.severity)
      w.text("grid_id", i.gridID)
      w.point(i.location)
      w.text("shop_id", i.shopID)
      w.text("status", i.status.rawValue)
      w.time("resolved_at", i.resolvedAt)
      w.text("source", i.source)
    case .petition(let p):
      w.text("petition_id", p.id)
      w.time("received_at", p.receivedAt)
      w.text("channel", p.channel?.rawValue)
      w.text("category", p.category)
      w.text("petitioner_key", p.petitionerKey)
      w.int("petitioner_count", p.petitionerCount)
      w.text("grid_id", p.gridID)
      w.point(p.location)
      w.time("due_at", p.dueAt)
      w.time("closed_at", p.closedAt)
      w.text("satisfied", p.satisfied.rawValue)
      // Only when present, as in `canonicalFields` (older rows keep their fingerprint).
      if let accepted = p.acceptedAt { w.time("accepted_at", accepted) }
    case .inspection(let i):
      w.text("inspection_id", i.id)
      w.time("inspected_at", i.inspectedAt)
      w.text("shop_id", i.shopID)
      w.text("inspector", i.inspector)
      w.int("hazards_found", i.hazardsFound)
      w.int("major_hazards", i.majorHazards)
      w.int("hazards_rectified", i.hazardsRectified)
      w.time("rectify_due", i.rectifyDue)
      w.time("rectified_at", i.rectifiedAt)
      w.text("result", i.result.rawValue)
    case .adjacency, .boundary, .street, .address:
      // Few rows per district: the generic path is fast enough.
      for (field, value) in canonicalFields { w.field(field, value) }
    }
    return w.sink
  }

  /// A stable content hash for change detection: FNV-1a 64 (Fowler–Noll–Vo, as specified in
  /// draft-eastlake-fnv, offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the kind and
  /// the canonical fields (unit- and record-separated), as 16 lower-case hex digits. Equal for the
  /// same record however its file spelled it (aliases, labels, time formats, column order); the
  /// ledger tells a duplicate (same id, same fingerprint) from an update (same id, new fingerprint).
  /// Not cryptographic: it only compares two versions of the same id (a changed record reads as
  /// a duplicate with probability about 2⁻⁶⁴); each FNV step is a bijection of the state, so two
  /// canonical forms of equal length that differ in one byte never collide.
  /// - Complexity: O(record size).
  public var fingerprint: String {
    let h = writeCanonical(into: FNV1a64()).value
    return String(unsafeUninitializedCapacity: 16) { out in
      for k in 0..<16 {
        let nibble = UInt8(truncatingIfNeeded: h >> UInt64(60 - 4 * k)) & 0xF
        out[k] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
      }
      return 16
    }
  }

  /// The fingerprint stores written before FNV-1a: the first 128 bits of SHA-256 over the same
  /// bytes, 32 hex digits. Compared only against a stored fingerprint of that length, so
  /// re-ingesting a file into an older store still finds its rows duplicates.
  public var legacyFingerprint: String {
    let digest = SHA256.hash(data: canonicalBytes)
    return digest.withUnsafeBytes { Hex.encode(Array($0.prefix(16))) }
  }
}
