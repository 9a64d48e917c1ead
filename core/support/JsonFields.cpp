#include "core/support/JsonFields.h"

#include <algorithm>
#include <cmath>

namespace endoverlay {
namespace {

std::string rangeText(double least, double most) {
  const auto show = [](double v) {
    std::string text = std::to_string(v);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  };
  return "from " + show(least) + " to " + show(most);
}

double finiteNumber(const nlohmann::json& value, const std::string& path, double least, double most) {
  if (!value.is_number()) throw FieldError(path + ": must be a number");
  const double number = value.get<double>();
  if (!std::isfinite(number)) throw FieldError(path + ": must be a finite number");
  if (number < least || number > most) throw FieldError(path + ": must be a number " + rangeText(least, most));
  return number;
}

}  // namespace

void checkPlainText(const std::string& text, const std::string& field, std::size_t maxLength) {
  if (text.size() > maxLength) throw FieldError(field + ": is longer than " + std::to_string(maxLength) + " bytes");
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    throw FieldError(field + ": holds control characters");
}

JsonFields::JsonFields(const nlohmann::json& value, std::string where) : value_(&value), where_(std::move(where)) {
  if (!value.is_object()) {
    const std::string name = where_.empty() ? std::string("the document") : where_.substr(0, where_.size() - 1);
    throw FieldError(name + ": must be a JSON object");
  }
}

std::string JsonFields::path(const std::string& key) const {
  std::string shown = key.substr(0, 64);
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return where_ + shown + (key.size() > 64 ? "..." : "");
}

bool JsonFields::has(const std::string& key) const { return value_->contains(key); }

bool JsonFields::isNull(const std::string& key) const {
  const auto it = value_->find(key);
  return it == value_->end() || it->is_null();
}

void JsonFields::allowOnly(std::initializer_list<const char*> known) const {
  for (const auto& item : value_->items())
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; }))
      throw FieldError(path(item.key()) + ": is not a known field");
}

void JsonFields::fail(const std::string& key, const std::string& problem) const { throw FieldError(path(key) + ": " + problem); }

const nlohmann::json& JsonFields::required(const std::string& key) const {
  const auto it = value_->find(key);
  if (it == value_->end()) throw FieldError(path(key) + ": is missing");
  return *it;
}

JsonFields JsonFields::object(const std::string& key) const { return JsonFields(required(key), path(key) + "."); }

std::optional<JsonFields> JsonFields::optionalObject(const std::string& key) const {
  if (isNull(key)) return std::nullopt;
  return object(key);
}

std::string JsonFields::text(const std::string& key, std::size_t maxLength) const {
  const nlohmann::json& value = required(key);
  if (!value.is_string()) fail(key, "must be text");
  const std::string& text = value.get_ref<const std::string&>();
  if (text.empty()) fail(key, "must not be empty");
  checkPlainText(text, path(key), maxLength);
  return text;
}

std::optional<std::string> JsonFields::optionalText(const std::string& key, std::size_t maxLength) const {
  if (isNull(key)) return std::nullopt;
  return text(key, maxLength);
}

double JsonFields::number(const std::string& key, double least, double most) const {
  return finiteNumber(required(key), path(key), least, most);
}

std::optional<double> JsonFields::optionalNumber(const std::string& key, double least, double most) const {
  if (isNull(key)) return std::nullopt;
  return number(key, least, most);
}

std::int64_t JsonFields::integer(const std::string& key, std::int64_t least, std::int64_t most) const {
  const nlohmann::json& value = required(key);
  if (!value.is_number_integer()) fail(key, "must be a whole number");
  // Unsigned values above INT64_MAX would wrap when read as signed.
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(most))
    fail(key, "must be a whole number " + rangeText(double(least), double(most)));
  const std::int64_t number = value.get<std::int64_t>();
  if (number < least || number > most) fail(key, "must be a whole number " + rangeText(double(least), double(most)));
  return number;
}

std::optional<std::int64_t> JsonFields::optionalInteger(const std::string& key, std::int64_t least, std::int64_t most) const {
  if (isNull(key)) return std::nullopt;
  return integer(key, least, most);
}

bool JsonFields::boolean(const std::string& key) const {
  const nlohmann::json& value = required(key);
  if (!value.is_boolean()) fail(key, "must be true or false");
  return value.get<bool>();
}

const nlohmann::json& JsonFields::array(const std::string& key, std::size_t minSize, std::size_t maxSize) const {
  const nlohmann::json& value = required(key);
  if (!value.is_array()) fail(key, "must be a list");
  if (value.size() < minSize || value.size() > maxSize)
    fail(key, minSize == maxSize ? "must have " + std::to_string(minSize) + " entries"
                                 : "must have " + std::to_string(minSize) + " to " + std::to_string(maxSize) + " entries");
  return value;
}

std::vector<double> JsonFields::numbers(const std::string& key, std::size_t minSize, std::size_t maxSize, double least,
                                        double most) const {
  std::vector<double> values;
  const nlohmann::json& list = array(key, minSize, maxSize);
  for (std::size_t i = 0; i < list.size(); ++i)
    values.push_back(finiteNumber(list[i], path(key) + "[" + std::to_string(i) + "]", least, most));
  return values;
}

std::vector<std::string> JsonFields::texts(const std::string& key, std::size_t minSize, std::size_t maxSize) const {
  std::vector<std::string> values;
  const nlohmann::json& list = array(key, minSize, maxSize);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = path(key) + "[" + std::to_string(i) + "]";
    if (!list[i].is_string() || list[i].get_ref<const std::string&>().empty())
      throw FieldError(field + ": must be non-empty text");
    checkPlainText(list[i].get<std::string>(), field, 200);
    values.push_back(list[i].get<std::string>());
  }
  return values;
}

}  // namespace endoverlay
