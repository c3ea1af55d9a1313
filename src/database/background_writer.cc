#include "src/database/background_writer.h"

#include <chrono>
#include <utility>

namespace loghealth {
namespace db {
namespace {

// The writer wakes for this much work (or on its tick): waking it for each
// row would trade the second core for lock hand-offs.
constexpr size_t kWakeRows = 256;
constexpr size_t kWakeBytes = 1 << 20;

}  // namespace

BackgroundWriter::BackgroundWriter(WriteFn write, TickFn tick, int64_t tick_millis,
                                   size_t max_queued_bytes)
    : write_(std::move(write)),
      tick_(std::move(tick)),
      tick_millis_(tick_millis > 0 ? tick_millis : 1),
      max_queued_bytes_(max_queued_bytes),
      thread_([this] { Run(); }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  thread_.join();
}

absl::Status BackgroundWriter::Add(Kind kind, std::string_view record,
                                   std::string_view payload) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_callers_.wait(lock, [&] {
    return !error_.ok() || incoming_.bytes.size() < max_queued_bytes_;
  });
  if (!error_.ok()) return error_;
  Queue::Entry e{kind, incoming_.bytes.size(), record.size(), 0, payload.size()};
  incoming_.bytes.append(record);
  e.payload_at = incoming_.bytes.size();
  incoming_.bytes.append(payload);
  incoming_.entries.push_back(e);
  const bool wake = incoming_.entries.size() == kWakeRows ||
                    (incoming_.bytes.size() >= kWakeBytes &&
                     incoming_.bytes.size() - record.size() - payload.size() < kWakeBytes);
  lock.unlock();
  if (wake) wake_writer_.notify_one();
  return absl::OkStatus();
}

absl::Status BackgroundWriter::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t target = ++flushes_asked_;
  wake_writer_.notify_one();
  wake_callers_.wait(lock, [&] { return flushes_done_ >= target; });
  return error_;
}

void BackgroundWriter::Run() {
  Queue working;
  std::vector<Row> rows;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_writer_.wait_for(lock, std::chrono::milliseconds(tick_millis_), [&] {
      return stopping_ || flushes_asked_ > flushes_done_ ||
             incoming_.entries.size() >= kWakeRows || incoming_.bytes.size() >= kWakeBytes;
    });
    std::swap(incoming_, working);
    const uint64_t flush_target = flushes_asked_;
    const bool flush = flush_target > flushes_done_ || stopping_;
    const bool stop = stopping_;
    const bool failed = !error_.ok();
    lock.unlock();
    wake_callers_.notify_all();  // room in the queue again

    absl::Status s;
    if (!failed) {
      if (!working.entries.empty()) {
        rows.clear();
        const std::string_view bytes = working.bytes;
        for (const Queue::Entry& e : working.entries) {
          rows.push_back({e.kind, bytes.substr(e.record_at, e.record_len),
                          bytes.substr(e.payload_at, e.payload_len)});
        }
        s = write_(rows);
      }
      if (s.ok()) s = tick_(flush);
    }
    working.bytes.clear();
    working.entries.clear();

    lock.lock();
    if (!s.ok() && error_.ok()) error_ = s;
    if (flush_target > flushes_done_) flushes_done_ = flush_target;
    wake_callers_.notify_all();
    if (stop && incoming_.entries.empty()) return;
  }
}

}  // namespace db
}  // namespace loghealth
