#include "app/mailer.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <charconv>
#include <set>

#include "common/log.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

std::string Base64(std::string_view text) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t at = 0; at < text.size(); at += 3) {
    uint32_t chunk = static_cast<uint32_t>(static_cast<unsigned char>(text[at])) << 16;
    if (at + 1 < text.size())
      chunk |= static_cast<uint32_t>(static_cast<unsigned char>(text[at + 1])) << 8;
    if (at + 2 < text.size()) chunk |= static_cast<unsigned char>(text[at + 2]);
    out += kDigits[(chunk >> 18) & 63];
    out += kDigits[(chunk >> 12) & 63];
    out += at + 1 < text.size() ? kDigits[(chunk >> 6) & 63] : '=';
    out += at + 2 < text.size() ? kDigits[chunk & 63] : '=';
  }
  return out;
}

// One SMTP conversation over a connected socket; closes it when done.
class Conversation final {
 public:
  explicit Conversation(int socket) : socket_(socket) {}
  ~Conversation() { ::close(socket_); }
  Conversation(const Conversation&) = delete;
  Conversation& operator=(const Conversation&) = delete;

  // Reads one answer (every line of a multi-line one); fails unless its code is `expected`.
  Status Expect(int expected, std::string_view step) {
    for (;;) {
      NQ_TRY(std::string line, ReadLine());
      if (line.size() < 3) {
        return MakeError(ErrorCode::kUnavailable, "smtp {}: malformed answer", step);
      }
      if (line.size() > 3 && line[3] == '-') continue;
      int code = 0;
      std::from_chars(line.data(), line.data() + 3, code);
      if (code == expected) return Ok();
      return MakeError(ErrorCode::kUnavailable, "smtp {}: the relay answered \"{}\"", step,
                       line.substr(0, 200));
    }
  }
  Status Say(std::string_view text) {
    while (!text.empty()) {
      const ssize_t wrote = ::send(socket_, text.data(), text.size(), MSG_NOSIGNAL);
      if (wrote <= 0) return MakeError(ErrorCode::kUnavailable, "smtp: the relay hung up");
      text.remove_prefix(static_cast<size_t>(wrote));
    }
    return Ok();
  }

 private:
  Result<std::string> ReadLine() {
    for (;;) {
      if (size_t end = buffer_.find("\r\n"); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      if (buffer_.size() > 64 * 1024) {
        return MakeError(ErrorCode::kUnavailable, "smtp: an answer line is too long");
      }
      char chunk[1024];
      const ssize_t got = ::recv(socket_, chunk, sizeof chunk, 0);
      if (got <= 0) return MakeError(ErrorCode::kUnavailable, "smtp: no answer from the relay");
      buffer_.append(chunk, static_cast<size_t>(got));
    }
  }

  int socket_;
  std::string buffer_;
};

Result<int> Connect(const MailerOptions& options) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  if (int rc = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return MakeError(ErrorCode::kUnavailable, "smtp relay \"{}\": {}", options.host,
                     ::gai_strerror(rc));
  }
  timeval timeout{};
  timeout.tv_sec = options.timeout.count();
  int connected = -1;
  for (addrinfo* at = found; at && connected < 0; at = at->ai_next) {
    int fd = ::socket(at->ai_family, at->ai_socktype, at->ai_protocol);
    if (fd < 0) continue;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, at->ai_addr, at->ai_addrlen) == 0) {
      connected = fd;
    } else {
      ::close(fd);
    }
  }
  ::freeaddrinfo(found);
  if (connected < 0) {
    return MakeError(ErrorCode::kUnavailable, "smtp relay {}:{} cannot be reached", options.host,
                     options.port);
  }
  return connected;
}

// The message: UTF-8 text, the subject in RFC 2047, lines that start with a dot doubled.
std::string MessageText(const MailerOptions& options, const std::string& to, const Notice& notice) {
  std::string subject = notice.kind == NoticeKind::kOverdue   ? "Nhiệm vụ quá hạn"
                        : notice.kind == NoticeKind::kDueSoon ? "Nhiệm vụ sắp đến hạn"
                                                              : "Nhắc việc";
  std::string body = notice.message + "\r\n\r\n-- \r\nnqtrack, thông báo số " +
                     std::to_string(notice.id) + " (người gửi: " + notice.sender + ")\r\n";
  std::string stuffed;
  bool line_start = true;
  for (char c : body) {
    if (line_start && c == '.') stuffed += '.';
    stuffed += c;
    line_start = c == '\n';
  }
  return fmt::format(
      "From: <{}>\r\nTo: <{}>\r\nSubject: =?UTF-8?B?{}?=\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}"
      "\r\n.\r\n",
      options.from, to, Base64(subject), stuffed);
}

Status SendOne(const MailerOptions& options, const std::string& to, const Notice& notice) {
  NQ_TRY(int fd, Connect(options));
  Conversation smtp(fd);
  NQ_RETURN_IF_ERROR(smtp.Expect(220, "greeting"));
  NQ_RETURN_IF_ERROR(smtp.Say("EHLO nqtrack\r\n"));
  NQ_RETURN_IF_ERROR(smtp.Expect(250, "EHLO"));
  NQ_RETURN_IF_ERROR(smtp.Say(fmt::format("MAIL FROM:<{}>\r\n", options.from)));
  NQ_RETURN_IF_ERROR(smtp.Expect(250, "MAIL FROM"));
  NQ_RETURN_IF_ERROR(smtp.Say(fmt::format("RCPT TO:<{}>\r\n", to)));
  NQ_RETURN_IF_ERROR(smtp.Expect(250, "RCPT TO"));
  NQ_RETURN_IF_ERROR(smtp.Say("DATA\r\n"));
  NQ_RETURN_IF_ERROR(smtp.Expect(354, "DATA"));
  NQ_RETURN_IF_ERROR(smtp.Say(MessageText(options, to, notice)));
  NQ_RETURN_IF_ERROR(smtp.Expect(250, "message"));
  (void)smtp.Say("QUIT\r\n");
  return Ok();
}

}  // namespace

Status ParseSmtpRelay(std::string_view text, MailerOptions& options) {
  const size_t colon = text.rfind(':');
  std::string_view host = colon == std::string_view::npos ? text : text.substr(0, colon);
  if (host.empty()) {
    return FieldError("--smtp", "--smtp \"{}\" must be host:port, such as 127.0.0.1:25", text);
  }
  uint16_t port = 25;
  if (colon != std::string_view::npos) {
    std::string_view digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port == 0) {
      return FieldError("--smtp", "--smtp \"{}\": port \"{}\" is not a port number", text, digits);
    }
  }
  options.host = std::string(host);
  options.port = port;
  return Ok();
}

Mailer::Mailer(Service& service, MailerOptions options)
    : service_(service), options_(std::move(options)), thread_([this] { Run(); }) {}

Mailer::~Mailer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Mailer::Enqueue(const Notice& notice) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(notice);
  }
  wake_.notify_one();
}

bool Mailer::Drain(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

int64_t Mailer::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

int64_t Mailer::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void Mailer::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to send
    Notice notice = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    Deliver(notice);
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

void Mailer::Deliver(const Notice& notice) {
  // The users granted a role over the notice's unit itself, enabled, with an address.
  auto addresses =
      service_.database().Read([&](storage::Transaction& tx) -> Result<std::set<std::string>> {
        NQ_TRY(auto grants, storage::List<Grant>(tx, {storage::Eq("unit_id", notice.unit_id)}));
        std::set<std::string> to;
        for (const Grant& grant : grants) {
          NQ_TRY(User user, storage::Get<User>(tx, grant.user_id));
          if (!user.disabled && !user.email.empty()) to.insert(user.email);
        }
        return to;
      });
  if (!addresses) {
    log::Warning("mail_failed", {{"notice_id", notice.id}, {"error", addresses.error().message}});
    std::lock_guard lock(mutex_);
    ++failed_;
    return;
  }
  for (const std::string& to : *addresses) {
    Status done = SendOne(options_, to, notice);
    if (done) {
      log::Info("mail_sent", {{"notice_id", notice.id}, {"unit_id", notice.unit_id}});
    } else {
      log::Warning("mail_failed", {{"notice_id", notice.id}, {"error", done.error().message}});
    }
    std::lock_guard lock(mutex_);
    ++(done ? sent_ : failed_);
  }
}

}  // namespace nq::app
