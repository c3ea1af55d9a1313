// Rows handed from the caller's thread to a writer thread, so that the
// caller's work (classifying lines) and SQLite's (parsing records, B-trees,
// the WAL) run on two cores instead of one after the other.
//
// The caller appends rows to a buffer; the writer takes the whole buffer at
// once (the two buffers swap, keeping their capacity: no allocation per row
// in steady state) and writes it. Add() blocks while more than
// `max_queued_bytes` wait (the writer is behind). A write error stops the
// writer; Add() and Drain() then return it.
#ifndef LOGHEALTH_SRC_DATABASE_BACKGROUND_WRITER_H_
#define LOGHEALTH_SRC_DATABASE_BACKGROUND_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace loghealth {
namespace db {

class BackgroundWriter {
 public:
  enum class Kind : uint8_t { kFailure, kFailureWithPayload, kMonitorRecord };
  struct Row {
    Kind kind;
    std::string_view record, payload;
  };
  // Writes rows, in order (on the writer thread).
  using WriteFn = std::function<absl::Status(const std::vector<Row>& rows)>;
  // Called when the writer is idle for `tick_millis`, and with flush=true
  // when Drain() asks for everything to be committed.
  using TickFn = std::function<absl::Status(bool flush)>;

  BackgroundWriter(WriteFn write, TickFn tick, int64_t tick_millis, size_t max_queued_bytes);
  // Writes what is queued, then stops the thread.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  // Queues a row (copied). Returns the writer's error, if it stopped on one.
  absl::Status Add(Kind kind, std::string_view record, std::string_view payload);
  // Waits until every row added before is written and tick(true) has run.
  absl::Status Drain();

 private:
  struct Queue {
    std::string bytes;
    struct Entry {
      Kind kind;
      size_t record_at, record_len, payload_at, payload_len;
    };
    std::vector<Entry> entries;
  };
  void Run();

  WriteFn write_;
  TickFn tick_;
  int64_t tick_millis_;
  size_t max_queued_bytes_;

  std::mutex mu_;
  std::condition_variable wake_writer_, wake_callers_;
  Queue incoming_;          // guarded by mu_
  uint64_t flushes_asked_ = 0, flushes_done_ = 0;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  absl::Status error_;      // the first write error; guarded by mu_
  std::thread thread_;      // last: starts after the fields above exist
};

}  // namespace db
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DATABASE_BACKGROUND_WRITER_H_
