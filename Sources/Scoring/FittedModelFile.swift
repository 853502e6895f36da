import Foundation
import Records

/// Writes a fitted model as the readable YAML that `ScoringModel(yaml:file:)` reads back.
enum FittedModelFile {
  static func yaml(
    model: ScoringModel, grid: FittedEntityModel, shop: FittedEntityModel, asOf: Day, firstDay: Day,
    fingerprint: String, district: String
  ) -> String {
    var out = """
      # Yanpan fitted risk model, written by `yanpan score`. Readable, and safe to keep under version control.
      # Coefficients apply to standardized inputs: z = (transform(x) - mean) / sd, where transform is
      # log(1 + x) for counts. Score = 1 / (1 + exp(-(intercept + sum coefficient * z))).
      model: \(model.name)
      version: "\(model.version)"
      method: fitted
      horizon_days: \(model.horizonDays)
      trained_as_of: "\(asOf.iso)"
      data_from: "\(firstDay.iso)"
      data_fingerprint: "\(fingerprint)"
      district: "\(district)"

      """
    if let nr = model.nearRepeat {
      out += """
        # Near-repeat (self-exciting) component, estimated by EM over a grid of decays and neighbour shares.
        nearrepeat:
          branching: \(num(nr.branching))
          decay_per_day: \(num(nr.decay))
          neighbor_share: \(num(nr.neighborShare))
          log_likelihood: \(num(nr.logLikelihood))
          events: \(nr.events)
          grids: \(nr.grids)

        """
    }
    out += section("grid", grid) + section("shop", shop)
    return out
  }

  static func section(_ entity: String, _ m: FittedEntityModel) -> String {
    var s = "\(entity):\n  fitted:\n"
    s += "    outcome: \"\(m.outcome)\"\n"
    s += "    lambda: \(num(m.lambda))\n"
    s += "    training_cuts: [\(m.training_cuts.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
    s += "    training_rows: \(m.training_rows)\n"
    s += "    training_positives: \(m.training_positives)\n"
    if let h = m.heldout {
      s += "    heldout:\n"
      s += "      cuts: [\(h.cuts.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
      s += "      rows: \(h.rows)\n      positives: \(h.positives)\n"
      s += "      auc: \(num(h.auc))\n      log_loss: \(num(h.log_loss))\n"
      s += "      log_loss_base_rate: \(num(h.log_loss_base_rate))\n"
    }
    s += "    intercept: \(num(m.intercept))\n"
    s += "    features:\n"
    for f in m.features {
      s +=
        "      - {name: \(f.name), mean: \(num(f.mean)), sd: \(num(f.sd)), coefficient: \(num(f.coefficient))}\n"
    }
    if let p = m.poisson {
      s += "    poisson:\n"
      s += "      outcome: \"\(p.outcome)\"\n"
      s += "      intercept: \(num(p.intercept))\n"
      s += "      coefficients: [\(p.coefficients.map(num).joined(separator: ", "))]\n"
    }
    return s
  }

  static func num(_ x: Double) -> String {
    x.isFinite ? String(format: "%.6g", x) : "0"
  }
}
