/// The canonical field names the row normalizer reads, as small integers: a row's cells are
/// found through an array indexed by the field (`RowNormalizer`), so reading a cell hashes no text.
/// `name` is the field as the contract (`FieldSpec`) spells it.
enum CanonicalField: Int, CaseIterable, Sendable {
  case acceptedAt
  case address
  case category
  case channel
  case chief
  case closedAt
  case communityID
  case dailyCapacity
  case dueAt
  case flags
  case gridID
  case hazardsFound
  case hazardsRectified
  case households
  case incidentID
  case inspectedAt
  case inspectionID
  case inspector
  case kind
  case lat
  case lon
  case majorHazards
  case members
  case name
  case neighborID
  case occurredAt
  case openedOn
  case partner
  case petitionID
  case petitionerCount
  case petitionerID
  case population
  case receivedAt
  case rectifiedAt
  case rectifyDue
  case resolvedAt
  case result
  case satisfied
  case severity
  case shopID
  case source
  case status
  case streetID
  case subdistrictID

  /// The contract's name of the field (`grid_id`, `occurred_at`, …).
  var name: String {
    switch self {
    case .acceptedAt: "accepted_at"
    case .address: "address"
    case .category: "category"
    case .channel: "channel"
    case .chief: "chief"
    case .closedAt: "closed_at"
    case .communityID: "community_id"
    case .dailyCapacity: "daily_capacity"
    case .dueAt: "due_at"
    case .flags: "flags"
    case .gridID: "grid_id"
    case .hazardsFound: "hazards_found"
    case .hazardsRectified: "hazards_rectified"
    case .households: "households"
    case .incidentID: "incident_id"
    case .inspectedAt: "inspected_at"
    case .inspectionID: "inspection_id"
    case .inspector: "inspector"
    case .kind: "kind"
    case .lat: "lat"
    case .lon: "lon"
    case .majorHazards: "major_hazards"
    case .members: "members"
    case .name: "name"
    case .neighborID: "neighbor_id"
    case .occurredAt: "occurred_at"
    case .openedOn: "opened_on"
    case .partner: "partner"
    case .petitionID: "petition_id"
    case .petitionerCount: "petitioner_count"
    case .petitionerID: "petitioner_id"
    case .population: "population"
    case .receivedAt: "received_at"
    case .rectifiedAt: "rectified_at"
    case .rectifyDue: "rectify_due"
    case .resolvedAt: "resolved_at"
    case .result: "result"
    case .satisfied: "satisfied"
    case .severity: "severity"
    case .shopID: "shop_id"
    case .source: "source"
    case .status: "status"
    case .streetID: "street_id"
    case .subdistrictID: "subdistrict_id"
    }
  }
}
