// A driver for libFuzzer-style targets (LLVMFuzzerTestOneInput) built with GCC, which has no
// -fsanitize=fuzzer: it replays every file of the corpus directories given, then, with
// -seconds=N, mutates corpus inputs at random (bit flips, byte changes, insertions, deletions,
// duplicated runs, splices of two inputs) for N seconds. There is no coverage feedback, so the
// corpus does not grow; the sanitizers (ASan, UBSan) are what find the bugs. An input that
// crashes is written to crash-<target>-<hash> in the working directory first.
//
//   fuzz_json_body tests/fuzz/corpus/json_body                # replay (make test)
//   fuzz_json_body -seconds=60 -seed=7 tests/fuzz/corpus/json_body   # make fuzz
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// From the sanitizers' runtime; absent (null) in a build without them.
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)());

namespace {

const std::string* current_input = nullptr;
std::string target_name = "target";

void WriteCurrentInput() {
  if (!current_input) return;
  const std::string name =
      fmt::format("crash-{}-{:016x}", target_name, std::hash<std::string>{}(*current_input));
  std::ofstream(name, std::ios::binary) << *current_input;
  std::fprintf(stderr, "fuzz: the crashing input is in %s\n", name.c_str());
}

void Run(const std::string& input) {
  current_input = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  current_input = nullptr;
}

std::string Mutate(std::string input, const std::vector<std::string>& corpus, std::mt19937_64& rng,
                   size_t max_len) {
  auto below = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  const int steps = 1 + static_cast<int>(below(4));
  for (int step = 0; step < steps; ++step) {
    switch (below(7)) {
      case 0:  // flip a bit
        if (!input.empty()) input[below(input.size())] ^= static_cast<char>(1 << below(8));
        break;
      case 1:  // an interesting byte
        if (!input.empty()) {
          static constexpr char kBytes[] = {'\0', '\x7f', '\xff', '"', '\\', '<', '>',
                                            '{',  '}',    '[',    ']', ',',  ':', '9'};
          input[below(input.size())] = kBytes[below(sizeof kBytes)];
        }
        break;
      case 2:  // insert random bytes
        input.insert(below(input.size() + 1), std::string(1 + below(8), static_cast<char>(rng())));
        break;
      case 3:  // delete a run
        if (!input.empty()) {
          size_t at = below(input.size());
          input.erase(at, 1 + below(std::min<size_t>(input.size() - at, 64)));
        }
        break;
      case 4:  // duplicate a run
        if (!input.empty()) {
          size_t at = below(input.size());
          std::string run = input.substr(at, 1 + below(64));
          input.insert(below(input.size() + 1), run);
        }
        break;
      case 5: {  // splice another input in
        const std::string& other = corpus[below(corpus.size())];
        if (!other.empty()) {
          size_t from = below(other.size());
          input.insert(below(input.size() + 1), other.substr(from, 1 + below(256)));
        }
        break;
      }
      default:  // change a digit into a large number
        for (size_t tries = 0; tries < 8 && !input.empty(); ++tries) {
          size_t at = below(input.size());
          if (input[at] >= '0' && input[at] <= '9') {
            input.replace(at, 1, std::to_string(rng()));
            break;
          }
        }
    }
  }
  if (input.size() > max_len) input.resize(max_len);
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0;
  uint64_t seed = std::random_device{}();
  size_t max_len = 1 << 20;
  std::vector<std::string> corpus;
  target_name = std::filesystem::path(argv[0]).filename().string();
  for (int index = 1; index < argc; ++index) {
    std::string_view arg = argv[index];
    if (arg.starts_with("-seconds=")) {
      seconds = std::stod(std::string(arg.substr(9)));
    } else if (arg.starts_with("-seed=")) {
      seed = std::stoull(std::string(arg.substr(6)));
    } else if (arg.starts_with("-max_len=")) {
      max_len = std::stoull(std::string(arg.substr(9)));
    } else {
      std::vector<std::filesystem::path> files;
      if (std::filesystem::is_directory(arg)) {
        for (const auto& entry : std::filesystem::directory_iterator(arg)) {
          if (entry.is_regular_file()) files.push_back(entry.path());
        }
      } else {
        files.emplace_back(arg);
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        corpus.push_back(bytes.str());
      }
    }
  }
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(WriteCurrentInput);
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& input : corpus) Run(input);
  std::fprintf(stderr, "fuzz %s: replayed %zu corpus inputs\n", target_name.c_str(), corpus.size());
  if (seconds <= 0) return 0;
  if (corpus.empty()) corpus.emplace_back();
  std::mt19937_64 rng(seed);
  const auto end = start + std::chrono::duration<double>(seconds);
  uint64_t execs = 0;
  while (std::chrono::steady_clock::now() < end) {
    for (int batch = 0; batch < 64; ++batch, ++execs) {
      Run(Mutate(corpus[rng() % corpus.size()], corpus, rng, max_len));
    }
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("fuzz %s: seed %llu, %llu execs in %.1f s (%.0f/s), 0 crashes\n", target_name.c_str(),
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(execs),
              elapsed, static_cast<double>(execs) / elapsed);
  return 0;
}
