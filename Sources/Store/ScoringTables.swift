import Foundation
import GRDB
import Records

/// What scoring reads of the record tables, as stored: the shops and the incidents, petitions and
/// inspections as columns with no as-of cut (every row, every later time as recorded), each
/// event table with its rows' keys, in key order.
///
/// It is what `ScoringInputsCache` keeps beside the store. Any as-of day's scoring inputs are
/// cut from it (`cut(asOf:timeZone:)`, the rules of `Store.loadDistrict`), and an ingest's new
/// and replaced rows are merged into it (`merge`), so that a night's scoring reads the rows that
/// night's ingest wrote instead of every table.
struct ScoringTables: Sendable {
  /// Every shop, opened or not yet (its keys are `shops.ids`).
  var shops = ShopColumns()
  /// Every event, later times as stored: resolved, closed, accepted and rectified whenever that
  /// happened, statuses as recorded.
  var events = EventColumns()
  var incidentKeys = RowKeys()
  var petitionKeys = RowKeys()
  var inspectionKeys = RowKeys()
  /// The pseudonymized petitioner keys `events.petitions.petitioner` numbers stand for (needed to
  /// number a merged petition's petitioner as the kept rows number it).
  var petitioners = RowKeys()
}

extension Store {
  /// Reads the scoring tables — every row, or only those written by ingest files after ledger row
  /// `changedAfter` — in two halves side by side on two connections (`readSideBySide`), with
  /// `alongside` on the first connection, in the same transaction.
  func scoringTables<T: Sendable>(
    changedAfter: Int64?, alongside: @escaping @Sendable (Database) throws -> T
  ) throws -> (ScoringTables, T) {
    let all = TimeWindow(asOf: nil, from: nil, timeZone: .district)
    // About even halves at scale 100: the petitions, inspections and `alongside`; the incidents
    // and shops.
    @Sendable func firstHalf(_ db: Database) throws -> (ScoringTables, T) {
      var tables = ScoringTables()
      var keys: RowKeys? = RowKeys()
      var petitioners: RowKeys? = RowKeys()
      tables.events.petitions = try db.petitionColumns(
        window: all, changedAfter: changedAfter, keys: &keys, petitioners: &petitioners)
      tables.petitionKeys = keys!
      tables.petitioners = petitioners!
      keys = RowKeys()
      tables.events.inspections = try db.inspectionColumns(
        window: all, changedAfter: changedAfter, keys: &keys)
      tables.inspectionKeys = keys!
      return (tables, try alongside(db))
    }
    @Sendable func secondHalf(_ db: Database) throws -> ScoringTables {
      var tables = ScoringTables()
      var keys: RowKeys? = RowKeys()
      tables.events.incidents = try db.incidentColumns(window: all, changedAfter: changedAfter, keys: &keys)
      tables.incidentKeys = keys!
      tables.shops = try db.shopColumns(window: all, changedAfter: changedAfter)
      return tables
    }
    let ((first, read), second) = try readSideBySide(firstHalf, secondHalf)
    var tables = first
    tables.events.incidents = second.events.incidents
    tables.incidentKeys = second.incidentKeys
    tables.shops = second.shops
    return (tables, read)
  }
}
