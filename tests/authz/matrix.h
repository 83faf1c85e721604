// The authorization matrix file (tests/authz/matrix.txt): its roles, positions and blocks, and
// the parser that reads it. The format is described at the top of the file itself.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace nq::testing::authz {

// Who asks. Every role but anonymous and nobody is granted over the district D and its subtree.
enum class Role { kAnonymous, kNobody, kViewer, kEditor, kReviewer, kManager, kAdministrator };
inline constexpr int kRoleCount = 7;
inline constexpr std::array<Role, kRoleCount> kRoles = {
    Role::kAnonymous, Role::kNobody,  Role::kViewer,       Role::kEditor,
    Role::kReviewer,  Role::kManager, Role::kAdministrator};

// Where the target of a request sits, relative to D; the columns of the matrix, in order.
enum class Position { kOwn, kChild, kGrandchild, kParent, kSibling, kOther, kNone };
inline constexpr int kPositionCount = 7;
inline constexpr std::array<Position, kPositionCount> kPositions = {
    Position::kOwn,     Position::kChild, Position::kGrandchild, Position::kParent,
    Position::kSibling, Position::kOther, Position::kNone};

std::string_view RoleName(Role role);              // "viewer"
std::string_view PositionName(Position position);  // "grandchild"

// What one cell expects: a status and, for a list, whether it holds rows; for a request that
// starts a job (202), how the job ends, as the status its error would have (200 when done).
struct Expected {
  enum class Rows { kAny, kSome, kNone };
  int status = 0;
  Rows rows = Rows::kAny;
  int job_status = 0;  // 0: the job's end is not checked

  std::string ToString() const;  // "200", "200+", "200-", "202>404"
};

// One route (or one case of a route) with the request it makes and its 49 cells.
struct Block {
  std::string method;     // "POST"
  std::string pattern;    // "/api/v1/reports/{id}/transitions", as registered
  std::string case_name;  // "accept" of "…#accept"; empty when the route has one case
  std::string call;       // request target template; the pattern when not given
  std::string body;       // body template (its lines joined by newlines); empty for none
  std::string type;       // Content-Type of the body; empty for application/json
  std::string fresh;      // what to make before each cell; empty for nothing
  std::string etag;       // where to read If-Match from; empty for no If-Match
  std::string file;       // "template", "units", "evidence": the body is a workbook; or empty
  int line = 0;           // of the "route" line, for messages
  std::array<std::array<Expected, kPositionCount>, kRoleCount> cells{};

  // "POST /api/v1/reports/{id}/transitions#accept"
  std::string Name() const;
  const Expected& cell(Role role, Position position) const {
    return cells[static_cast<size_t>(role)][static_cast<size_t>(position)];
  }
  bool mutating() const { return method != "GET" && method != "HEAD"; }
};

// Parses the matrix text. invalid_argument naming the line when a line cannot be read, a block
// misses a role or names one twice, or a route appears twice.
Result<std::vector<Block>> ParseMatrix(std::string_view text);

// Replaces each {name} in `text` by its value; a name without one is appended to `missing`.
std::string Substitute(std::string_view text, const std::map<std::string, std::string>& values,
                       std::string& missing);

}  // namespace nq::testing::authz
