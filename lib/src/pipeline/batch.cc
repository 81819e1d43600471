#include "whosaid/batch.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace whosaid {
namespace {

// A batch of consecutive documents, extracted together.
struct Job {
  std::vector<Document> docs;
  size_t bytes = 0;            // of text
  std::string rows;            // of every document, in order
  std::vector<size_t> claims;  // per document
  uint64_t ordinal = 0;        // position among the jobs
};

// The most documents a job takes.
size_t JobDocuments(const BatchOptions& options) {
  return std::max<size_t>(1, options.max_documents_in_flight / 4);
}

// A job closes at a batch's bytes, and at a quarter of the window, so that
// the window holds jobs for every worker and more.
bool JobFull(const Job& job, const BatchOptions& options) {
  size_t bytes = std::min(options.batch_bytes, options.max_bytes_in_flight / 4);
  return job.docs.size() >= JobDocuments(options) ||
         job.bytes >= std::max<size_t>(1, bytes);
}

// Extracts a job's documents and formats their rows.
void Process(const Extractor& extractor, const RowWriter& writer,
             Extractor::Context* context,
             std::vector<std::vector<Claim>>* claims,
             std::vector<std::string_view>* texts, Job* job) {
  texts->clear();
  for (const Document& doc : job->docs) texts->push_back(doc.text);
  // The last job's claims are replaced, their buffers reused.
  extractor.ExtractMany(*texts, context, claims);
  job->rows.clear();
  job->claims.clear();
  for (size_t d = 0; d < job->docs.size(); ++d) {
    writer.AppendRows(job->docs[d], (*claims)[d], &job->rows);
    job->claims.push_back((*claims)[d].size());
  }
}

void Report(const Document& doc, const MessageSink& messages) {
  for (const std::string& w : doc.warnings) messages(w, false);
}

// Counts a processed job's documents; reports their warnings.
void Account(const Job& job, const MessageSink& messages, BatchStats* stats) {
  for (size_t d = 0; d < job.docs.size(); ++d) {
    Report(job.docs[d], messages);
    ++stats->documents;
    stats->bytes += job.docs[d].text.size();
    stats->claims += job.claims[d];
    if (job.claims[d] > 0) ++stats->with_claims;
  }
}

Status Sequential(DocumentReader* reader, const Extractor& extractor,
                  const RowWriter& writer, const BatchOptions& options,
                  const OutputSink& output, const MessageSink& messages,
                  BatchStats* stats) {
  auto context = extractor.NewContext();
  std::vector<std::vector<Claim>> claims;
  std::vector<std::string_view> texts;
  Job job;
  // Extracts and writes the pending documents; false when the output is
  // closed.
  auto flush = [&] {
    if (job.docs.empty()) return true;
    Process(extractor, writer, context.get(), &claims, &texts, &job);
    Account(job, messages, stats);
    bool open = job.rows.empty() || output(job.rows);
    job.docs.clear();
    job.bytes = 0;
    return open;
  };
  Status error;
  for (;;) {
    Document doc;
    auto outcome = reader->Next(&doc, &error);
    if (outcome == DocumentReader::Outcome::kEnd) break;
    if (outcome == DocumentReader::Outcome::kSkipped) {
      // The documents before it first, so that messages stay in order.
      if (!flush()) return Status::Ok();
      ++stats->skipped;
      messages(error.message(), true);
      if (options.strict) return error;
      continue;
    }
    job.bytes += doc.text.size();
    job.docs.push_back(std::move(doc));
    if (JobFull(job, options) && !flush()) return Status::Ok();
  }
  flush();
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
    auto job = std::make_unique<Job>();
    // Hands the job being filled to the workers once the window has room;
    // false when the output is closed.
    auto submit = [&] {
      if (job->docs.empty()) return true;
      size_t docs = job->docs.size();
      size_t bytes = job->bytes;
      std::unique_lock<std::mutex> lock(mu_);
      space_.wait(lock, [&] {
        return closed_ || in_flight_ == 0 ||
               (in_flight_ + docs <= options_.max_documents_in_flight &&
                bytes_in_flight_ + bytes <= options_.max_bytes_in_flight);
      });
      if (closed_) return false;
      in_flight_ += docs;
      bytes_in_flight_ += bytes;
      job->ordinal = ordinal++;
      queue_.push_back(std::move(job));
      job = std::make_unique<Job>();
      work_.notify_one();
      return true;
    };
    for (;;) {
      Document doc;
      Status error;
      auto outcome = reader->Next(&doc, &error);
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
      job->bytes += doc.text.size();
      job->docs.push_back(std::move(doc));
      if (JobFull(*job, options_) && !submit()) break;
    }
    submit();  // the documents before a --strict stop too
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
    std::vector<std::vector<Claim>> claims;
    std::vector<std::string_view> texts;
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
      Process(extractor_, writer_, context.get(), &claims, &texts, job.get());
      std::lock_guard<std::mutex> lock(mu_);
      uint64_t ordinal = job->ordinal;
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
        Account(*job, messages_, stats_);
      }
      bool open = closed_ || job->rows.empty() || output_(job->rows);
      std::lock_guard<std::mutex> lock(mu_);
      if (!open) {
        closed_ = true;
        work_.notify_all();
      }
      in_flight_ -= job->docs.size();
      bytes_in_flight_ -= job->bytes;
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
