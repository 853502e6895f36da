import Foundation
import Records

/// A district made ready for scoring at an as-of day: ids mapped to dense indices, every record
/// dated after the as-of day dropped, events in contiguous day-sorted columns.
///
/// Build it once and hand it to `ModelTrainer.fit` and `Scorer.score`.
/// - Complexity: O(records · log records).
public struct PreparedDistrict: Sendable {
  public let asOf: Day
  public let taxonomy: Taxonomy
  package let index: DistrictIndex
  package let tables: EventTables
  package let builder: FeatureBuilder

  public init(_ district: District, asOf: Day, taxonomy: Taxonomy, zone: TimeZone = .district) {
    self.asOf = asOf
    self.taxonomy = taxonomy
    let shops = ShopColumns(district.shops)
    index = DistrictIndex(district, shops: shops)
    tables = EventTables(district, index: index, taxonomy: taxonomy, cutoff: asOf, zone: zone)
    builder = FeatureBuilder(shops: shops, index: index, tables: tables, taxonomy: taxonomy)
  }

  /// The same from a district's grids, adjacency and shops (its event lists unused) and its events
  /// as columns, as `Store.loadScoringInputs` reads them as of `asOf`: equal to the district-based
  /// value (same tables, scores and fingerprint) for the same records.
  public init(
    _ district: District, events: EventColumns, asOf: Day, taxonomy: Taxonomy, zone: TimeZone = .district
  ) {
    self.init(
      district, shops: ShopColumns(district.shops), events: events, asOf: asOf, taxonomy: taxonomy, zone: zone
    )
  }

  /// The same from a district's grids and adjacency (its shop and event lists unused), its shops
  /// and its events as columns, as `Store.loadScoringColumns` reads them as of `asOf`: equal to
  /// the district-based value (same tables, scores and fingerprint) for the same records.
  public init(
    _ district: District, shops: ShopColumns, events: EventColumns, asOf: Day, taxonomy: Taxonomy,
    zone: TimeZone = .district
  ) {
    self.asOf = asOf
    self.taxonomy = taxonomy
    index = DistrictIndex(district, shops: shops)
    tables = EventTables(events, index: index, taxonomy: taxonomy, cutoff: asOf, zone: zone)
    builder = FeatureBuilder(shops: shops, index: index, tables: tables, taxonomy: taxonomy)
  }

  public var gridIDs: [String] { index.gridIDs }
  public var shopIDs: [String] { index.shopIDs }

  /// Incidents, petitions and inspections on or before the as-of day.
  public var recordCount: Int { tables.incidentCount + tables.petitionRows + tables.inspectionCount }

  /// Days between the first record and the as-of day.
  public var historyDays: Int { Int(tables.cutoff - tables.firstDay) }

  /// A 64-bit FNV-1a hash (hex) of everything scoring reads: entity ids and every event column
  /// (Fowler–Noll–Vo, as in IETF draft-eastlake-fnv). Made on each use, one pass over every event
  /// (about 0.4 s at scale 100): keep it rather than ask twice.
  public var dataFingerprint: String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) func mix(_ v: UInt64) {
      var x = v
      for _ in 0..<8 {
        h = (h ^ (x & 0xff)) &* 0x100_0000_01b3
        x >>= 8
      }
    }
    for id in index.gridIDs { for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
    for id in index.shopIDs { for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
    let t = tables
    for k in 0..<t.incidentCount {
      mix(UInt64(UInt32(bitPattern: t.incidentGrid[k])) << 32 | UInt64(UInt32(bitPattern: t.incidentDay[k])))
      mix(
        UInt64(UInt32(bitPattern: t.incidentShop[k])) << 16 | UInt64(t.incidentSeverity[k]) << 8
          | UInt64(t.incidentGroup[k]))
      mix(UInt64(UInt32(bitPattern: t.incidentResolved[k])))
    }
    for k in 0..<t.petitionRows {
      mix(UInt64(UInt32(bitPattern: t.petitionGrid[k])) << 32 | UInt64(UInt32(bitPattern: t.petitionDay[k])))
      mix(
        UInt64(UInt32(bitPattern: t.petitionClosed[k])) << 32 | UInt64(UInt32(bitPattern: t.petitionDue[k])))
      mix(
        UInt64(UInt32(bitPattern: t.petitioner[k])) << 16 | UInt64(UInt8(bitPattern: t.petitionSatisfied[k])))
      mix(UInt64(UInt32(bitPattern: t.petitionAccepted[k])))
    }
    for k in 0..<t.inspectionCount {
      mix(
        UInt64(UInt32(bitPattern: t.inspectionShop[k])) << 32 | UInt64(UInt32(bitPattern: t.inspectionDay[k]))
      )
      mix(UInt64(UInt32(t.inspectionHazards[k])) << 32 | UInt64(UInt32(t.inspectionRectified[k])))
      mix(
        UInt64(UInt32(bitPattern: t.inspectionRectifiedDay[k])) << 32
          | UInt64(UInt32(bitPattern: t.inspectionDue[k])))
    }
    return String(h, radix: 16)
  }
}
