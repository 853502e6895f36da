/// The unit a hotspot list ranks (`--level`): grids, the communities (社区/村) or subdistricts
/// (街道/镇) they roll up into, or shops.
public enum HotspotLevel: String, Sendable, CaseIterable {
  case grid
  case community
  case subdistrict
  case shop
}
