#include "whosaid/batch.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace whosaid {
namespace {

struct Job {
  Document doc;
  std::string rows;
  size_t claims = 0;
};

// Extracts one document and formats its rows.
void Process(const Extractor& extractor, const RowWriter& writer,
             Extractor::Context* context, std::vector<Claim>* claims,
             Job* job) {
  claims->clear();
  extractor.Extract(job->doc.text, context, claims);
  job->rows.clear();
  writer.AppendRows(job->doc, *claims, &job->rows);
  job->claims = claims->size();
}

void Report(const Document& doc, const MessageSink& messages) {
  for (const std::string& w : doc.warnings) messages(w, false);
}

Status Sequential(DocumentReader* reader, const Extractor& extractor,
                  const RowWriter& writer, const BatchOptions& options,
                  const OutputSink& output, const MessageSink& messages,
                  BatchStats* stats) {
  auto context = extractor.NewContext();
  std::vector<Claim> claims;
  Job job;
  Status error;
  for (;;) {
    auto outcome = reader->Next(&job.doc, &error);
    if (outcome == DocumentReader::Outcome::kEnd) break;
    if (outcome == DocumentReader::Outcome::kSkipped) {
      ++stats->skipped;
      messages(error.message(), true);
      if (options.strict) return error;
      continue;
    }
    Report(job.doc, messages);
    Process(extractor, writer, context.get(), &claims, &job);
    ++stats->documents;
    stats->bytes += job.doc.text.size();
    stats->claims += job.claims;
    if (job.claims > 0) ++stats->with_claims;
    if (!job.rows.empty() && !output(job.rows)) break;
  }
  return Status::Ok();
}

// Reader on the calling thread, workers extracting, a writer emitting in
// ordinal order. The window bounds documents and bytes in flight.
class Parallel {
 public:
  Parallel(const Extractor& extractor, const RowWriter& writer,
           const BatchOptions& options, const OutputSink& output,
           const MessageSink& messages, BatchStats* stats)
      : extractor_(extractor),
        writer_(writer),
        options_(options),
        output_(output),
        messages_(messages),
        stats_(stats) {}

  Status Run(DocumentReader* reader) {
    std::vector<std::thread> workers;
    for (int i = 0; i < options_.threads; ++i) {
      workers.emplace_back([this] { Work(); });
    }
    std::thread writer([this] { Write(); });
    Status result;
    uint64_t ordinal = 0;
    for (;;) {
      auto job = std::make_unique<Job>();
      Status error;
      auto outcome = reader->Next(&job->doc, &error);
      if (outcome == DocumentReader::Outcome::kEnd) break;
      if (outcome == DocumentReader::Outcome::kSkipped) {
        std::lock_guard<std::mutex> lock(mu_);
        ++stats_->skipped;
        messages_(error.message(), true);
        if (options_.strict) {
          result = error;
          break;
        }
        continue;
      }
      job->doc.ordinal = ordinal++;
      size_t bytes = job->doc.text.size();
      std::unique_lock<std::mutex> lock(mu_);
      space_.wait(lock, [&] {
        return closed_ || in_flight_ == 0 ||
               (in_flight_ < options_.max_documents_in_flight &&
                bytes_in_flight_ + bytes <= options_.max_bytes_in_flight);
      });
      if (closed_) break;
      ++in_flight_;
      bytes_in_flight_ += bytes;
      queue_.push_back(std::move(job));
      work_.notify_one();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      total_ = ordinal;
      reading_done_ = true;
      work_.notify_all();
      done_.notify_all();
    }
    for (auto& w : workers) w.join();
    writer.join();
    return result;
  }

 private:
  void Work() {
    auto context = extractor_.NewContext();
    std::vector<Claim> claims;
    for (;;) {
      std::unique_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock,
                   [&] { return !queue_.empty() || reading_done_ || closed_; });
        if (queue_.empty() || closed_) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      Process(extractor_, writer_, context.get(), &claims, job.get());
      std::lock_guard<std::mutex> lock(mu_);
      uint64_t ordinal = job->doc.ordinal;
      finished_.emplace(ordinal, std::move(job));
      if (ordinal == next_) done_.notify_all();
    }
  }

  void Write() {
    for (;;) {
      std::unique_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        done_.wait(lock, [&] {
          return finished_.count(next_) > 0 ||
                 (reading_done_ && next_ == total_);
        });
        if (finished_.count(next_) == 0) return;
        auto it = finished_.find(next_);
        job = std::move(it->second);
        finished_.erase(it);
        ++next_;
        Report(job->doc, messages_);
        ++stats_->documents;
        stats_->bytes += job->doc.text.size();
        stats_->claims += job->claims;
        if (job->claims > 0) ++stats_->with_claims;
      }
      bool open = closed_ || job->rows.empty() || output_(job->rows);
      std::lock_guard<std::mutex> lock(mu_);
      if (!open) {
        closed_ = true;
        work_.notify_all();
      }
      --in_flight_;
      bytes_in_flight_ -= job->doc.text.size();
      space_.notify_all();
      if (closed_) {
        // Drain quietly: nobody reads the output any more.
        finished_.clear();
        queue_.clear();
        return;
      }
    }
  }

  const Extractor& extractor_;
  const RowWriter& writer_;
  const BatchOptions& options_;
  const OutputSink& output_;
  const MessageSink& messages_;
  BatchStats* stats_;

  std::mutex mu_;
  std::condition_variable work_;   // a job is queued, or reading ended
  std::condition_variable done_;   // a job finished, or reading ended
  std::condition_variable space_;  // the window has room
  std::deque<std::unique_ptr<Job>> queue_;
  std::map<uint64_t, std::unique_ptr<Job>> finished_;
  uint64_t next_ = 0;
  uint64_t total_ = 0;
  bool reading_done_ = false;
  bool closed_ = false;
  size_t in_flight_ = 0;
  size_t bytes_in_flight_ = 0;
};

}  // namespace

Status RunBatch(DocumentReader* reader, const Extractor& extractor,
                const RowWriter& writer, const BatchOptions& options,
                const OutputSink& output, const MessageSink& messages,
                BatchStats* stats) {
  if (options.threads <= 1) {
    return Sequential(reader, extractor, writer, options, output, messages,
                      stats);
  }
  Parallel p(extractor, writer, options, output, messages, stats);
  return p.Run(reader);
}

}  // namespace whosaid
