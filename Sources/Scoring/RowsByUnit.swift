/// The rows of an event table regrouped by the unit (grid or shop) each names: unit u's rows are
/// positions `range(of: u)`, and `order[p]` is the table row at position p. Within a unit the rows
/// keep their table order (a stable counting sort), so a pass over a unit's rows adds them in the
/// same order as a pass over the whole table would. Rows whose unit is negative (none) are left
/// out.
/// - Complexity: O(rows + units).
struct RowsByUnit: Sendable {
  /// Unit u's rows are positions `start[u]..<start[u + 1]`.
  let start: [Int]
  let order: [Int32]

  /// `unit[k]` is row k's unit, below `units` or negative.
  init(_ unit: [Int32], units: Int) {
    var start = [Int](repeating: 0, count: units + 1)
    for u in unit where u >= 0 {
      precondition(Int(u) < units, "an event of an unknown unit in the scoring tables")
      start[Int(u) + 1] += 1
    }
    for u in 0..<units { start[u + 1] += start[u] }
    var next = start
    var order = [Int32](repeating: 0, count: start[units])
    for (k, u) in unit.enumerated() where u >= 0 {
      order[next[Int(u)]] = Int32(k)
      next[Int(u)] += 1
    }
    self.start = start
    self.order = order
  }

  func range(of unit: Int) -> Range<Int> { start[unit]..<start[unit + 1] }

  /// `column`'s values in this order.
  func regrouped<T>(_ column: [T]) -> [T] { order.map { column[Int($0)] } }
}
