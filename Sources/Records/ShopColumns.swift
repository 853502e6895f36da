/// The shops of a district as scoring reads them: parallel columns of the few fields it uses
/// instead of one `Shop` value each (names, streets, locations and flag sets are not needed to
/// score a million shops).
///
/// Row i is the shop `ids[i]`, in grid `gridIDs[grid[i]]`, of category `categories[category[i]]`;
/// `flags[i]` holds its key-place flags as bits (`ShopColumns.hazmat`, `.crowded`, `.food`),
/// `openedOn[i]` the `Day.number` it opened (`ShopColumns.unknownDay` when not known), `open[i]`
/// whether its status is open. Each grid id and category is kept once.
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

  public init() {}

  /// The columns of `shops`, in their order.
  public init(_ shops: [Shop]) {
    var grids = TextNumbering()
    var codes = TextNumbering()
    for shop in shops {
      ids.append(shop.id)
      grid.append(grids.number(shop.gridID))
      category.append(codes.number(shop.category))
      flags.append(Self.flagBits(shop.flags))
      openedOn.append(shop.openedOn.map { Int32($0.number) } ?? Self.unknownDay)
      open.append(shop.status == .open)
    }
    (gridIDs, categories) = (grids.texts, codes.texts)
  }

  public var count: Int { ids.count }

  /// The bits of the contract's flags (`ShopFlag`) among `flags`; other flags are not kept.
  public static func flagBits(_ flags: Set<String>) -> UInt8 {
    var bits: UInt8 = 0
    if flags.contains(ShopFlag.hazmat.rawValue) { bits |= hazmat }
    if flags.contains(ShopFlag.crowded.rawValue) { bits |= crowded }
    if flags.contains(ShopFlag.food.rawValue) { bits |= food }
    return bits
  }
}
