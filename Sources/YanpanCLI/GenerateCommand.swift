import ArgumentParser
import Foundation
import Records
import Synthetic

/// `yanpan generate`: writes a synthetic district calibrated to Donghe District, Baotou.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a synthetic district (every record kind, boundaries, addresses, planted truth).",
    discussion: """
      Scale 1 is Donghe District, Baotou: 14 subdistricts, 115 communities, 872 grids, ~130 street \
      teams, 12,000 shops and over 3 years ~60,000 incidents, ~15,000 petitions and 39,410 \
      inspections. --scale multiplies every count (not the span); fractional scales make small \
      districts.

      Writes grids.csv, grid_adjacency.csv, grids.geojson, addresses.csv, streets.csv, shops.csv, \
      incidents.csv, petitions.csv, inspections.csv and truth/ (grid_risk.csv, shop_risk.csv, \
      params.json). Same options, same bytes. See datasets/README.md.
      """)

  @Option(
    help: "Multiplies every count: 1 = Donghe District, 0.05 = a small test district, 100 = ~11M records.")
  var scale: Double = 1

  @Option(help: "Seed of the generator's random streams.")
  var seed: UInt64 = 7

  @Option(help: "Calendar years of records, ending on --end.")
  var years: Int = 3

  @Option(
    help:
      "Last day with records, YYYY-MM-DD (default 2026-10-31, fixed so output never depends on the clock).")
  var end: String?

  @Option(help: "Directory to write into (created if missing).")
  var out: String

  @Flag(help: "Print target against produced for every calibrated figure.")
  var report = false

  @Option(help: "The folder of model files (default: $YANPAN_MODELS, ./models, the checkout's models/).")
  var models: String?

  func validate() throws {
    if let end, Day(iso: end) == nil {
      throw ValidationError("--end '\(end)' is not a date: write YYYY-MM-DD")
    }
    if let problem = options.problem { throw ValidationError(problem) }
  }

  var options: GeneratorOptions {
    GeneratorOptions(
      scale: scale, seed: seed, years: years, end: end.flatMap { Day(iso: $0) } ?? GeneratorOptions.defaultEnd
    )
  }

  func run() throws {
    let url = ModelsLocation.resolve(models).appendingPathComponent("taxonomy.yaml")
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw InputError(
        file: url.path, line: nil, field: nil, problem: "cannot read the taxonomy",
        fix: "give --models DIR holding taxonomy.yaml, or set $YANPAN_MODELS")
    }
    let taxonomy: Taxonomy
    do {
      taxonomy = try Taxonomy(yaml: text)
    } catch {
      throw InputError(
        file: url.path, line: nil, field: nil, problem: "not a taxonomy: \(error)",
        fix: "fix the YAML or restore models/taxonomy.yaml from the checkout")
    }
    let generator = DistrictGenerator(options: options, taxonomy: taxonomy)
    let directory = URL(fileURLWithPath: out)
    let report = try generator.write(to: directory)
    if self.report { print(report.table(), terminator: "") }
    let o = options
    print(
      "wrote a synthetic district (scale \(o.scale), seed \(o.seed), \(o.start.iso) … \(o.end.iso)) to \(directory.path)"
    )
  }
}
