import Foundation
import GRDB
import Records

extension Store {
  /// Stores one snapshot of scores. A snapshot with the same as-of day, model version and data
  /// fingerprint is replaced (a rerun of the same night over the same data), others are kept.
  public func saveScores(run: ScoreRun, scores: [RiskScore]) throws {
    try queue.write { db in
      try db.execute(
        sql: "DELETE FROM score_runs WHERE as_of = ? AND model_version = ? AND data_fingerprint = ?",
        arguments: [run.asOf.iso, run.modelVersion, run.dataFingerprint])
      try db.execute(sql: "DELETE FROM scores WHERE run_id NOT IN (SELECT id FROM score_runs)")
      try db.execute(
        sql: "INSERT INTO score_runs(as_of, model_version, data_fingerprint, created_at) VALUES (?, ?, ?, ?)",
        arguments: [run.asOf.iso, run.modelVersion, run.dataFingerprint, Date().timeIntervalSince1970])
      let runID = Int(db.lastInsertedRowID)
      let insert = try PreparedStatement(
        db,
        sql: """
          INSERT INTO scores(run_id, entity, id, score, rank, level, gi_z, trend, contributions, reasons)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      for score in scores {
        insert.reset()
        insert.bind(runID)
        insert.bind(score.entity.rawValue)
        insert.bind(score.id)
        insert.bind(score.score)
        insert.bind(score.rank)
        insert.bind(score.level.rawValue)
        insert.bind(score.giZ)
        insert.bind(score.trend)
        insert.bind(String(decoding: try encoder.encode(score.contributions), as: UTF8.self))
        insert.bind(String(decoding: try encoder.encode(score.reasons), as: UTF8.self))
        try insert.run()
      }
    }
  }

  /// The most recent snapshot for the latest as-of day not after `asOf` (nil: the latest of all),
  /// with its scores ordered by entity (grids, then shops) and rank; nil when none is stored.
  public func latestScores(asOf: Day?) throws -> (run: ScoreRun, scores: [RiskScore])? {
    try queue.read { db in
      var sql = "SELECT id, as_of, model_version, data_fingerprint FROM score_runs"
      var arguments: StatementArguments = []
      if let asOf {
        sql += " WHERE as_of <= ?"
        arguments = [asOf.iso]
      }
      sql += " ORDER BY as_of DESC, created_at DESC, id DESC LIMIT 1"
      guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments),
        let day = Day(iso: row[1] as String)
      else { return nil }
      let run = ScoreRun(asOf: day, modelVersion: row[2], dataFingerprint: row[3])
      return (run, try db.scores(runID: row[0]))
    }
  }

  /// Every stored snapshot, newest as-of first.
  public func scoreRuns() throws -> [ScoreRun] {
    try queue.read { db in
      try Row.fetchAll(
        db, sql: "SELECT as_of, model_version, data_fingerprint FROM score_runs ORDER BY as_of DESC, id DESC"
      ).compactMap { row in
        Day(iso: row[0] as String).map { ScoreRun(asOf: $0, modelVersion: row[1], dataFingerprint: row[2]) }
      }
    }
  }
}

extension Database {
  func scores(runID: Int) throws -> [RiskScore] {
    let select = try PreparedStatement(
      self,
      sql: """
        SELECT entity, id, score, rank, level, gi_z, trend, contributions, reasons FROM scores
        WHERE run_id = ? ORDER BY CASE entity WHEN 'grid' THEN 0 ELSE 1 END, rank, id
        """)
    select.reset()
    select.bind(runID)
    let decoder = JSONDecoder()
    var scores: [RiskScore] = []
    while try select.next() {
      scores.append(
        RiskScore(
          entity: RiskScore.Entity(rawValue: select.text(0)) ?? .grid, id: select.text(1),
          score: select.double(2),
          rank: select.int(3), level: RiskLevel(rawValue: select.text(4)) ?? .blue,
          giZ: select.optionalDouble(5),
          trend: select.optionalText(6),
          contributions: try decoder.decode([Contribution].self, from: Data(select.text(7).utf8)),
          reasons: try decoder.decode([Reason].self, from: Data(select.text(8).utf8))))
    }
    select.reset()
    return scores
  }
}
