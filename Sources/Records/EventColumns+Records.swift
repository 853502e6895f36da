import Foundation

/// Columns from records already in memory (a hand-built district, a test's records): the same
/// columns the store reads, in the records' order, each id interned once in order of first
/// appearance. No as-of cut is applied: the records are taken as they are.
extension EventColumns.Incidents {
  public init(_ incidents: [Incident]) {
    self.init()
    var grids = TextNumbering(), shops = TextNumbering(), codes = TextNumbering()
    for incident in incidents {
      time.append(incident.occurredAt.timeIntervalSince1970)
      grid.append(grids.number(incident.gridID))
      shop.append(incident.shopID.map { shops.number($0) } ?? -1)
      category.append(codes.number(incident.category))
      severity.append(Int32(clamping: incident.severity))
      resolvedAt.append(incident.resolvedAt?.timeIntervalSince1970 ?? .nan)
      settled.append(incident.status == .resolved || incident.status == .mediated)
    }
    (gridIDs, shopIDs, categories) = (grids.texts, shops.texts, codes.texts)
  }
}

extension EventColumns.Inspections {
  public init(_ inspections: [Inspection]) {
    self.init()
    var shops = TextNumbering()
    for inspection in inspections {
      time.append(inspection.inspectedAt.timeIntervalSince1970)
      shop.append(shops.number(inspection.shopID))
      hazardsFound.append(Int32(clamping: inspection.hazardsFound))
      majorHazards.append(Int32(clamping: inspection.majorHazards))
      hazardsRectified.append(Int32(clamping: inspection.hazardsRectified))
      rectifyDue.append(inspection.rectifyDue?.timeIntervalSince1970 ?? .nan)
      rectifiedAt.append(inspection.rectifiedAt?.timeIntervalSince1970 ?? .nan)
      suspended.append(inspection.result == .suspended)
    }
    shopIDs = shops.texts
  }
}
