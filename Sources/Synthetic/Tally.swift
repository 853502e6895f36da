/// What the generator produced, counted as it streamed (for the calibration report).
package struct Tally: Sendable, Hashable {
  package var subdistricts = 0
  package var communities = 0
  package var grids = 0
  package var urbanGrids = 0
  package var urbanHouseholds = 0
  package var ruralHouseholds = 0
  package var streets = 0
  package var shops = 0
  package var incidents = 0
  package var disputes = 0
  package var closedDisputes = 0
  package var mediatedDisputes = 0
  package var openIncidents = 0
  package var shopIncidents = 0
  package var severeIncidents = 0
  package var petitions = 0
  package var collectivePetitions = 0
  package var repeatPetitions = 0
  package var openPetitions = 0
  package var inspections = 0
  package var inspectionsWithHazards = 0
  package var hazardsFound = 0
  package var hazardsRectified = 0
  package var rectifiedLate = 0
  package var openPastDue = 0
  package var pendingAtEnd = 0
  package var locatedByGrid = 0
  package var locatedByPoint = 0
  package var locatedByAddress = 0

  mutating func count(_ path: LocationPath) {
    switch path {
    case .grid: locatedByGrid += 1
    case .point: locatedByPoint += 1
    case .address: locatedByAddress += 1
    }
  }
}
