/// The shops as patrol lists read and print them: parallel columns of id, name, street, grid,
/// location and status instead of one `Shop` value each (a list of a million shops needs no
/// category or flag set, and no `String` per street or grid of each shop).
///
/// Row i is the shop `ids[i]` named `names[i]`, on street `streetIDs[street[i]]`, in grid
/// `gridIDs[grid[i]]`, located at (`lon[i]`, `lat[i]`) when `located[i]`, open when `open[i]`.
/// Each street and grid id is kept once.
public struct ShopRoster: Sendable {
  public var ids: [String] = []
  public var names: [String] = []
  public var streetIDs: [String] = []
  public var street: [Int32] = []
  public var gridIDs: [String] = []
  public var grid: [Int32] = []
  public var located: [Bool] = []
  public var lon: [Double] = []
  public var lat: [Double] = []
  public var open: [Bool] = []

  public init() {}

  /// The roster of `shops`, in their order.
  public init(_ shops: [Shop]) {
    var streets = TextNumbering()
    var grids = TextNumbering()
    reserveCapacity(shops.count)
    for shop in shops {
      ids.append(shop.id)
      names.append(shop.name)
      street.append(streets.number(shop.streetID))
      grid.append(grids.number(shop.gridID))
      located.append(shop.location != nil)
      lon.append(shop.location?.lon ?? 0)
      lat.append(shop.location?.lat ?? 0)
      open.append(shop.status == .open)
    }
    (streetIDs, gridIDs) = (streets.texts, grids.texts)
  }

  /// The roster of the shops `columns` hold, in their order (their columns shared, not copied).
  public init(_ columns: ShopColumns) {
    (ids, names, streetIDs, street) = (columns.ids, columns.names, columns.streetIDs, columns.street)
    (gridIDs, grid, located, lon, lat, open) = (
      columns.gridIDs, columns.grid, columns.located, columns.lon, columns.lat, columns.open
    )
  }

  public var count: Int { ids.count }

  /// Room for `count` shops in every per-shop column.
  public mutating func reserveCapacity(_ count: Int) {
    ids.reserveCapacity(count)
    names.reserveCapacity(count)
    street.reserveCapacity(count)
    grid.reserveCapacity(count)
    located.reserveCapacity(count)
    lon.reserveCapacity(count)
    lat.reserveCapacity(count)
    open.reserveCapacity(count)
  }

  /// Shop i's street id.
  public func streetID(at i: Int) -> String { streetIDs[Int(street[i])] }

  /// Shop i's grid id.
  public func gridID(at i: Int) -> String { gridIDs[Int(grid[i])] }

  /// Shop i's location, when it has one.
  public func location(at i: Int) -> GeoPoint? { located[i] ? GeoPoint(lon: lon[i], lat: lat[i]) : nil }
}
