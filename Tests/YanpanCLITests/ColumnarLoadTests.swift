import Foundation
import Records
import Scoring
import Store
import TestSupport
import Testing

/// Every column of two event tables, by name, for comparing them field by field.
private func columns(_ t: EventTables) -> [String: [Int64]] {
  func c<T: BinaryInteger>(_ v: [T]) -> [Int64] { v.map { Int64($0) } }
  return [
    "incidentGrid": c(t.incidentGrid), "incidentShop": c(t.incidentShop), "incidentDay": c(t.incidentDay),
    "incidentGroup": c(t.incidentGroup), "incidentSeverity": c(t.incidentSeverity),
    "incidentDispute": t.incidentDispute.map { $0 ? 1 : 0 }, "incidentResolved": c(t.incidentResolved),
    "petitionGrid": c(t.petitionGrid), "petitionDay": c(t.petitionDay), "petitionDue": c(t.petitionDue),
    "petitionClosed": c(t.petitionClosed), "petitionSatisfied": c(t.petitionSatisfied),
    "petitioner": c(t.petitioner), "petitionCount": c(t.petitionCount),
    "petitionAccepted": c(t.petitionAccepted), "inspectionShop": c(t.inspectionShop),
    "inspectionDay": c(t.inspectionDay), "inspectionHazards": c(t.inspectionHazards),
    "inspectionMajor": c(t.inspectionMajor), "inspectionRectified": c(t.inspectionRectified),
    "inspectionDue": c(t.inspectionDue), "inspectionRectifiedDay": c(t.inspectionRectifiedDay),
    "inspectionSuspended": t.inspectionSuspended.map { $0 ? 1 : 0 },
    "scalars": [Int64(t.petitionerCount), t.tracksAcceptance ? 1 : 0, Int64(t.cutoff)],
  ]
}

/// What the shop features are built from, by name, for comparing two preparations.
private func shopInputs(_ p: PreparedDistrict) -> [String: [Double]] {
  let b = p.builder
  return [
    "severity": b.shopCategorySeverity, "flags": b.shopFlags.map(Double.init),
    "opened": b.shopOpened.map(Double.init), "open": b.shopOpen.map { $0 ? 1 : 0 },
    "grid": p.index.gridOfShop.map(Double.init),
  ]
}

/// The district-based and the column-based preparation of one store as of one day; the one with
/// the shops read as columns too (`loadScoringColumns`) is checked to equal the column-based one.
private func bothWays(_ store: Store, asOf: Day) throws -> (
  records: PreparedDistrict, columns: PreparedDistrict
) {
  let district = try store.loadDistrict(asOf: asOf, parts: .scoring)
  let (structured, events) = try store.loadScoringInputs(asOf: asOf)
  let (grids, shops, allEvents) = try store.loadScoringColumns(asOf: asOf)
  #expect(grids.shops.isEmpty && grids.grids == structured.grids && grids.adjacency == structured.adjacency)
  #expect(shops == ShopColumns(structured.shops))
  let columns = PreparedDistrict(structured, events: events, asOf: asOf, taxonomy: Fixtures.taxonomy)
  let allColumns = PreparedDistrict(
    grids, shops: shops, events: allEvents, asOf: asOf, taxonomy: Fixtures.taxonomy)
  #expect(allColumns.shopIDs == columns.shopIDs)
  #expect(shopInputs(allColumns) == shopInputs(columns))
  #expect(allColumns.dataFingerprint == columns.dataFingerprint)
  return (PreparedDistrict(district, asOf: asOf, taxonomy: Fixtures.taxonomy), columns)
}

@Suite("Scoring inputs read as columns equal those read as records", .serialized)
struct ColumnarLoadTests {
  @Test(
    "a synthetic district: the same tables, ids and fingerprint at a cut inside its history and at its end")
  func synthetic() throws {
    let store = try Store(path: SmallDistrict.shared.ingestedStore("columns").path)
    for asOf in [Day(year: 2026, month: 6, day: 15), Day(year: 2026, month: 12, day: 31)] {
      let (a, b) = try bothWays(store, asOf: asOf)
      #expect(a.recordCount > 1000)
      #expect(a.gridIDs == b.gridIDs)
      #expect(a.shopIDs == b.shopIDs)
      #expect(columns(a.tables) == columns(b.tables))
      #expect(a.tables.incidentGroups == b.tables.incidentGroups)
      #expect(a.dataFingerprint == b.dataFingerprint)
    }
  }

  @Test("ties in time are broken by id, and outcomes after the cut read as not yet happened")
  func tiesAndCut() throws {
    let folder = try Fixtures.temporaryDirectory("columns")
    let store = try Store(path: folder.appendingPathComponent("t.sqlite").path)
    let at = { (day: Int, hour: Int) in Fixtures.date(2023, 5, day, hour: hour) }
    try store.write { w in
      try w.beginFile(path: "all", kind: "mixed", contentHash: nil)
      for (i, g) in ["G2", "G1"].enumerated() {
        let grid = Grid(id: g, name: g, subdistrictID: "S1", communityID: "C1", kind: .urban, households: 100)
        try w.put(grid, fingerprint: "g\(i)", line: 1)
      }
      try w.put(GridAdjacency(gridID: "G1", neighborID: "G2"), fingerprint: "adj", line: 1)
      let shops = [
        Shop(
          id: "SH2", name: "b", streetID: "ST1", gridID: "G2", category: "food.restaurant",
          flags: ["hazmat", "food", "odd"], status: .closed),
        Shop(
          id: "SH1", name: "a", streetID: "ST1", gridID: "G1", category: "food.restaurant",
          openedOn: Day(year: 2023, month: 6, day: 1)),
      ]
      for s in shops { try w.put(s, fingerprint: s.id, line: 1) }
      // Ids out of time order; E-c and E-a at the same instant; E-z on the day of E-c but earlier.
      let incidents = [
        Incident(id: "E-c", occurredAt: at(9, 14), category: "dispute.neighbor", severity: 3, gridID: "G1"),
        Incident(
          id: "E-a", occurredAt: at(9, 14), category: "public_order.fight", severity: 5, gridID: "G2",
          shopID: "SH2", status: .resolved, resolvedAt: at(12, 9)),
        Incident(
          id: "E-z", occurredAt: at(9, 8), category: "unknown.code", severity: 1, gridID: "G1",
          status: .mediated),
        Incident(id: "E-b", occurredAt: at(8, 20), category: "dispute.neighbor", severity: 2, gridID: "G9"),
        Incident(
          id: "E-y", occurredAt: at(7, 1), category: "dispute.neighbor", severity: 2, gridID: "G2",
          status: .resolved, resolvedAt: at(8, 1)),
        Incident(
          id: "E-future", occurredAt: at(11, 1), category: "dispute.neighbor", severity: 2, gridID: "G1"),
      ]
      for e in incidents { try w.put(e, fingerprint: e.id, line: 1) }
      let petitions = [
        Petition(
          id: "P-2", receivedAt: at(9, 10), category: "petition.housing", petitionerKey: "k-b", gridID: "G1",
          dueAt: at(20, 0), closedAt: at(15, 0), satisfied: .yes, acceptedAt: at(11, 0)),
        Petition(
          id: "P-1", receivedAt: at(9, 10), category: "petition.housing", petitionerKey: "k-a",
          petitionerCount: 7, gridID: "G2", closedAt: at(9, 18), satisfied: .no, acceptedAt: at(9, 12)),
        Petition(
          id: "P-3", receivedAt: at(3, 10), category: "petition.housing", petitionerKey: "k-a", gridID: "G2"),
        Petition(
          id: "P-4", receivedAt: at(4, 10), category: "petition.housing", petitionerKey: "", gridID: "G1"),
      ]
      for p in petitions { try w.put(p, fingerprint: p.id, line: 1) }
      let inspections = [
        Inspection(
          id: "I-2", inspectedAt: at(5, 9), shopID: "SH2", hazardsFound: 3, majorHazards: 1,
          hazardsRectified: 3,
          rectifyDue: at(12, 0), rectifiedAt: at(14, 0)),
        Inspection(
          id: "I-1", inspectedAt: at(5, 9), shopID: "SH2", hazardsFound: 2, hazardsRectified: 2,
          result: .suspended),
        Inspection(id: "I-0", inspectedAt: at(6, 9), shopID: "SH1", hazardsFound: 1),
      ]
      for i in inspections { try w.put(i, fingerprint: i.id, line: 1) }
      try w.endFile()
    }
    for asOf in [Day(year: 2023, month: 5, day: 10), Day(year: 2023, month: 6, day: 30)] {
      let (a, b) = try bothWays(store, asOf: asOf)
      #expect(a.recordCount > 5)
      #expect(a.shopIDs == b.shopIDs)
      #expect(columns(a.tables) == columns(b.tables))
      #expect(a.dataFingerprint == b.dataFingerprint)
    }
    // At 10 May: E-future and the shop opened in June are not read; E-a's resolution (12 May) is
    // not yet known, E-z's (mediated, no time) counts from the day it happened.
    let (_, cut) = try bothWays(store, asOf: Day(year: 2023, month: 5, day: 10))
    #expect(cut.shopIDs == ["SH2"])
    let shops = try store.loadScoringColumns(asOf: Day(year: 2023, month: 5, day: 10)).shops
    #expect(shops.flags == [ShopColumns.hazmat | ShopColumns.food] && shops.open == [false])
    #expect(cut.tables.incidentCount == 4)  // E-b names a grid the district lacks
    #expect(cut.tables.incidentResolved.filter { $0 != EventTables.never }.count == 2)
  }
}
