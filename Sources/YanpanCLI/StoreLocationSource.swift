import Foundation
import Ingest
import Records
import Store

/// The store's location tables as `LocationResolver.readingOnDemand` reads them, through a
/// `Store.LocationReader`. Its first failed read is kept in `failure` for the run to throw
/// (nothing is then stored); every read after it answers empty.
final class StoreLocationSource: LocationSource, @unchecked Sendable {
  private let reader: Store.LocationReader
  private let lock = NSLock()
  private var error: (any Error)?

  init(_ reader: Store.LocationReader) {
    self.reader = reader
  }

  /// The first read that failed, if any.
  var failure: (any Error)? {
    lock.lock()
    defer { lock.unlock() }
    return error
  }

  private func read<T>(_ empty: T, _ body: () throws -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    guard error == nil else { return empty }
    do { return try body() } catch {
      self.error = error
      return empty
    }
  }

  func hasGrids() -> Bool { read(false) { try reader.hasGrids() } }
  func gridExists(_ id: String) -> Bool { read(false) { try reader.gridExists(id) } }
  func gridIDs() -> Set<String> { read([]) { try reader.gridIDs() } }
  func boundaryBoxes() -> [(gridID: String, polygon: Int, box: GeoBox)] {
    read([]) { try reader.boundaryBoxes() }
  }
  func boundary(_ id: String) -> GridBoundary? { read(nil) { try reader.boundary(id) } }
  func addresses(from lower: String, below upper: String?, limit: Int) -> [(id: String, gridID: String)] {
    read([]) { try reader.addresses(from: lower, below: upper, limit: limit) }
  }
  func addresses() -> [AddressEntry] { read([]) { try reader.addresses() } }
  func shopGrid(_ id: String) -> String? { read(nil) { try reader.shopGrid(id) } }
  func shopGrids() -> [String: String] { read([:]) { try reader.shopGrids() } }
}
