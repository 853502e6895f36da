import ArgumentParser

/// The options the list commands (`hotspots`, `patrol`, `explain`) share: the day whose
/// snapshot is read, where the output goes, its language, and how much is said on standard error.
struct ListOptions: ParsableArguments {
  @Option(
    name: .customLong("as-of"), help: "The scoring date, YYYY-MM-DD (default: today in the district's zone).")
  var asOf: String?

  @Option(help: "Write to this file (atomically) instead of standard output.")
  var out: String?

  @Option(help: "Language of levels, trends, reasons and notes: zh or en.")
  var lang: String = "zh"

  @Flag(help: "Print nothing on standard error but errors (summary lines included).")
  var quiet = false

  @Flag(help: "Also say on standard error which store and snapshot were read, and how long each step took.")
  var verbose = false
}
