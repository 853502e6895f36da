import Foundation
import GRDB
import Records

extension Store {
  /// Whether `id` is a stored grid or shop (a grid when it is both), nil when neither: one
  /// primary-key lookup each, for commands about one unit.
  public func unitKind(of id: String) throws -> RiskScore.Entity? {
    try queue.read { db in
      if try Int.fetchOne(db, sql: "SELECT 1 FROM grids WHERE id = ?", arguments: [id]) != nil {
        return .grid
      }
      if try Int.fetchOne(db, sql: "SELECT 1 FROM shops WHERE id = ?", arguments: [id]) != nil {
        return .shop
      }
      return nil
    }
  }

  /// The stored grid `id`, if any.
  public func grid(id: String) throws -> Grid? {
    try queue.read { db in try db.record(Grid.self, id: id) }
  }

  /// The stored shop `id`, if any.
  public func shop(id: String) throws -> Shop? {
    try queue.read { db in try db.record(Shop.self, id: id) }
  }

  /// The stored shops among `ids` (a key lookup each), in the order of `ids`.
  public func shops(ids: [String]) throws -> [Shop] {
    try queue.read { db in try ids.compactMap { try db.record(Shop.self, id: $0) } }
  }
}

extension Database {
  /// One record by its id (a primary-key lookup).
  func record<R: StorableRecord>(_ type: R.Type, id: String) throws -> R? {
    try fetch(R.self, sql: R.table.selectSQL + " WHERE id = ?") { $0.bind(id) }.first
  }
}
