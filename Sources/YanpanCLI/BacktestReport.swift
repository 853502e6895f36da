import Evaluation
import Foundation
import Reports

/// How `yanpan backtest` prints a `Backtest`: a JSON object with the contract's keys, or tables.
enum BacktestReport {
  static func metrics(_ m: Backtest.Metrics) -> JSONValue {
    .object([
      ("pai", .number(m.pai)), ("pei", .number(m.pei)), ("hit_rate", .number(m.hitRate)),
      ("precision_at_k", .number(m.precisionAtK)), ("recall_at_k", .number(m.recallAtK)),
      ("lift", .number(m.lift)), ("auc", .optional(m.auc)), ("brier", .optional(m.brier)),
    ])
  }

  static func methods(_ byMethod: [String: Backtest.Metrics]) -> JSONValue {
    .object(Backtest.methods.map { ($0, metrics(byMethod[$0]!)) })
  }

  /// The contract's keys first (`grid`, `shop`, each with `model` and `naive`), the rest beside.
  static func json(_ b: Backtest, methods used: [String], seconds: Double) -> JSONValue {
    let c = b.configuration
    let byK: [JSONValue] = c.coverages.indices.map { i in
      .object([
        ("k", .number(c.coverages[i] * 100)),
        ("grid", methods(b.meanGrid(coverage: i))),
        ("shop", methods(b.meanShop(coverage: i, observedOnly: true))),
        ("shop_all", methods(b.meanShop(coverage: i, observedOnly: false))),
      ])
    }
    let origins: [JSONValue] = b.origins.enumerated().map { n, o in
      .object([
        ("origin", .string(o.origin.iso)),
        ("scored_with", .optional(n < used.count ? used[n] : nil)),
        ("grid_events", .number(o.gridEvents)),
        ("grid", .object(Backtest.methods.map { ($0, metrics(o.grid[$0]![0])) })),
        ("shop", .object(Backtest.methods.map { ($0, metrics(o.shopObserved[$0]![0])) })),
        ("days_earlier", .optional(o.daysEarlier?.meanDaysEarlier)),
        // The inspections with a finding behind days earlier, and their share reached in the first
        // half of the window's visits, in the actual order and in score order.
        ("days_earlier_positives", .optional(o.daysEarlier?.positives)),
        ("first_half_actual", .optional(o.daysEarlier?.firstHalfActual)),
        ("first_half_reordered", .optional(o.daysEarlier?.firstHalfReordered)),
        (
          "exposure",
          .array(
            o.exposure.rows.map { r in
              .object([
                ("subdistrict_id", .string(r.group)), ("list_count", .integer(r.listCount)),
                ("list_share", .number(r.listShare)), ("event_share", .number(r.eventShare)),
                ("ratio", .optional(r.ratio)), ("outside_band", .bool(r.outsideBand)),
                ("p_value", .number(r.pValue)), ("q_value", .number(r.qValue)), ("flagged", .bool(r.flagged)),
              ])
            })
        ),
      ])
    }
    let earlier = b.origins.compactMap(\.daysEarlier)
    return .object([
      ("k", .number(c.coverages[0] * 100)),
      ("horizon", .integer(c.horizon)),
      ("from", .string(c.from.iso)), ("to", .string(c.to.iso)), ("step", .integer(c.step)),
      ("grid", methods(b.meanGrid())),
      ("shop", methods(b.meanShop(observedOnly: true))),
      ("shop_all", methods(b.meanShop(observedOnly: false))),
      (
        "days_earlier",
        .optional(earlier.isEmpty ? nil : earlier.map(\.meanDaysEarlier).reduce(0, +) / Double(earlier.count))
      ),
      ("model_beats_naive_pai", .integer(b.originsModelBeatsNaive())),
      (
        "grid_pai_tie_spread",
        .object(Backtest.methods.map { ($0, .number(b.gridPAITieSpread[$0] ?? 0)) })
      ),
      (
        "pai_curve",
        .object(
          [("coverage", .array(Backtest.curveCoverages.map { .number($0) }))]
            + Backtest.methods.map { m in (m, .array(b.meanGridPAICurve[m]!.map { .number($0) })) })
      ),
      ("origin_count", .integer(b.origins.count)),
      ("stability", .array(b.stability.map { .number($0) })),
      ("by_k", .array(byK)),
      ("origins", .array(origins)),
      ("seconds", .number((seconds * 100).rounded() / 100)),
    ])
  }

  static func text(_ b: Backtest, methods used: [String], seconds: Double) -> String {
    let c = b.configuration
    var out: [String] = []
    out.append(
      "Backtest: \(b.origins.count) origins \(c.from.iso) … \(c.to.iso) every \(c.step) days, horizon \(c.horizon) days, "
        + "models: \(Set(used).sorted().joined(separator: ", ")); \(String(format: "%.1f", seconds)) s")
    for (i, coverage) in c.coverages.enumerated() {
      let label = String(format: "%g%%", coverage * 100)
      for (title, byMethod) in [
        ("grids (severity ≥ 2 incidents) at top \(label)", b.meanGrid(coverage: i)),
        ("shops inspected in the window at top \(label)", b.meanShop(coverage: i, observedOnly: true)),
        ("all shops at top \(label)", b.meanShop(coverage: i, observedOnly: false)),
      ] {
        var table = ReportTable(columns: [
          .init("method"), .init("hit_rate"), .init("pai"), .init("pei"), .init("precision_at_k"),
          .init("recall_at_k"), .init("lift"), .init("auc"),
        ])
        for m in Backtest.methods {
          let x = byMethod[m]!
          table.append([
            .text(m), .number(x.hitRate, digits: 3), .number(x.pai, digits: 2), .number(x.pei, digits: 3),
            .number(x.precisionAtK, digits: 3), .number(x.recallAtK, digits: 3), .number(x.lift, digits: 2),
            x.auc.map { Cell.number($0, digits: 3) } ?? .empty,
          ])
        }
        out.append("\n" + title + "\n" + table.terminal())
      }
    }
    var perOrigin = ReportTable(columns: [
      .init("origin"), .init("events"), .init("model_pai"), .init("naive_pai"), .init("kde_pai"),
      .init("days_earlier"),
    ])
    for o in b.origins {
      perOrigin.append([
        .text(o.origin.iso), .number(o.gridEvents, digits: 0), .number(o.grid["model"]![0].pai, digits: 2),
        .number(o.grid["naive"]![0].pai, digits: 2), .number(o.grid["kde"]![0].pai, digits: 2),
        o.daysEarlier.map { Cell.number($0.meanDaysEarlier, digits: 1) } ?? .empty,
      ])
    }
    out.append(
      "\nper origin (grids, top \(String(format: "%g%%", c.coverages[0] * 100)))\n" + perOrigin.terminal())
    var curve = ReportTable(columns: [.init("coverage")] + Backtest.methods.map { .init($0) })
    let means = b.meanGridPAICurve
    for (i, coverage) in Backtest.curveCoverages.enumerated() {
      curve.append(
        [.text(String(format: "%g%%", coverage * 100))]
          + Backtest.methods.map { Cell.number(means[$0]![i], digits: 2) })
    }
    out.append("\nPAI curve (grids, mean over origins)\n" + curve.terminal())
    let spread = b.gridPAITieSpread
    out.append(
      "ties: grid PAI at top \(String(format: "%g%%", c.coverages[0] * 100)) moves by "
        + Backtest.methods.map { "\($0) \(String(format: "%.2f", spread[$0] ?? 0))" }.joined(separator: ", ")
        + " (mean of highest − lowest over \(Backtest.tieSeeds) tie-break seeds)")
    out.append(
      "model beat naive on PAI at \(b.originsModelBeatsNaive()) of \(b.origins.count) origins; "
        + "top-list stability (Jaccard) "
        + b.stability.map { String(format: "%.2f", $0) }.joined(separator: " "))
    if let audit = b.origins.last?.exposure {
      let flagged = audit.rows.filter(\.flagged).map(\.group)
      let outside = audit.rows.filter(\.outsideBand).count
      out.append(
        "exposure audit (last origin): list share ÷ event share outside 0.8–1.25 for \(outside) of "
          + "\(audit.rows.count) subdistricts; more than chance (exact binomial test, BH q < 0.05) for "
          + (flagged.isEmpty ? "none" : flagged.joined(separator: ", ")))
    }
    return out.joined(separator: "\n")
  }
}
