import Foundation
import GRDB
import GRDBSQLite
import Records

/// A prepared statement driven through SQLite's C interface: bind by position, step, reset.
///
/// GRDB's `StatementArguments` box every value; the ingest path binds millions of rows, so it
/// binds straight into the statement GRDB prepared (GRDB owns and finalizes it).
final class PreparedStatement {
  let statement: Statement
  let handle: OpaquePointer
  let connection: OpaquePointer
  private var index: Int32 = 0
  /// The current row's bound text, copied here by `bind(_: String)` and bound `SQLITE_STATIC`
  /// (SQLite reads it in place instead of allocating a copy per value); valid until `reset()`.
  private var text: UnsafeMutablePointer<UInt8>
  private var textCapacity = 1024
  private var textUsed = 0
  /// Buffers the current row outgrew: their text is still bound, so they are freed at `reset()`.
  private var outgrown: [UnsafeMutablePointer<UInt8>] = []

  init(_ db: Database, sql: String) throws {
    statement = try db.makeStatement(sql: sql)
    handle = statement.sqliteStatement
    connection = db.sqliteConnection!
    text = .allocate(capacity: textCapacity)
  }

  deinit {
    // Nothing steps the statement after this, so no bound text is read again.
    sqlite3_clear_bindings(handle)
    text.deallocate()
    for buffer in outgrown { buffer.deallocate() }
  }

  /// Forgets the previous row's bindings and result, ready for a new `bind…`/`step`: every
  /// parameter must be bound again before the next step (the previous row's text is reused).
  func reset() {
    sqlite3_reset(handle)
    index = 0
    textUsed = 0
    guard !outgrown.isEmpty else { return }
    // Bindings outlive a reset: unbind before freeing the text they point at.
    sqlite3_clear_bindings(handle)
    for buffer in outgrown { buffer.deallocate() }
    outgrown.removeAll(keepingCapacity: true)
  }

  func bind(_ value: String) {
    index += 1
    var value = value
    value.withUTF8 { bytes in
      let count = bytes.count
      if textUsed + count > textCapacity {
        // Earlier values of this row point into the old buffer: keep it until `reset()`.
        outgrown.append(text)
        textCapacity = max(textCapacity * 2, count)
        text = .allocate(capacity: textCapacity)
        textUsed = 0
      }
      let start = text + textUsed
      if count > 0 { start.initialize(from: bytes.baseAddress!, count: count) }
      textUsed += count
      _ = start.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
        // No destructor (`SQLITE_STATIC`): the bytes stay valid and unchanged until `reset()`.
        sqlite3_bind_text(handle, index, $0, Int32(count), nil)
      }
    }
  }

  func bind(_ value: String?) {
    if let value { bind(value) } else { bindNull() }
  }

  func bind(_ value: Int) {
    index += 1
    sqlite3_bind_int64(handle, index, Int64(value))
  }

  func bind(_ value: Int?) {
    if let value { bind(value) } else { bindNull() }
  }

  func bind(_ value: Double) {
    index += 1
    sqlite3_bind_double(handle, index, value)
  }

  func bind(_ value: Double?) {
    if let value { bind(value) } else { bindNull() }
  }

  /// Times are stored as seconds since 1970-01-01T00:00:00Z.
  func bind(_ value: Date?) { bind(value?.timeIntervalSince1970) }

  func bindNull() {
    index += 1
    sqlite3_bind_null(handle, index)
  }

  /// Runs a statement that returns no row.
  /// - Returns: how many rows it inserted, updated or deleted.
  @discardableResult
  func run() throws -> Int {
    let code = sqlite3_step(handle)
    guard code == SQLITE_DONE else { throw error(code) }
    return Int(sqlite3_changes(connection))
  }

  /// Steps to the next result row; false when there is none left.
  func next() throws -> Bool {
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW { return true }
    if code == SQLITE_DONE { return false }
    throw error(code)
  }

  private func error(_ code: Int32) -> DatabaseError {
    let message = String(cString: sqlite3_errmsg(connection))
    sqlite3_reset(handle)
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
  }

  // Reading the current result row by column position (0-based).

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  func text(_ column: Int32) -> String {
    guard let bytes = sqlite3_column_text(handle, column) else { return "" }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

  func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

  func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

  func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

  func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }

  /// Column `column` of the current row as a day (`Day(iso:)` of its text, read in place); nil
  /// when NULL or not a day.
  func day(_ column: Int32) -> Day? {
    guard let bytes = sqlite3_column_text(handle, column) else { return nil }
    return Day(isoUTF8: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))))
  }

  func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }
}
