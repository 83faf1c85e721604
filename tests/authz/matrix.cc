#include "authz/matrix.h"

#include <charconv>
#include <optional>
#include <set>

namespace nq::testing::authz {
namespace {

constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "anonymous", "nobody", "viewer", "editor", "reviewer", "manager", "administrator"};
constexpr std::array<std::string_view, kPositionCount> kPositionNames = {
    "own", "child", "grandchild", "parent", "sibling", "other", "none"};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The first word of `text` and the rest, both trimmed.
std::pair<std::string_view, std::string_view> SplitWord(std::string_view text) {
  text = Trim(text);
  size_t end = text.find_first_of(" \t");
  if (end == std::string_view::npos) return {text, {}};
  return {text.substr(0, end), Trim(text.substr(end))};
}

std::vector<std::string_view> Words(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

Result<Expected> ParseCell(std::string_view token) {
  Expected cell;
  if (size_t arrow = token.find('>'); arrow != std::string_view::npos) {
    NQ_TRY(Expected job, ParseCell(token.substr(arrow + 1)));
    token = token.substr(0, arrow);
    cell.job_status = job.status;
  }
  if (token.ends_with('+')) cell.rows = Expected::Rows::kSome;
  if (token.ends_with('-')) cell.rows = Expected::Rows::kNone;
  if (cell.rows != Expected::Rows::kAny) token.remove_suffix(1);
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), cell.status);
  if (ec != std::errc() || ptr != token.data() + token.size() || cell.status < 100 ||
      cell.status > 599) {
    return MakeError(ErrorCode::kInvalidArgument, "\"{}\" is not a status", token);
  }
  return cell;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : kRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

// "viewer,editor 403 403 …" into the block's cells; `given` collects the roles seen.
Status ParseCellsLine(std::string_view line, Block& block, std::set<Role>& given) {
  auto [roles_text, cells_text] = SplitWord(line);
  std::vector<Role> roles;
  if (roles_text == "*") {
    roles.assign(kRoles.begin(), kRoles.end());
  } else {
    for (std::string_view name : Words(roles_text, ",")) {
      auto role = ParseRole(name);
      if (!role) return MakeError(ErrorCode::kInvalidArgument, "unknown role \"{}\"", name);
      roles.push_back(*role);
    }
  }
  std::vector<Expected> cells;
  for (std::string_view token : Words(cells_text, " \t")) {
    NQ_TRY(Expected cell, ParseCell(token));
    cells.push_back(cell);
  }
  if (cells.size() != 1 && cells.size() != kPositionCount) {
    return MakeError(ErrorCode::kInvalidArgument, "{} cells; give 1 or {}", cells.size(),
                     kPositionCount);
  }
  for (Role role : roles) {
    if (!given.insert(role).second) {
      return MakeError(ErrorCode::kInvalidArgument, "role \"{}\" appears twice", RoleName(role));
    }
    for (size_t position = 0; position < kPositionCount; ++position) {
      block.cells[static_cast<size_t>(role)][position] = cells[cells.size() == 1 ? 0 : position];
    }
  }
  return Ok();
}

Status CheckComplete(const Block& block, const std::set<Role>& given) {
  for (Role role : kRoles) {
    if (!given.count(role)) {
      return MakeError(ErrorCode::kInvalidArgument, "route \"{}\" (line {}) gives no cells for {}",
                       block.Name(), block.line, RoleName(role));
    }
  }
  return Ok();
}

Result<Block> StartBlock(std::string_view rest, int line) {
  auto [method, target] = SplitWord(rest);
  if (method.empty() || target.empty() || !target.starts_with('/')) {
    return MakeError(ErrorCode::kInvalidArgument, "expected \"route METHOD PATTERN\"");
  }
  Block block;
  block.method = std::string(method);
  block.line = line;
  size_t hash = target.find('#');
  block.pattern = std::string(target.substr(0, hash));
  if (hash != std::string_view::npos) block.case_name = std::string(target.substr(hash + 1));
  block.call = block.pattern;
  return block;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::string_view PositionName(Position position) {
  return kPositionNames[static_cast<size_t>(position)];
}

std::string Expected::ToString() const {
  std::string suffix = rows == Rows::kSome ? "+" : rows == Rows::kNone ? "-" : "";
  if (job_status) suffix += ">" + std::to_string(job_status);
  return std::to_string(status) + suffix;
}

std::string Substitute(std::string_view text, const std::map<std::string, std::string>& values,
                       std::string& missing) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t open = text.find('{', start);
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    bool name =
        close != std::string_view::npos && close > open + 1 &&
        text.substr(open + 1, close - open - 1).find_first_not_of("abcdefghijklmnopqrstuvwxyz_") ==
            std::string_view::npos;
    if (!name) {
      size_t end = open == std::string_view::npos ? text.size() : open + 1;
      out += text.substr(start, end - start);
      start = end;
      continue;
    }
    out += text.substr(start, open - start);
    std::string key(text.substr(open + 1, close - open - 1));
    auto it = values.find(key);
    if (it == values.end()) {
      missing += (missing.empty() ? "" : ", ") + key;
    } else {
      out += it->second;
    }
    start = close + 1;
  }
  return out;
}

std::string Block::Name() const {
  std::string name = method + " " + pattern;
  if (!case_name.empty()) name += "#" + case_name;
  return name;
}

Result<std::vector<Block>> ParseMatrix(std::string_view text) {
  std::vector<Block> blocks;
  std::set<Role> given;
  std::set<std::string> names;
  auto finish = [&]() -> Status {
    if (blocks.empty()) return Ok();
    NQ_RETURN_IF_ERROR(CheckComplete(blocks.back(), given));
    if (!names.insert(blocks.back().Name()).second) {
      return MakeError(ErrorCode::kInvalidArgument, "route \"{}\" (line {}) appears twice",
                       blocks.back().Name(), blocks.back().line);
    }
    return Ok();
  };
  int number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.starts_with('#')) continue;
    auto [keyword, rest] = SplitWord(line);
    auto fail = [&](const Error& error) {
      return MakeError(ErrorCode::kInvalidArgument, "matrix line {}: {}", number, error.message);
    };
    if (keyword == "route") {
      if (auto done = finish(); !done) return fail(done.error());
      auto block = StartBlock(rest, number);
      if (!block) return fail(block.error());
      blocks.push_back(std::move(*block));
      given.clear();
      continue;
    }
    if (blocks.empty()) return fail(Error{ErrorCode::kInvalidArgument, "expected \"route\"", {}});
    Block& block = blocks.back();
    if (keyword == "call") {
      block.call = std::string(rest);
    } else if (keyword == "body") {
      block.body += (block.body.empty() ? "" : "\n") + std::string(rest);
    } else if (keyword == "type") {
      block.type = std::string(rest);
    } else if (keyword == "fresh") {
      block.fresh = std::string(rest);
    } else if (keyword == "etag") {
      block.etag = std::string(rest);
    } else if (keyword == "file") {
      block.file = std::string(rest);
    } else if (auto cells = ParseCellsLine(line, block, given); !cells) {
      return fail(cells.error());
    }
  }
  if (auto done = finish(); !done) return std::unexpected(done.error());
  return blocks;
}

}  // namespace nq::testing::authz
