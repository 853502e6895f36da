/// Bad input data: which file, which line, which field, what is wrong and what to do about it.
///
/// The command line prints it as one line on stderr and exits 65 (EX_DATAERR), having written
/// nothing. Every stage that reads what a user gave it (records, model files, configuration)
/// reports problems with this type.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
  public var line: Int?
  public var field: String?
  public var problem: String
  public var fix: String

  public init(file: String, line: Int? = nil, field: String? = nil, problem: String, fix: String) {
    self.file = file
    self.line = line
    self.field = field
    self.problem = problem
    self.fix = fix
  }

  /// `file:line: field 'f': problem; fix`
  public var description: String {
    var place = file
    if let line { place += ":\(line)" }
    let what = field.map { "field '\($0)': " } ?? ""
    return "\(place): \(what)\(problem); \(fix)"
  }
}
