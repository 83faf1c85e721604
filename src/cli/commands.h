// The commands of the nqtrack binary. Each returns the process exit code and prints errors as
// one line on stderr: "nqtrack: <what went wrong>".
#pragma once

#include <string>

namespace nq::cli {

struct Options {
  std::string db;
  std::string listen;
  std::string file;
  std::string web_root;
  int threads = 4;
  bool secure_cookies = false;
  std::string log_format;      // text or json; empty: text on a terminal, else json
  std::string metrics_listen;  // address:port of a listener for /metrics alone; empty: none
  std::string metrics_token;   // serves /metrics on the main port to this bearer token
  std::string smtp;            // host:port of an SMTP relay that notices are also sent to
  std::string smtp_from;       // their sender
  int notices_every = 3600;    // seconds between the due-date notice runs of serve; 0: none
  // What one client address may hold at once (docs/decisions/0017): connections, and MiB of
  // request bodies in flight. Behind a reverse proxy every client is the proxy's one address.
  size_t connections_per_address = 256;
  size_t body_mib_per_address = 16;
  // user subcommands
  std::string login;
  std::string name;
  std::string role;
  std::string unit;  // code or id
  bool unit_only = false;
  // report
  std::string period;
  std::string format = "docx";
  std::string lang = "vi";
  // import-values / export-values
  std::string values_format;  // dhis2, csv or xlsx; empty: from the file's extension
  std::string from;
  std::string to;
  // evidence-template
  std::string obligation;  // code
};

int Serve(const Options& options);
int Init(const Options& options);
int Demo(const Options& options);
// Makes the due-date notices once (as serve does periodically) and says how many.
int Notices(const Options& options);
int Export(const Options& options);
int Import(const Options& options);
int Check(const Options& options);
// Online backup of an SQLite store to options.file, and its restore into options.db.
int Backup(const Options& options);
int Restore(const Options& options);
int Report(const Options& options);
int UserAdd(const Options& options);
int UserPassword(const Options& options);
int UserGrant(const Options& options, bool grant);
int UserList(const Options& options);
int UserToken(const Options& options);
// Values in and out as DHIS2 dataValueSets, CSV or (in) a filled Excel template.
int ImportValues(const Options& options);
int ExportValues(const Options& options);
// Units and obligations' evidence in from Excel: the templates, and the filled workbooks
// applied all or nothing with a progress bar.
int UnitsTemplate(const Options& options);
int ImportUnits(const Options& options);
int EvidenceTemplate(const Options& options);
int ImportEvidence(const Options& options);
// Moves a whole installation from store `from` to the empty store `to`, then verifies it.
int MigrateStore(const Options& options);
// The OpenAPI document of the API, to options.file or standard output.
int OpenApi(const Options& options);

}  // namespace nq::cli
