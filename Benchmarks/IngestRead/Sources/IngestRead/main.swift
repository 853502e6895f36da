import Foundation
import Ingest
import Records

#if canImport(Glibc)
  import Glibc
#endif

// Usage: IngestRead DISTRICT_DIR [repeats (3)] [models dir (models)]
// Reads boundaries, the address table and shops first (to resolve locations, as `yanpan ingest`
// does from the store), then times every file; the last repeat prints per-file figures.
let arguments = CommandLine.arguments
guard arguments.count > 1 else {
  print("usage: IngestRead DISTRICT_DIR [repeats] [models]")
  exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let models = URL(fileURLWithPath: arguments.count > 3 ? arguments[3] : "models")
let taxonomy = try Taxonomy(
  yaml: String(contentsOf: models.appendingPathComponent("taxonomy.yaml"), encoding: .utf8))
let aliases = try AliasMap.load(from: models.appendingPathComponent("aliases.yaml"))
let key = PseudonymKey(hex: String(repeating: "ab", count: 32))!

func wall() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func cpu() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

var boundaries: [GridBoundary] = []
var addresses: [AddressEntry] = []
var shopGrids: [String: String] = [:]
let plain = IngestOptions(taxonomy: taxonomy, aliases: aliases, key: key)
for name in ["grids.geojson", "addresses.csv", "shops.csv"] {
  let reader = try RecordFileReader(url: directory.appendingPathComponent(name), options: plain)
  while let row = try reader.next() {
    switch row.result {
    case .success(.boundary(let b)): boundaries.append(b)
    case .success(.address(let a)): addresses.append(a)
    case .success(.shop(let s)): shopGrids[s.id] = s.gridID
    default: break
    }
  }
}
let options = IngestOptions(
  taxonomy: taxonomy, aliases: aliases, key: key,
  resolver: LocationResolver(boundaries: boundaries, addresses: addresses, shopGrids: shopGrids))
let files = [
  "grids.csv", "grid_adjacency.csv", "grids.geojson", "addresses.csv", "streets.csv", "shops.csv",
  "incidents.csv", "petitions.csv", "inspections.csv",
]

for round in 1...repeats {
  var bytes = 0
  var rows = 0
  var rejected = 0
  var fingerprintBytes = 0  // keeps the fingerprints from being optimized away
  let wall0 = wall()
  let cpu0 = cpu()
  for name in files {
    let url = directory.appendingPathComponent(name)
    let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    let start = wall()
    let reader = try RecordFileReader(url: url, options: options)
    while let row = try reader.next() {
      if case .success(let record) = row.result { fingerprintBytes &+= record.fingerprint.utf8.count }
    }
    let seconds = wall() - start
    bytes += size
    rows += reader.summary.rows
    rejected += reader.summary.rejected
    if round == repeats {
      let line =
        "\(name): \(reader.summary.rows) rows, \(String(format: "%.2f", Double(size) / 1e6)) MB, "
        + "\(String(format: "%.3f", seconds)) s, rejected \(reader.summary.rejected), "
        + "encoding \(reader.summary.encoding.rawValue)"
      print(line)
    }
  }
  let w = wall() - wall0
  let c = cpu() - cpu0
  print(
    String(
      format:
        "round %d: %d rows, %.2f MB; wall %.3f s (%.1f MB/s, %.0f rows/s); cpu %.3f s (%.1f MB/s, %.0f rows/s); rejected %d; %d",
      round, rows, Double(bytes) / 1e6, w, Double(bytes) / 1e6 / w, Double(rows) / w, c,
      Double(bytes) / 1e6 / c,
      Double(rows) / c, rejected, fingerprintBytes))
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("peak RSS \(usage.ru_maxrss / 1024) MB")
