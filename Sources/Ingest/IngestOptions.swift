import Foundation
import Records

/// How a reader normalizes what it reads: which coordinate system `lon`/`lat` are in, which zone a
/// time without a zone is in, the taxonomy and header aliases, the pseudonym key, and where
/// locations resolve to grids.
public struct IngestOptions: Sendable {
  /// The coordinate system of `lon`/`lat` (and of GeoJSON coordinates) in the input.
  public var crs: CoordinateSystem
  /// The zone of times written without one (the district's, Asia/Shanghai, by default).
  public var timeZone: TimeZone
  public var taxonomy: Taxonomy
  public var aliases: AliasMap
  /// Keys the petitioner pseudonym; see `PseudonymKey.load(orCreateAt:)`.
  public var key: PseudonymKey
  /// Resolves lon/lat, addresses and shop ids to grids.
  public var resolver: LocationResolver

  public init(
    crs: CoordinateSystem = .wgs84, timeZone: TimeZone = .district, taxonomy: Taxonomy,
    aliases: AliasMap = .contract, key: PseudonymKey, resolver: LocationResolver = LocationResolver()
  ) {
    self.crs = crs
    self.timeZone = timeZone
    self.taxonomy = taxonomy
    self.aliases = aliases
    self.key = key
    self.resolver = resolver
  }
}
