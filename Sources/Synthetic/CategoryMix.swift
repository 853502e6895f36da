import Records

/// A weighted choice among taxonomy codes; codes the taxonomy does not have are dropped, so an
/// analyst's edited taxonomy never makes the generator write an unknown code.
package struct CategoryMix: Sendable {
  package let codes: [String]
  package let severities: [Int]
  let weights: [Double]

  package init(_ weights: KeyValuePairs<String, Double>, taxonomy: Taxonomy) {
    var codes: [String] = []
    var severities: [Int] = []
    var kept: [Double] = []
    for (code, w) in weights {
      guard let category = taxonomy.category(code: code) else { continue }
      codes.append(code)
      severities.append(category.severity)
      kept.append(w)
    }
    precondition(!codes.isEmpty, "the taxonomy lacks every category of a mix")
    self.codes = codes
    self.severities = severities
    self.weights = kept
  }

  /// Index of a drawn code.
  package func draw(_ rng: inout Xoshiro256StarStar) -> Int { rng.pick(weights) }

  /// Share of each code in the mix, by code.
  package func shares() -> [(String, Double)] {
    let total = weights.reduce(0, +)
    return zip(codes, weights).map { ($0, $1 / total) }
  }
}

/// The category mixes of incidents and petitions (relative weights; see datasets/README.md).
package struct CategoryMixes: Sendable {
  package let incidents: CategoryMix
  package let disputes: CategoryMix
  package let shopIncidents: CategoryMix
  package let shopDisputes: CategoryMix
  package let petitions: CategoryMix

  package init(taxonomy: Taxonomy) {
    incidents = CategoryMix(
      [
        "public_order.fight": 0.08, "public_order.injury": 0.03, "public_order.disturbance": 0.12,
        "public_order.gambling": 0.03, "property.theft": 0.15, "property.burglary": 0.04,
        "property.fraud": 0.10,
        "safety.fire": 0.03, "safety.gas": 0.02, "safety.traffic": 0.10, "safety.production": 0.02,
        "environment.noise": 0.12, "environment.sanitation": 0.10, "environment.illegal_building": 0.04,
        "vulnerable.welfare": 0.02,
      ], taxonomy: taxonomy)
    disputes = CategoryMix(
      [
        "dispute.neighbor": 0.30, "dispute.family": 0.20, "dispute.property_mgmt": 0.15,
        "dispute.labor": 0.08,
        "dispute.land": 0.04, "dispute.consumer": 0.08, "dispute.debt": 0.08, "dispute.medical": 0.03,
        "dispute.traffic": 0.04,
      ], taxonomy: taxonomy)
    shopIncidents = CategoryMix(
      [
        "safety.fire": 0.15, "safety.gas": 0.10, "safety.production": 0.10, "environment.sanitation": 0.20,
        "environment.noise": 0.15, "public_order.fight": 0.15, "property.theft": 0.15,
      ], taxonomy: taxonomy)
    shopDisputes = CategoryMix(["dispute.consumer": 0.7, "dispute.labor": 0.3], taxonomy: taxonomy)
    petitions = CategoryMix(
      [
        "petition.housing": 0.15, "petition.land": 0.08, "petition.labor": 0.18, "petition.environment": 0.10,
        "petition.legal": 0.08, "petition.urban": 0.16, "petition.property_mgmt": 0.15,
        "petition.sanitation": 0.10,
      ], taxonomy: taxonomy)
  }
}
