/// The shops of a district as scoring and patrol lists read them: parallel columns instead of one
/// `Shop` value each (a million shops need no flag set, and no `String` per street or grid of
/// each shop).
///
/// Row i is the shop `ids[i]`, in grid `gridIDs[grid[i]]`, of category `categories[category[i]]`;
/// `flags[i]` holds its key-place flags as bits (`ShopColumns.hazmat`, `.crowded`, `.food`),
/// `openedOn[i]` the `Day.number` it opened (`ShopColumns.unknownDay` when not known), `open[i]`
/// whether its status is open. What lists print besides (`ShopRoster(_:)`): its name `names[i]`,
/// its street `streetIDs[street[i]]`, and its place (`lon[i]`, `lat[i]`) when `located[i]` (0
/// otherwise). Each grid id, street id and category is kept once.
public struct ShopColumns: Sendable, Equatable {
  public static let hazmat: UInt8 = 1
  public static let crowded: UInt8 = 2
  public static let food: UInt8 = 4
  /// `openedOn` of a shop whose opening day is not known.
  public static let unknownDay = Int32.max

  public var ids: [String] = []
  public var gridIDs: [String] = []
  public var grid: [Int32] = []
  public var categories: [String] = []
  public var category: [Int32] = []
  public var flags: [UInt8] = []
  public var openedOn: [Int32] = []
  public var open: [Bool] = []
  public var names: [String] = []
  public var streetIDs: [String] = []
  public var street: [Int32] = []
  public var located: [Bool] = []
  public var lon: [Double] = []
  public var lat: [Double] = []

  public init() {}

  /// The columns of `shops`, in their order.
  public init(_ shops: [Shop]) {
    var grids = TextNumbering()
    var codes = TextNumbering()
    var streets = TextNumbering()
    for shop in shops {
      ids.append(shop.id)
      grid.append(grids.number(shop.gridID))
      category.append(codes.number(shop.category))
      flags.append(Self.flagBits(shop.flags))
      openedOn.append(shop.openedOn.map { Int32($0.number) } ?? Self.unknownDay)
      open.append(shop.status == .open)
      names.append(shop.name)
      street.append(streets.number(shop.streetID))
      located.append(shop.location != nil)
      lon.append(shop.location?.lon ?? 0)
      lat.append(shop.location?.lat ?? 0)
    }
    (gridIDs, categories, streetIDs) = (grids.texts, codes.texts, streets.texts)
  }

  public var count: Int { ids.count }

  /// These columns without the roster's (names, streets, places: left empty), which scoring does
  /// not read: at scale 100 some 70 MB less held while a model is fitted.
  public var withoutRoster: ShopColumns {
    var c = self
    (c.names, c.streetIDs, c.street, c.located, c.lon, c.lat) = ([], [], [], [], [], [])
    return c
  }

  /// The bits of the contract's flags (`ShopFlag`) among `flags`; other flags are not kept.
  public static func flagBits(_ flags: Set<String>) -> UInt8 {
    var bits: UInt8 = 0
    if flags.contains(ShopFlag.hazmat.rawValue) { bits |= hazmat }
    if flags.contains(ShopFlag.crowded.rawValue) { bits |= crowded }
    if flags.contains(ShopFlag.food.rawValue) { bits |= food }
    return bits
  }
}
