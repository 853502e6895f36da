import Records

extension PreparedDistrict {
  /// A 64-bit FNV-1a hash (hex) of the district's geography: grid ids, households, subdistricts
  /// and adjacency. Unlike `dataFingerprint` it stays the same as records arrive night after
  /// night, so a fitted model can tell the district it was trained on from another store's
  /// (Fowler–Noll–Vo, IETF draft-eastlake-fnv).
  public var districtKey: String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ v: UInt64) {
      var x = v
      for _ in 0..<8 {
        h = (h ^ (x & 0xff)) &* 0x100_0000_01b3
        x >>= 8
      }
    }
    for (g, id) in index.gridIDs.enumerated() {
      for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
      mix(index.households[g].bitPattern)
      mix(UInt64(UInt32(bitPattern: index.subdistrictOfGrid[g])))
    }
    for n in index.neighborStart { mix(UInt64(UInt32(bitPattern: n))) }
    for n in index.neighbors { mix(UInt64(UInt32(bitPattern: n))) }
    return String(h, radix: 16)
  }
}
