import Foundation
import Records
import Testing

@testable import Ingest

/// The content fingerprint the ledger compares (FNV-1a 64 over the canonical bytes) and the
/// SHA-256 one older stores hold, both over exactly the bytes of `canonicalFields`.
@Suite("Content fingerprints")
struct ContentFingerprintTests {
  static let t0 = Date(timeIntervalSince1970: 1_683_419_400)  // 2023-05-07T00:30:00Z

  static let records: [NormalizedRecord] = [
    .grid(
      Grid(
        id: "G1", name: "一网格", subdistrictID: "S1", communityID: "C1", households: 120, population: -3,
        location: GeoPoint(lon: 110.5, lat: -40.25))),
    .grid(Grid(id: "G2", subdistrictID: "S1", communityID: "C1")),
    .adjacency(GridAdjacency(gridID: "G1", neighborID: "G2")),
    .address(AddressEntry(address: "幸福路1号", gridID: "G1")),
    .street(Street(id: "ST1", name: "幸福路", subdistrictID: "S1", chief: "张")),
    .shop(
      Shop(
        id: "SH1", name: "小店", streetID: "ST1", gridID: "G1", category: "shop.food",
        flags: ["hazmat", "gas"],
        location: GeoPoint(lon: 110.1234567, lat: 40.5), openedOn: Day(year: 2021, month: 7, day: 18))),
    .shop(Shop(id: "SH2", name: "店", streetID: "ST1", gridID: "G1", category: "shop.food")),
    .incident(
      Incident(
        id: "E1", occurredAt: t0, category: "public_order.fight", severity: 2, gridID: "G1",
        location: GeoPoint(lon: 110.1234567, lat: 40.5))),
    .incident(
      Incident(
        id: "E2", occurredAt: t0, category: "x", severity: 1, gridID: "G1", shopID: "SH1", status: .resolved,
        resolvedAt: t0.addingTimeInterval(3_661), source: "110")),
    .petition(
      Petition(
        id: "P1", receivedAt: t0, channel: .hotline, category: "petition.urban", petitionerKey: "k",
        petitionerCount: 2, gridID: "G1", dueAt: t0, closedAt: t0, satisfied: .yes)),
    .petition(
      Petition(id: "P2", receivedAt: t0, category: "petition.urban", gridID: "G1", acceptedAt: t0)),
    .inspection(
      Inspection(
        id: "I1", inspectedAt: t0, shopID: "SH1", inspector: "李", hazardsFound: 3, majorHazards: 1,
        hazardsRectified: 2, rectifyDue: t0, rectifiedAt: t0, result: .hazard)),
    .inspection(Inspection(id: "I2", inspectedAt: t0, shopID: "SH1", hazardsFound: 0)),
  ]

  @Test("the canonical bytes are canonicalFields joined (kind, then 0x1E field 0x1F value)")
  func canonicalBytes() {
    for record in Self.records {
      var expected = Array(record.kind.name.utf8)
      for (field, value) in record.canonicalFields {
        expected += [0x1E] + Array(field.utf8) + [0x1F] + Array(value.utf8)
      }
      #expect(record.canonicalBytes == expected, "\(record.kind.name) \(record.id)")
    }
  }

  @Test("known answers: FNV-1a 64 and the first 128 bits of SHA-256 of one incident's canonical form")
  func knownAnswers() {
    // Computed independently (Python hashlib and a textbook FNV-1a loop) over the bytes of
    // incidents␞incident_id␟E1␞occurred_at␟2023-05-07T00:30:00Z␞category␟public_order.fight␞
    // severity␟2␞grid_id␟G1␞lon␟110.1234567␞lat␟40.5000000␞shop_id␟␞status␟open␞resolved_at␟␞source␟
    let record = Self.records[7]
    #expect(record.fingerprint == "faffb2d153f6376b")
    #expect(record.legacyFingerprint == "5de6c0bdbd62e535c370abcded75d915")
  }

  @Test("fingerprints are 16 hex digits (legacy 32) and differ between the sample records")
  func shape() {
    let hex = Set("0123456789abcdef")
    for record in Self.records {
      #expect(record.fingerprint.count == 16 && record.fingerprint.allSatisfy(hex.contains))
      #expect(record.legacyFingerprint.count == 32 && record.legacyFingerprint.allSatisfy(hex.contains))
    }
    #expect(Set(Self.records.map(\.fingerprint)).count == Self.records.count)
  }

  @Test("canonical digits are the decimal number zero-padded to the width, in every digit count")
  func digits() {
    for width in 1...6 {
      for v in Array(0..<12_000) + [99_999, 123_456, 9_876_543_210] {
        var bytes: [UInt8] = []
        Canonical.digits(v, width: width, into: &bytes)
        let plain = String(v)
        let expected = String(repeating: "0", count: max(0, width - plain.count)) + plain
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
      }
    }
  }
}
