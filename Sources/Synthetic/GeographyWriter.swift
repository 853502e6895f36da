import Foundation
import Records

/// Writes the district's geography: grids.csv, grid_adjacency.csv, grids.geojson, addresses.csv.
enum GeographyWriter {
  /// grids.csv in canonical columns. Population is households × 2.3–2.9 people.
  static func writeGrids(_ layout: DistrictLayout, to table: inout CSVTable, rng: inout Xoshiro256StarStar)
    throws
  {
    var ordinalInCommunity = [Int](repeating: 0, count: layout.communities.count)
    for g in 0..<layout.gridCount {
      let community = Int(layout.gridCommunity[g])
      ordinalInCommunity[community] += 1
      let households = layout.gridHouseholds[g]
      let perHousehold = (layout.gridUrban[g] ? 2.6 : 2.4) + 0.15 * (rng.uniform() * 2 - 1)
      table.text(layout.gridIDs[g])
      table.text(layout.communities[community].name + "第" + String(ordinalInCommunity[community]) + "网格")
      table.text(layout.subdistricts[Int(layout.gridSubdistrict[g])].id)
      table.text(layout.communities[community].id)
      table.text(layout.gridUrban[g] ? Grid.Kind.urban.rawValue : Grid.Kind.rural.rawValue)
      table.integer(households)
      table.integer(Int((Double(households) * perHousehold).rounded()))
      table.point(layout.lattice.centroid(layout.gridCell[g]))
      try table.endRow()
    }
  }

  /// grid_adjacency.csv: both directions of every pair of grids sharing an edge.
  static func writeAdjacency(_ layout: DistrictLayout, to table: inout CSVTable) throws {
    for g in 0..<layout.gridCount {
      for h in layout.neighbours(g) {
        table.text(layout.gridIDs[g])
        table.text(layout.gridIDs[Int(h)])
        try table.endRow()
      }
    }
  }

  /// grids.geojson: an RFC 7946 FeatureCollection, one Polygon per grid with `properties.grid_id`
  /// (and name-free hierarchy ids), closed counter-clockwise rings, one feature per line.
  static func writeBoundaries(_ layout: DistrictLayout, to writer: inout TextWriter) throws {
    writer.text(#"{"type":"FeatureCollection","features":["#)
    writer.byte(10)
    for g in 0..<layout.gridCount {
      writer.text(#"{"type":"Feature","properties":{"grid_id":""#)
      writer.text(layout.gridIDs[g])
      writer.text(#"","subdistrict_id":""#)
      writer.text(layout.subdistricts[Int(layout.gridSubdistrict[g])].id)
      writer.text(#"","community_id":""#)
      writer.text(layout.communities[Int(layout.gridCommunity[g])].id)
      writer.text(#""},"geometry":{"type":"Polygon","coordinates":[["#)
      for (i, p) in layout.lattice.ring(layout.gridCell[g]).enumerated() {
        if i > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.byte(UInt8(ascii: "["))
        writer.fixed(p.lon, decimals: 6)
        writer.byte(UInt8(ascii: ","))
        writer.fixed(p.lat, decimals: 6)
        writer.byte(UInt8(ascii: "]"))
      }
      writer.text("]]}}")
      if g + 1 < layout.gridCount { writer.byte(UInt8(ascii: ",")) }
      writer.byte(10)
      try writer.flushIfFull()
    }
    writer.text("]}")
    writer.byte(10)
  }

  /// The columns of addresses.csv.
  static let addressColumns = ["address", "grid_id"]

  /// addresses.csv: every door number of every street, with the grid it lies in.
  static func writeAddresses(_ layout: DistrictLayout, to table: inout CSVTable) throws {
    for street in layout.streets {
      for g in street.grids {
        for k in 0..<DistrictLayout.addressesPerGrid {
          table.text(layout.address(grid: g, k))
          table.text(layout.gridIDs[g])
          try table.endRow()
        }
      }
    }
  }
}
