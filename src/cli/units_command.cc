#include "cli/units_command.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace nq::cli {
namespace {

namespace json = boost::json;

// "code=Tên đơn vị" → a new unit of `kind` under `parent` (empty: the source's superior).
json::value NewUnitJson(const std::string& spec, const std::string& kind,
                        const std::string& parent) {
  const size_t equals = spec.find('=');
  json::object unit{{"code", spec.substr(0, equals)},
                    {"name", equals == std::string::npos ? spec : spec.substr(equals + 1)},
                    {"kind", kind}};
  if (!parent.empty()) unit["parent"] = parent;
  return unit;
}

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const std::string& value : values) out.push_back(json::value(value));
  return out;
}

}  // namespace

UnitsCommand::UnitsCommand(CLI::App& app, std::string& db) : db_(db) {
  units_ = app.add_subcommand(
      "units", "Reorganise the unit tree: merge, split, move, rename, close, open, apply");
  units_->require_subcommand(1);
  merge_ = units_->add_subcommand("merge", "Merge units into an existing or a new unit");
  merge_->add_option("units", units_named_, "Units to merge (codes or ids)")->required();
  merge_->add_option("--into", into_, "The existing unit they merge into");
  merge_->add_option("--new", new_units_, "Or a new unit: CODE=Name")->expected(0, 1);
  split_ = units_->add_subcommand("split", "Split a unit into several");
  split_->add_option("unit", units_named_, "The unit to split")->required()->expected(1);
  split_->add_option("--into", targets_, "Existing units it splits into (repeatable)");
  split_->add_option("--new", new_units_, "New units it splits into: CODE=Name (repeatable)");
  split_->add_option("--child", children_, "Which successor takes a subordinate: CHILD=UNIT");
  move_ = units_->add_subcommand("move", "Move a unit under another superior");
  move_->add_option("unit", units_named_, "The unit to move")->required()->expected(1);
  rename_ = units_->add_subcommand("rename", "Rename a unit, keeping its former names");
  rename_->add_option("unit", units_named_, "The unit to rename")->required()->expected(1);
  rename_->add_option("--name", name_, "The new full name")->required();
  close_ = units_->add_subcommand("close", "Close (dissolve) a unit");
  close_->add_option("unit", units_named_, "The unit to close")->required()->expected(1);
  close_->add_option("--successor", targets_, "A unit that takes over (repeatable)");
  open_ = units_->add_subcommand("open", "Open a new unit");
  open_->add_option("code", units_named_, "The new unit's code")->required()->expected(1);
  open_->add_option("--name", name_, "Its full name")->required();
  apply_ =
      units_->add_subcommand("apply", "Apply a batch file ({\"operations\": […]}), all or nothing");
  apply_->add_option("file", file_, "The batch (JSON)")->required();
  apply_->add_flag("--dry-run", dry_run_, "Print what would change; write nothing");
  apply_->add_option("--db", db_, "SQLite database file or postgresql:// URI (env NQ_DB)")
      ->capture_default_str();
  for (CLI::App* command : {merge_, split_, move_, rename_, close_, open_})
    AddCommon(command, true);
  for (CLI::App* command : {merge_, split_, open_}) {
    command->add_option("--kind", kind_, "Kind of the new units")->capture_default_str();
  }
  for (CLI::App* command : {merge_, split_, move_, open_}) {
    command->add_option("--parent", parent_, "Superior (of the moved or new units)");
  }
  move_->get_option("--parent")->required();
  open_->get_option("--parent")->required();
  for (CLI::App* command : {rename_, open_}) {
    command->add_option("--short-name", short_name_, "Short name");
  }
  for (CLI::App* command : {split_, close_}) {
    command->add_option("--carry-to", carry_to_, "Successor that takes what is dated after");
  }
}

void UnitsCommand::AddCommon(CLI::App* command, bool needs_date) {
  auto* date = command->add_option("--date", date_, "First day of the new state (2025-07-01)");
  if (needs_date) date->required();
  command->add_option("--note", note_, "Why (recorded with the lineage)");
  command->add_flag("--dry-run", dry_run_, "Print what would change; write nothing");
  command->add_option("--db", db_, "SQLite database file or postgresql:// URI (env NQ_DB)")
      ->capture_default_str();
}

int UnitsCommand::Run() const {
  if (apply_->parsed()) {
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "nqtrack: cannot read \"{}\"\n", file_);
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    return ApplyReorganisationBatch(db_, text.str(), dry_run_);
  }
  json::object op{{"date", date_}};
  if (!note_.empty()) op["note"] = note_;
  if (merge_->parsed()) {
    op["op"] = "merge";
    op["units"] = Strings(units_named_);
    op["into"] =
        new_units_.empty() ? json::value(into_) : NewUnitJson(new_units_.front(), kind_, parent_);
  } else if (split_->parsed()) {
    op["op"] = "split";
    op["unit"] = units_named_.front();
    json::array into = Strings(targets_);
    for (const std::string& spec : new_units_) into.push_back(NewUnitJson(spec, kind_, parent_));
    op["into"] = std::move(into);
    json::object children;
    for (const std::string& pair : children_) {
      const size_t equals = pair.find('=');
      if (equals != std::string::npos) children[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    op["children"] = std::move(children);
  } else if (move_->parsed()) {
    op["op"] = "move";
    op["unit"] = units_named_.front();
    op["parent"] = parent_;
  } else if (rename_->parsed()) {
    op["op"] = "rename";
    op["unit"] = units_named_.front();
    op["name"] = name_;
    if (!short_name_.empty()) op["short_name"] = short_name_;
  } else if (close_->parsed()) {
    op["op"] = "close";
    op["unit"] = units_named_.front();
    op["successors"] = Strings(targets_);
  } else if (open_->parsed()) {
    op["op"] = "open";
    json::object unit{
        {"code", units_named_.front()}, {"name", name_}, {"kind", kind_}, {"parent", parent_}};
    if (!short_name_.empty()) unit["short_name"] = short_name_;
    op["unit"] = std::move(unit);
  }
  if (!carry_to_.empty()) op["carry_to"] = carry_to_;
  json::object batch{{"operations", json::array{std::move(op)}}};
  return ApplyReorganisationBatch(db_, json::serialize(batch), dry_run_);
}

}  // namespace nq::cli
