// Readiness and stopping, told to systemd when it started us as a Type=notify service
// (sd_notify's protocol: one datagram to $NOTIFY_SOCKET). Outside systemd they do nothing.
#pragma once

#include <string_view>

namespace nq::cli {

// "READY=1" with a status line: the server listens and answers.
void NotifyReady(std::string_view status);
// "STOPPING=1": the server drains and ends.
void NotifyStopping();

}  // namespace nq::cli
