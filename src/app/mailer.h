// Notices by e-mail: a small SMTP client on a thread of its own sends each notice to the users
// of its unit who have an e-mail address, so that no request waits on the relay.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "app/service.h"
#include "domain/notice.h"

namespace nq::app {

struct MailerOptions {
  std::string host = "127.0.0.1";  // the SMTP relay, plain SMTP without authentication
  uint16_t port = 25;
  std::string from;  // the envelope and header sender: "nqtrack@tinhuy.thanhhoa.dcs.vn"
  std::chrono::seconds timeout{10};  // for connecting and for each answer of the relay
};

// "host:port" (port 25 when absent) into `options`; invalid_argument naming "--smtp" when bad.
Status ParseSmtpRelay(std::string_view text, MailerOptions& options);

class Mailer final {
 public:
  // Starts the sending thread. `service` must outlive the mailer.
  Mailer(Service& service, MailerOptions options);
  // Stops taking notices, sends those already queued (each bounded by the timeout), joins.
  ~Mailer();
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  // Queues `notice`; never blocks on the network. Thread-safe.
  void Enqueue(const domain::Notice& notice);
  // Waits until every queued notice was handled (sent or given up), at most `timeout`; true
  // when the queue is empty. For tests and for a clean stop.
  bool Drain(std::chrono::milliseconds timeout);

  // Messages the relay accepted, and those it refused or could not be reached for.
  int64_t sent() const;
  int64_t failed() const;

 private:
  void Run();
  // Sends `notice` to each user of its unit with an e-mail address; one failure is logged
  // and counted, the others still go.
  void Deliver(const domain::Notice& notice);

  Service& service_;
  const MailerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<domain::Notice> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  int64_t sent_ = 0;
  int64_t failed_ = 0;
  std::thread thread_;
};

}  // namespace nq::app
