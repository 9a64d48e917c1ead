#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace endoverlay {

// A field of a file the app reads broke its contract: missing, of the wrong
// type, out of range, not finite. The message starts with the field's path
// ("input.mean[1]: ..."); the caller adds the file and line.
class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One JSON object read under a contract, for every parser of the app's files
// (model cards, settings, sidecars, reviews, ground truth, data sets). Each
// accessor checks type and range and throws FieldError naming the field, so
// no parser ever meets nlohmann's own type errors. `where` is the object's
// path in its document ("" for the root, "input." for a nested one).
class JsonFields {
 public:
  static constexpr double kHuge = 1e9;

  // Throws FieldError when `value` is not an object.
  JsonFields(const nlohmann::json& value, std::string where);

  bool has(const std::string& key) const;
  // A key present with the value null counts as absent for the optional accessors.
  bool isNull(const std::string& key) const;
  // Refuses any key not in `known`, naming it.
  void allowOnly(std::initializer_list<const char*> known) const;

  JsonFields object(const std::string& key) const;
  std::optional<JsonFields> optionalObject(const std::string& key) const;
  // A non-empty string of at most `maxLength` bytes without control characters.
  std::string text(const std::string& key, std::size_t maxLength = 1000) const;
  std::optional<std::string> optionalText(const std::string& key, std::size_t maxLength = 1000) const;
  // A finite number in [least, most].
  double number(const std::string& key, double least = -kHuge, double most = kHuge) const;
  std::optional<double> optionalNumber(const std::string& key, double least = -kHuge, double most = kHuge) const;
  std::int64_t integer(const std::string& key, std::int64_t least, std::int64_t most) const;
  std::optional<std::int64_t> optionalInteger(const std::string& key, std::int64_t least, std::int64_t most) const;
  bool boolean(const std::string& key) const;
  // An array of at most `maxSize` elements (and at least `minSize`).
  const nlohmann::json& array(const std::string& key, std::size_t minSize, std::size_t maxSize) const;
  std::vector<double> numbers(const std::string& key, std::size_t minSize, std::size_t maxSize, double least,
                              double most) const;
  std::vector<std::string> texts(const std::string& key, std::size_t minSize, std::size_t maxSize) const;

  // The path of a field of this object, for messages: a key from the file
  // is cut to 64 bytes and its control characters shown as '?'.
  std::string path(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  const nlohmann::json& raw() const { return *value_; }

 private:
  const nlohmann::json& required(const std::string& key) const;

  const nlohmann::json* value_;
  std::string where_;
};

// A string of at most `maxLength` bytes with no control characters (text
// from files is shown and written elsewhere; a newline or escape in it could
// forge a log line or a report row). Throws FieldError naming `field`.
void checkPlainText(const std::string& text, const std::string& field, std::size_t maxLength);

}  // namespace endoverlay
