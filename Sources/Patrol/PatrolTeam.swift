/// A unit that walks a list each day: a street team, or the worker on a grid's post.
struct PatrolTeam: Sendable {
  /// The street or grid id.
  var id: String
  /// Indices of its shops in the planner's standings.
  var members: [Int]
  /// Shop visits it can make on each day of the horizon.
  var capacities: [Int]
  /// Grid lists only: who walks on each day of the horizon (post, and the covering grid on post B);
  /// nil for a day nobody walks.
  var posts: [(post: PatrolRow.Post, coveredBy: String?)?]? = nil
}
