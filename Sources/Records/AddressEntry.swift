/// One row of the address table (`addresses.csv`: `address,grid_id`): a street address, or the
/// prefix of one, and the grid it lies in. Ingest resolves a record that carries only an address
/// through these entries by longest-prefix match on the normalized address.
public struct AddressEntry: Hashable, Sendable {
  public var address: String
  public var gridID: String

  public init(address: String, gridID: String) {
    self.address = address
    self.gridID = gridID
  }
}
