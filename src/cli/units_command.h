// `nqtrack units merge|split|move|rename|close|open|apply`: reorganisations of the unit tree
// from the command line, each built as the same JSON batch the API takes and applied all or
// nothing (or tried with --dry-run, which prints what would change and writes nothing).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace nq::cli {

class UnitsCommand final {
 public:
  // Adds `units` and its subcommands to `app`; `db` is the shared --db option's value.
  UnitsCommand(CLI::App& app, std::string& db);
  bool parsed() const { return units_->parsed(); }
  // Runs the parsed subcommand; the process exit code.
  int Run() const;

 private:
  void AddCommon(CLI::App* command, bool needs_date);

  std::string& db_;
  CLI::App* units_ = nullptr;
  CLI::App* merge_ = nullptr;
  CLI::App* split_ = nullptr;
  CLI::App* move_ = nullptr;
  CLI::App* rename_ = nullptr;
  CLI::App* close_ = nullptr;
  CLI::App* open_ = nullptr;
  CLI::App* apply_ = nullptr;
  std::vector<std::string> units_named_;
  std::string date_;
  std::string note_;
  bool dry_run_ = false;
  std::string into_;                    // merge: an existing unit
  std::vector<std::string> new_units_;  // merge, split: CODE=Name of new units
  std::vector<std::string> targets_;    // split: existing units; close: successors
  std::string kind_ = "xa-thi-tran";
  std::string parent_;
  std::string name_;
  std::string short_name_;
  std::string carry_to_;
  std::vector<std::string> children_;  // split: CHILD=SUCCESSOR
  std::string file_;
};

// Applies a batch ({"operations": […]}) to the store at `db`, or tries it with `dry_run`;
// prints every change. The process exit code.
int ApplyReorganisationBatch(const std::string& db, const std::string& batch_json, bool dry_run);

}  // namespace nq::cli
