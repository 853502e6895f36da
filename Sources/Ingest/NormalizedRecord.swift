import Foundation
import Records

/// One input row after normalization: a value of the record type its file holds, with canonical
/// codes, WGS-84 coordinates, resolved grid, and the petitioner replaced by its pseudonym.
public enum NormalizedRecord: Hashable, Sendable {
  case grid(Grid)
  case adjacency(GridAdjacency)
  case boundary(GridBoundary)
  case street(Street)
  case shop(Shop)
  case incident(Incident)
  case petition(Petition)
  case inspection(Inspection)
  case address(AddressEntry)

  public var kind: FileKind {
    switch self {
    case .grid: .records(.grids)
    case .adjacency: .records(.gridAdjacency)
    case .boundary: .boundaries
    case .street: .records(.streets)
    case .shop: .records(.shops)
    case .incident: .records(.incidents)
    case .petition: .records(.petitions)
    case .inspection: .records(.inspections)
    case .address: .addresses
    }
  }

  /// The record's identity for the ledger: its id field; `grid_id|neighbor_id` for adjacency,
  /// the normalized address for an address entry.
  public var id: String {
    switch self {
    case .grid(let g): g.id
    case .adjacency(let a): "\(a.gridID)|\(a.neighborID)"
    case .boundary(let b): b.gridID
    case .street(let s): s.id
    case .shop(let s): s.id
    case .incident(let i): i.id
    case .petition(let p): p.id
    case .inspection(let i): i.id
    case .address(let a): AddressTable.normalize(a.address)
    }
  }

  /// The record as canonical `(field, text)` pairs in the kind's column order: codes, not labels;
  /// times as UTC `YYYY-MM-DDTHH:MM:SSZ`; days as `YYYY-MM-DD`; coordinates to 7 decimals (≈1 cm);
  /// sets sorted. Two rows with the same canonical form are the same record.
  public var canonicalFields: [(field: String, value: String)] {
    let c = Canonical.self
    switch self {
    case .grid(let g):
      return [
        ("grid_id", g.id), ("name", g.name), ("subdistrict_id", g.subdistrictID),
        ("community_id", g.communityID), ("kind", g.kind.rawValue), ("households", c.int(g.households)),
        ("population", c.int(g.population)), ("lon", c.lon(g.location)), ("lat", c.lat(g.location)),
      ]
    case .adjacency(let a):
      return [("grid_id", a.gridID), ("neighbor_id", a.neighborID)]
    case .boundary(let b):
      let rings = b.polygons.map { polygon in
        polygon.map { ring in ring.map { "\(c.degrees($0.lon)) \(c.degrees($0.lat))" }.joined(separator: ",")
        }
        .joined(separator: ";")
      }
      return [("grid_id", b.gridID), ("polygons", rings.joined(separator: "|"))]
    case .street(let s):
      return [
        ("street_id", s.id), ("name", s.name), ("subdistrict_id", s.subdistrictID), ("chief", s.chief),
        ("members", Street.Member.format(s.members)), ("partner", s.partner ?? ""),
        ("daily_capacity", String(s.dailyCapacity)),
      ]
    case .shop(let s):
      return [
        ("shop_id", s.id), ("name", s.name), ("street_id", s.streetID), ("grid_id", s.gridID),
        ("category", s.category), ("flags", s.flags.sorted().joined(separator: ";")),
        ("lon", c.lon(s.location)), ("lat", c.lat(s.location)), ("opened_on", c.day(s.openedOn)),
        ("status", s.status.rawValue),
      ]
    case .incident(let i):
      return [
        ("incident_id", i.id), ("occurred_at", c.time(i.occurredAt)), ("category", i.category),
        ("severity", String(i.severity)), ("grid_id", i.gridID), ("lon", c.lon(i.location)),
        ("lat", c.lat(i.location)), ("shop_id", i.shopID ?? ""), ("status", i.status.rawValue),
        ("resolved_at", c.time(i.resolvedAt)), ("source", i.source ?? ""),
      ]
    case .petition(let p):
      // `accepted_at` came after the first stores: it joins the canonical form only when present, so
      // the fingerprints of rows without it (and re-ingests of older files) stay as they were.
      return [
        ("petition_id", p.id), ("received_at", c.time(p.receivedAt)), ("channel", p.channel?.rawValue ?? ""),
        ("category", p.category), ("petitioner_key", p.petitionerKey ?? ""),
        ("petitioner_count", String(p.petitionerCount)), ("grid_id", p.gridID), ("lon", c.lon(p.location)),
        ("lat", c.lat(p.location)), ("due_at", c.time(p.dueAt)), ("closed_at", c.time(p.closedAt)),
        ("satisfied", p.satisfied.rawValue),
      ] + (p.acceptedAt.map { [("accepted_at", c.time($0))] } ?? [])
    case .inspection(let i):
      return [
        ("inspection_id", i.id), ("inspected_at", c.time(i.inspectedAt)), ("shop_id", i.shopID),
        ("inspector", i.inspector ?? ""), ("hazards_found", String(i.hazardsFound)),
        ("major_hazards", String(i.majorHazards)), ("hazards_rectified", String(i.hazardsRectified)),
        ("rectify_due", c.time(i.rectifyDue)), ("rectified_at", c.time(i.rectifiedAt)),
        ("result", i.result.rawValue),
      ]
    case .address(let a):
      return [("address", a.address), ("grid_id", a.gridID)]
    }
  }
}

/// The canonical text forms of values, shared by fingerprints and anything that writes records back.
enum Canonical {
  static func int(_ v: Int?) -> String { v.map(String.init) ?? "" }

  /// Degrees to 7 decimals (≈1 cm), without a trailing `-0`.
  static func degrees(_ v: Double) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    appendDegrees(v, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `degrees(v)`'s bytes.
  static func appendDegrees<Sink: CanonicalSink>(_ v: Double, into bytes: inout Sink) {
    let scaled = (v * 1e7).rounded()
    let negative = scaled < 0
    let magnitude = Int64(abs(scaled))
    if negative && magnitude != 0 { bytes.append(UInt8(ascii: "-")) }
    digits(Int(magnitude / 10_000_000), width: 1, into: &bytes)
    bytes.append(UInt8(ascii: "."))
    digits(Int(magnitude % 10_000_000), width: 7, into: &bytes)
  }

  static func lon(_ p: GeoPoint?) -> String { p.map { degrees($0.lon) } ?? "" }
  static func lat(_ p: GeoPoint?) -> String { p.map { degrees($0.lat) } ?? "" }

  /// `YYYY-MM-DD`, or empty.
  static func day(_ day: Day?) -> String {
    guard let day else { return "" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(10)
    append(day, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// UTC `YYYY-MM-DDTHH:MM:SSZ` (whole seconds; fractions are dropped).
  static func time(_ date: Date?) -> String {
    guard let date else { return "" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(20)
    appendTime(date, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `time(date)`'s bytes.
  static func appendTime<Sink: CanonicalSink>(_ date: Date, into bytes: inout Sink) {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let dayNumber = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    let inDay = seconds - dayNumber * 86_400
    append(Day(dayNumber), into: &bytes)
    bytes.append(UInt8(ascii: "T"))
    digits(inDay / 3600, width: 2, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
    digits(inDay / 60 % 60, width: 2, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
    digits(inDay % 60, width: 2, into: &bytes)
    bytes.append(UInt8(ascii: "Z"))
  }

  private static func append<Sink: CanonicalSink>(_ day: Day, into bytes: inout Sink) {
    let (y, m, d) = day.components
    digits(y, width: 4, into: &bytes)
    bytes.append(UInt8(ascii: "-"))
    digits(m, width: 2, into: &bytes)
    bytes.append(UInt8(ascii: "-"))
    digits(d, width: 2, into: &bytes)
  }

  /// Appends the decimal digits of a non-negative `v`, zero-padded to `width`.
  static func digits<Sink: CanonicalSink>(_ v: Int, width: Int, into bytes: inout Sink) {
    // Fast path for the 1-4 digit fields of times and days: the digits most significant first.
    if width <= 4 && v >= 0 && v < 10_000 {
      var scale =
        v >= 1000 || width == 4 ? 1000 : v >= 100 || width == 3 ? 100 : v >= 10 || width == 2 ? 10 : 1
      var x = v
      while scale > 0 {
        bytes.append(UInt8(truncatingIfNeeded: x / scale) + 0x30)
        x %= scale
        scale /= 10
      }
      return
    }
    var tmp:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    var x = max(0, v)
    withUnsafeMutableBytes(of: &tmp) { buf in
      repeat {
        buf[n] = UInt8(truncatingIfNeeded: x % 10) + 0x30
        x /= 10
        n += 1
      } while x > 0 && n < 20
      while n < width && n < 20 {
        buf[n] = 0x30
        n += 1
      }
      for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
    }
  }
}

/// Lower-case hexadecimal.
enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes an even-length hex string (either case, surrounding whitespace ignored); nil if not hex.
  static func decode(_ text: String) -> [UInt8]? {
    let chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 2)
    var i = 0
    while i < chars.count {
      guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }
}
